"""The public monthly account (公示) of a school: the figures of a closed month exactly as the
bureau closed them (the MonthClose snapshot), nothing personal, no user names."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from suite.models import School

from .models import MonthClose

FIGURES = ("student_days", "entitlement", "student_spend", "spend_per_student_day")


def _money(text) -> Decimal | None:
    return None if text is None else Decimal(str(text))


def group_labels() -> dict:
    from flask_babel import lazy_gettext as _l
    from nutrition.services import GROUP_LABELS
    return {**GROUP_LABELS, "supplied": _l("Supplied meals")}


def public_account(session: Session, school_id: int, year: int, month: int, *,
                   today: date) -> dict | None:
    """None for an unknown school or a month that is not closed; else {"school" (its name),
    "year", "month", "closed_on" (the date it was closed), "student_days" (int), "entitlement",
    "student_spend", "spend_per_student_day" (Decimal or None), "groups" ([{"group",
    "student_spend", "food_cost"}], largest first) and "groups_now" (True when the month was
    closed before food groups were kept with it: the groups are then computed from today's
    records)}."""
    found = session.execute(
        select(School.name, MonthClose.status, MonthClose.snapshot, MonthClose.closed_at)
        .join(MonthClose, MonthClose.school_id == School.id)
        .where(School.id == school_id, MonthClose.year == year,
               MonthClose.month == month)).first()
    if found is None or found.status != "closed" or not found.snapshot:
        return None
    snap = found.snapshot
    groups, now = snap.get("food_groups"), False
    if groups is None:
        from .ledger import food_groups, school_month
        row = school_month(session, school_id, year, month, today=today)
        groups, now = food_groups(session, [row])[school_id], True
    return {"school": found.name, "year": year, "month": month,
            "closed_on": found.closed_at.date() if found.closed_at else None,
            "student_days": int(snap.get("student_days") or 0),
            **{k: _money(snap.get(k)) for k in FIGURES[1:]},
            "groups": [{"group": g["group"], "food_cost": _money(g["food_cost"]),
                        "student_spend": _money(g["student_spend"])} for g in groups],
            "groups_now": now}
