"""Family lookup and the county's aid policies.

A family enters a student's ID number and name and sees that student's aid in force and this
year's payments, nothing else. "No such ID number" and "the name does not match" are one and
the same answer, so the page cannot be used to learn who is on the roster. Lookups are limited
per IP address and per ID number from that address (`roster.lookup_limits`, counters shared
by every worker), keeping a keyed SHA-256 digest of the number, never the number itself.

Policies are written and published by the bureau, one or more per school stage.

Plain functions over a session taking plain values: the HTML views and the JSON API call them.
"""
from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from suite import clock

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from .idcard import id_problem, mask_id
from .errors import PolicyError
from .lookup_limits import Limits, normalise_id, prune, wait_seconds
from .models import (STAGES, AidCategory, AidPayment, AidProgram, DifficultyLevel, Policy,
                     Student, StudentAid)

TITLE_MAX, BODY_MAX = 120, 20000


# ---------------------------------------------------------------------------- lookup


def normalise_name(name: str | None) -> str:
    return "".join((name or "").split()).casefold()  # str.split also drops U+3000


@dataclass(frozen=True)
class AidLine:
    category: str
    level: str
    since: date
    until: date | None


@dataclass(frozen=True)
class PaymentLine:
    program: str
    amount: Decimal
    paid_on: date
    card: str  # masked: '****1234', or '' when no card was recorded


@dataclass(frozen=True)
class LookupResult:
    """status: 'found'; 'no_match' (unknown ID number or a name that does not match: one
    answer for both); 'invalid' (not a valid ID number); 'limited' (too many lookups: none
    was done, `retry_after` seconds until the next one is allowed)."""

    status: str
    name: str = ""
    masked_id: str = ""
    year: int | None = None
    aid: tuple[AidLine, ...] = ()
    payments: tuple[PaymentLine, ...] = ()
    retry_after: int = 0

    @property
    def total(self) -> Decimal:
        return sum((p.amount for p in self.payments), Decimal("0.00"))


def local_date(now: datetime) -> date:
    return clock.to_local(now).date()


def lookup(session: Session, id_number: str, name: str, ip: str, now: datetime,
           limits: Limits | None = None) -> LookupResult:
    """One family lookup. It is counted first, against the address and against the number
    from that address (keyed digests only); a limited request reads no student. Flushes;
    the caller commits."""
    limits = limits or Limits()
    ip = (ip or "")[:45]
    number = normalise_id(id_number)
    wait = wait_seconds(session, ip, number, now, limits)
    if wait:
        return LookupResult("limited", retry_after=wait)
    prune(session, now)
    today = local_date(now)
    if id_problem(number, today) is not None:
        return LookupResult("invalid")
    student = session.scalar(select(Student).where(Student.id_number == number))
    given = normalise_name(name)
    if student is None or not given or not hmac.compare_digest(
            normalise_name(student.name).encode(), given.encode()):
        return LookupResult("no_match")
    return LookupResult("found", name=student.name, masked_id=mask_id(student.id_number),
                        year=today.year, aid=_aid(session, student.id, today),
                        payments=_payments(session, student.id, today.year))


def _aid(session: Session, student_id: int, today: date) -> tuple[AidLine, ...]:
    rows = session.execute(
        select(AidCategory.name, DifficultyLevel.name, StudentAid.start_date,
               StudentAid.end_date)
        .join(AidCategory, AidCategory.id == StudentAid.category_id)
        .outerjoin(DifficultyLevel, DifficultyLevel.id == StudentAid.level_id)
        .where(StudentAid.student_id == student_id, StudentAid.start_date <= today,
               StudentAid.end_date.is_(None) | (StudentAid.end_date >= today),
               StudentAid.withdrawn_at.is_(None))
        .order_by(AidCategory.position, StudentAid.start_date, StudentAid.id)).all()
    return tuple(AidLine(c, lv or "", start, end) for c, lv, start, end in rows)


def _payments(session: Session, student_id: int, year: int) -> tuple[PaymentLine, ...]:
    rows = session.execute(
        select(AidProgram.name, AidPayment.amount, AidPayment.paid_on, AidPayment.card_tail)
        .join(AidProgram, AidProgram.id == AidPayment.program_id)
        .where(AidPayment.student_id == student_id, AidPayment.voided_at.is_(None),
               AidPayment.paid_on >= date(year, 1, 1), AidPayment.paid_on <= date(year, 12, 31))
        .order_by(AidPayment.paid_on, AidPayment.id)).all()
    return tuple(PaymentLine(p, Decimal(a), d, "****" + t if t else "") for p, a, d, t in rows)


# ---------------------------------------------------------------------------- policies


def _clean(stage: str, title: str, body: str) -> tuple[str, str, str]:
    title = " ".join((title or "").split())
    body = (body or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    errors = {}
    if stage not in STAGES:
        errors["stage"] = _("Choose a school stage.")
    if not title:
        errors["title"] = _("Enter a title.")
    elif len(title) > TITLE_MAX:
        errors["title"] = _("At most %(n)d characters.", n=TITLE_MAX)
    if not body:
        errors["body"] = _("Enter the policy text.")
    elif len(body) > BODY_MAX:
        errors["body"] = _("At most %(n)d characters.", n=BODY_MAX)
    if errors:
        raise PolicyError(errors)
    return stage, title, body


def create_policy(session: Session, stage: str, title: str, body: str,
                  published: bool = False) -> Policy:
    stage, title, body = _clean(stage, title, body)
    policy = Policy(stage=stage, title=title, body=body, published=bool(published))
    session.add(policy)
    session.flush()
    return policy


def get_policy(session: Session, policy_id: int) -> Policy | None:
    if not isinstance(policy_id, int) or not 0 < policy_id < 2**31:
        return None
    return session.get(Policy, policy_id)


def update_policy(session: Session, policy: Policy, stage: str, title: str,
                  body: str) -> Policy:
    policy.stage, policy.title, policy.body = _clean(stage, title, body)
    session.flush()
    return policy


def set_published(session: Session, policy: Policy, published: bool) -> Policy:
    policy.published = bool(published)
    session.flush()
    return policy


def all_policies(session: Session) -> list[Policy]:
    """Every policy, published or not, in stage order (for the bureau)."""
    rank = {s: i for i, s in enumerate(STAGES)}
    rows = session.scalars(select(Policy).order_by(Policy.title, Policy.id)).all()
    return sorted(rows, key=lambda p: rank.get(p.stage, len(rank)))


def published_by_stage(session: Session) -> list[tuple[str, list[Policy]]]:
    """(stage, its published policies) in stage order, stages without any left out."""
    rows = session.scalars(select(Policy).where(Policy.published.is_(True))
                           .order_by(Policy.title, Policy.id)).all()
    return [(s, [p for p in rows if p.stage == s]) for s in STAGES
            if any(p.stage == s for p in rows)]


def paragraphs(body: str) -> list[list[str]]:
    """Plain text as paragraphs (split on blank lines) of lines, for display as text."""
    out, current = [], []
    for line in (body or "").replace("\r\n", "\n").split("\n"):
        if line.strip():
            current.append(line.rstrip())
        elif current:
            out.append(current)
            current = []
    if current:
        out.append(current)
    return out
