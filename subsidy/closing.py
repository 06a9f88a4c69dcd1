"""月结 (month close) of a school: the canteen manager submits a month that is over, the bureau
reviews and closes it, storing the ledger as it was closed; a correction reopens it with a
reason. A submitted or closed month is read-only for the school: the canteen's and
procurement's `record_saving` ask `refusal` first (subsidy/subscribers.py).

Every change is guarded twice against a stale status: the page's `version` (the one the
officer saw, 0 for a month with no record yet) must still be the record's, and the record's
version column makes the UPDATE itself fail when another request changed it in between."""
from __future__ import annotations

import json
from datetime import date, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from suite.db import utcnow, write_lock_first
from suite.errors import ServiceError
from suite.memo import once_per_transaction

from .models import MonthClose

STATUS_LABELS = {"open": _l("Not submitted"), "submitted": _l("Submitted, awaiting review"),
                 "closed": _l("Month closed")}
REASON_MAX = 200
IDENTITY_KEYS = ("day", "date", "code", "group", "school_id", "id", "month")  # names a row


class ClosingError(ServiceError):
    """A refused month-close action, or a record refused because its month is closed."""


class StaleClose(ClosingError):
    """The month's status changed since the page was shown: nothing was changed."""


def _valid_month(year, month) -> bool:
    return all(isinstance(v, int) and not isinstance(v, bool) for v in (year, month)) \
        and 2000 <= year <= 2099 and 1 <= month <= 12


def _last_day(year: int, month: int) -> date:
    return date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)


def _row(session: Session, school_id: int, year: int, month: int) -> MonthClose | None:
    return session.scalar(select(MonthClose).where(
        MonthClose.school_id == school_id, MonthClose.year == year, MonthClose.month == month))


def month_status(session: Session, school_id: int, year: int, month: int) -> str:
    """"open" (also when nothing was ever submitted), "submitted" or "closed"."""
    return session.scalar(select(MonthClose.status).where(
        MonthClose.school_id == school_id, MonthClose.year == year,
        MonthClose.month == month)) or "open"


def is_closed(session: Session, school_id: int, day: date) -> bool:
    """Whether the month of `day` is closed by the bureau at this school."""
    return month_status(session, school_id, day.year, day.month) == "closed"


def month_closes(session: Session, school_ids, year: int, month: int) -> dict[int, dict]:
    """school id -> {status, version (0: no record yet), submitted_at, closed_at,
    reopen_reason, has_snapshot} of one month for many schools, in one query."""
    ids = list(school_ids)
    found = {sid: {"status": "open", "version": 0, "submitted_at": None, "closed_at": None,
                   "reopen_reason": "", "has_snapshot": False} for sid in ids}
    rows = session.execute(select(
        MonthClose.school_id, MonthClose.status, MonthClose.version, MonthClose.submitted_at,
        MonthClose.closed_at, MonthClose.reopen_reason, MonthClose.snapshot.is_not(None))
        .where(MonthClose.school_id.in_(ids), MonthClose.year == year,
               MonthClose.month == month)) if ids else ()
    for sid, status, version, submitted, closed, reason, snap in rows:
        found[sid] = {"status": status, "version": version, "submitted_at": submitted,
                      "closed_at": closed, "reopen_reason": reason, "has_snapshot": bool(snap)}
    return found


def refusal(session: Session, school_id: int, day) -> str | None:
    """Why a record of this school and day may not be changed now, or None: a closed month,
    or one submitted and waiting for the bureau's review (read-only for the school too, so
    the bureau reviews what was submitted)."""
    if school_id is None or not isinstance(day, date):
        return None
    return _own_month(month_status(session, school_id, day.year, day.month), day)


def _own_month(status: str, day: date) -> str | None:
    if status == "closed":
        return _("%(year)d-%(month)d is closed: the records of that month can no longer be "
                 "changed. Ask the education bureau to reopen it first.",
                 year=day.year, month=day.month)
    if status == "submitted":
        return _("%(year)d-%(month)d was submitted for closing and waits for the education "
                 "bureau's review: the records of that month can no longer be changed. Ask "
                 "the education bureau to reopen it first.", year=day.year, month=day.month)
    return None


def stock_refusal(session: Session, school_id: int, day) -> str | None:
    """Why a change of the stock dated `day` may not be made, or None: its own month's
    `refusal`, or a later month submitted or closed. A receipt, issue or void re-values every
    later issue of its food (moving average), so one dated before a closed month would change
    that month's figures."""
    return _refusal_before(session, school_id, day, _(
        "%(year)d-%(month)d is submitted or closed: the stock cannot change on an earlier day, "
        "since that would change the cost of that month's meals. Ask the education bureau to "
        "reopen it first."))


def meal_refusal(session: Session, school_id: int, day) -> str | None:
    """Why a meal's counts or supplied servings dated `day` may not change, or None: as
    `stock_refusal`, since the student-days and spending of an earlier month are in a later
    closed month's figures of the year (its year balance)."""
    return _refusal_before(session, school_id, day, _(
        "%(year)d-%(month)d is submitted or closed: meal counts and servings cannot change on "
        "an earlier day, since that would change that month's figures of the year. Ask the "
        "education bureau to reopen it first."))


def _refusal_before(session, school_id, day, template: str) -> str | None:
    if school_id is None or not isinstance(day, date):
        return None
    first = _first_locked_from(session, school_id, day.year, day.month)
    if first is None:
        return None
    year, month, status = first
    if (year, month) == (day.year, day.month):
        return _own_month(status, day)
    return template % {"year": year, "month": month}


def _first_locked_from(session, school_id: int, year: int, month: int) -> tuple | None:
    """(year, month, status) of the school's first month from this one on that is submitted
    or closed, or None; asked once per transaction (an issue asks for the meal, then for
    each food's stock)."""
    def read():
        row = session.execute(select(MonthClose.year, MonthClose.month, MonthClose.status).where(
            MonthClose.school_id == school_id, MonthClose.status.in_(("submitted", "closed")),
            MonthClose.year * 12 + MonthClose.month >= year * 12 + month)
            .order_by(MonthClose.year, MonthClose.month).limit(1)).first()
        return tuple(row) if row is not None else None
    return once_per_transaction(session, "first_locked_month", (school_id, year, month), read)


def _stale(year: int, month: int) -> StaleClose:
    return StaleClose({"": _("The status of %(year)d-%(month)d was changed by someone else "
                             "meanwhile: reload the page and check it.",
                             year=year, month=month)})


def _start(session, school_id, year, month, version) -> MonthClose | None:
    """Lock (SQLite), check the month and the page's version; the month's record or None."""
    if not _valid_month(year, month):
        raise ClosingError({"month": _("Choose a month.")})
    write_lock_first(session)  # two officers at once: one after the other
    row = _row(session, school_id, year, month)
    if version is not None and str(version).strip() != str(row.version if row else 0):
        raise _stale(year, month)
    return row


def _save(session: Session, school_id: int, year: int, month: int) -> None:
    """Flush; a record changed or created by someone else in between refuses the change."""
    try:
        with session.begin_nested():
            session.flush()
    except StaleDataError:
        raise _stale(year, month) from None
    except IntegrityError:  # the month's record, made by another request meanwhile
        if _row(session, school_id, year, month) is None:
            raise
        raise _stale(year, month) from None


def _already(status: str, year: int, month: int) -> ClosingError:
    if status == "closed":
        return ClosingError({"": _("%(year)d-%(month)d is closed already.",
                                   year=year, month=month)})
    return ClosingError({"": _("%(year)d-%(month)d was submitted already and waits for the "
                               "education bureau's review.", year=year, month=month)})


def submit_month(session: Session, *, school_id: int, year: int, month: int,
                 user_id: int | None, today: date, version=None) -> MonthClose:
    """The canteen manager submits a month that is over (its last day before `today`)."""
    row = _start(session, school_id, year, month, version)
    last = _last_day(year, month)
    if not last < today:
        raise ClosingError({"month": _(
            "%(year)d-%(month)d is not over yet: it can be submitted from %(day)s on.",
            year=year, month=month, day=(last + timedelta(days=1)).isoformat())})
    if row is not None and row.status != "open":
        raise _already(row.status, year, month)
    if row is None:
        row = MonthClose(school_id=school_id, year=year, month=month)
        session.add(row)
    row.status, row.submitted_by, row.submitted_at = "submitted", user_id, utcnow()
    _save(session, school_id, year, month)
    return row


def close_month(session: Session, *, school_id: int, year: int, month: int,
                user_id: int | None, today: date, version=None) -> MonthClose:
    """The bureau closes a submitted month; the ledger as it is now becomes its snapshot."""
    row = _start(session, school_id, year, month, version)
    status = row.status if row is not None else "open"
    if status == "open":
        raise ClosingError({"": _("%(year)d-%(month)d has not been submitted by the school: "
                                  "it cannot be closed yet.", year=year, month=month)})
    if status == "closed":
        raise _already(status, year, month)
    row.snapshot = ledger_now(session, school_id, year, month, today=today)
    row.status, row.closed_by, row.closed_at = "closed", user_id, utcnow()
    _save(session, school_id, year, month)
    return row


def reopen_month(session: Session, *, school_id: int, year: int, month: int, reason: str,
                 user_id: int | None, version=None) -> MonthClose:
    """The bureau reopens a closed month (or sends a submitted one back) with a reason; the
    month is open again and keeps the ledger it was last closed with, for comparison. The
    audit log records the change of status and the reason, with who made it."""
    reason = (reason or "").strip()
    if not reason:
        raise ClosingError({"reason": _("Give the reason for reopening the month.")})
    if len(reason) > REASON_MAX:
        raise ClosingError({"reason": _("At most %(n)d characters.", n=REASON_MAX)})
    row = _start(session, school_id, year, month, version)
    if row is None or row.status == "open":
        raise ClosingError({"": _("%(year)d-%(month)d is open: there is nothing to reopen.",
                                  year=year, month=month)})
    row.status, row.reopen_reason = "open", reason
    _save(session, school_id, year, month)
    return row


def _plain(value):
    """JSON as stored: Decimal and dates as strings, tuples as lists."""
    return json.loads(json.dumps(value, default=str))


def ledger_now(session: Session, school_id: int, year: int, month: int, *, today: date):
    """The school's ledger of the month as plain JSON (money as strings), with its food cost
    by food group under "food_groups" (what the public account shows of a closed month)."""
    from .ledger import food_groups, ledger_json, school_month
    row = school_month(session, school_id, year, month, today=today)
    plain = ledger_json(row)
    groups = food_groups(session, [row]).get(school_id)
    if groups is not None:  # codes only: a label is in the language of whoever closed it
        plain["food_groups"] = ledger_json([{k: v for k, v in g.items() if k != "label"}
                                            for g in groups])
    return _plain(plain)


def _flatten(value, path: str, out: dict) -> dict:
    """{"a.b[2026-11-03].c": leaf}: a list's rows are named by their day, code or id."""
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten(item, f"{path}.{key}" if path else str(key), out)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            name = next((item[k] for k in IDENTITY_KEYS if isinstance(item, dict)
                         and isinstance(item.get(k), (str, int))), i)
            _flatten(item, f"{path}[{name}]", out)
    else:
        out[path] = value
    return out


def differences(session: Session, school_id: int, year: int, month: int, *,
                today: date) -> list[dict]:
    """Every figure of the ledger as last closed that differs from the ledger now (a rate or
    a record changed since): [{"field", "closed", "now"}] in the ledger's order, None for a
    figure on one side only. Empty for a month never closed."""
    row = _row(session, school_id, year, month)
    if row is None or row.snapshot is None:
        return []
    # months closed before the snapshot kept codes alone hold their groups' labels too
    closed = {k: v for k, v in _flatten(row.snapshot, "", {}).items()
              if not k.endswith(".label")}
    now = _flatten(ledger_now(session, school_id, year, month, today=today), "", {})
    return [{"field": key, "closed": closed.get(key), "now": now.get(key)}
            for key in dict.fromkeys([*closed, *now]) if closed.get(key) != now.get(key)
            and not (key not in closed and now.get(key) in ADDED_ZERO)]


# a figure the ledger gained after a month was closed (e.g. outside_spend), zero now, is no
# difference: the snapshot simply predates it
ADDED_ZERO = (0, "0", "0.00")
