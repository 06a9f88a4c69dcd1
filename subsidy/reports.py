"""Cost reports (成本报表): a school's month, a school's week and the county's month, as plain
dicts that the PDF and the xlsx both print, so the two carry the same numbers.

school_month_report  the ledger row of the month with its days, the food cost by food group
                     and the month's anomaly flags with their explanation status
school_week_report   Monday to Sunday of a day's week, built from the "days" rows of the
                     month(s) the week touches (a week across two months reads both ledgers);
                     the year balance is the one to the end of the week's last month;
                     receipts, issues and stock are monthly figures and not in a week
county_month_report  every school's row, each township's and the county's totals, the
                     county's food cost by food group (the sum of the schools') and each
                     school's number of flags, open and explained
A flag here: {"code", "label", "record_key", "explanation" ((template, params)), "explained"
(bool), "note", "month" (a week's flag of a whole month: "YYYY-MM", else "")} – no user
names."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from roster import services as roster
from suite.models import County, School, Township
from suite.money import money

from .flags import FLAG_LABELS, month_flags, schools_flags
from .ledger import LedgerError, county_month, food_groups, school_month

ZERO = Decimal("0.00")
WEEK_SUMS = ("student_days", "entitlement", "food_cost", "teacher_spend", "outside_spend",
             "student_spend")


def _per_day(spend: Decimal, student_days: int) -> Decimal | None:
    return money(spend / student_days) if student_days else None


def _flag(f: dict, month: str = "") -> dict:
    note = f.get("explained")
    return {"code": f["code"], "label": FLAG_LABELS[f["code"]], "record_key": f["record_key"],
            "explanation": f["explanation"], "explained": note is not None,
            "note": note["note"] if note else "", "month": month}


def _county_name(session: Session, school_ids) -> str:
    ids = list(school_ids)
    if not ids:
        return ""
    return session.scalar(select(County.name).join(Township, Township.county_id == County.id)
                          .join(School, School.township_id == Township.id)
                          .where(School.id.in_(ids)).limit(1)) or ""


def school_month_report(session: Session, school_id: int, year: int, month: int, *,
                        today: date, settings: dict) -> dict:
    """{"kind": "month", "county", "row" (the ledger row, days included), "days" (the row's
    days), "groups" (food_groups of the row), "flags", "first", "last"}."""
    row = school_month(session, school_id, year, month, today=today)
    flags = month_flags(session, school_id, year, month, today=today, settings=settings)
    return {"kind": "month", "county": _county_name(session, [school_id]), "row": row,
            "days": row["days"], "groups": food_groups(session, [row])[school_id],
            "flags": [_flag(f) for f in flags], "first": row["first"], "last": row["last"]}


def week_bounds(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def _key_day(key: str) -> date | None:
    try:
        return date.fromisoformat(key[:10])
    except ValueError:
        return None


def school_week_report(session: Session, school_id: int, day: date, *, today: date,
                       settings: dict) -> dict:
    """{"kind": "week", "county", "first" (Monday), "last" (Sunday), "row" (the week's
    figures as a ledger row: counts and money summed from the days, spend per student-day,
    balance, plan students on the roster on Monday and on Sunday (or today), year_balance and
    year_balance_to (the last day of the month it is counted to)), "days", "groups", "flags"
    (those of the days of the week, and those of its month(s) as a whole)}."""
    first, last = week_bounds(day)
    months = sorted({(first.year, first.month), (last.year, last.month)})
    ledgers = [school_month(session, school_id, y, m, today=today) for y, m in months]
    days = [d for lg in ledgers for d in lg["days"] if first <= d["day"] <= last]
    head = ledgers[-1]
    row = {k: head[k] for k in ("school_id", "school", "code", "supply_mode", "township_id",
                                "township")}
    row.update({k: sum((d[k] for d in days), 0 if k == "student_days" else ZERO)
                for k in WEEK_SUMS})
    on_first = roster.enrolled_by_school(session, [school_id], first)[school_id][1]
    on_last = roster.enrolled_by_school(session, [school_id],
                                        max(first, min(last, today)))[school_id][1]
    row.update(first=first, last=last, plan_students_first=on_first,
               plan_students_last=on_last, school_days=sum(1 for d in days if d["school_day"]),
               meal_days=sum(1 for d in days if d["meals"]),
               spend_per_student_day=_per_day(row["student_spend"], row["student_days"]),
               balance=row["entitlement"] - row["student_spend"],
               year_balance=head["year_balance"], year_balance_to=head["last"])
    groups = food_groups(session, [{"school_id": school_id, "first": first, "last": last,
                                    "student_spend": row["student_spend"]}])[school_id]
    flags = []
    for y, m in months:
        for f in month_flags(session, school_id, y, m, today=today, settings=settings):
            when = _key_day(f["record_key"])
            if when is None or first <= when <= last:
                flags.append(_flag(f, f"{y:04d}-{m:02d}" if when is None else ""))
    return {"kind": "week", "county": _county_name(session, [school_id]), "row": row,
            "days": days, "groups": groups, "flags": flags, "first": first, "last": last}


def county_month_report(session: Session, school_ids, year: int, month: int, *, today: date,
                        settings: dict, flag_counts: dict | None = None) -> dict:
    """county_month's dict plus "county_name", "groups" (the county's food cost by group:
    each group summed over the schools, largest first) and "flag_counts" (county_flag_counts,
    or the counts given)."""
    ids = list(school_ids)
    data = county_month(session, ids, year, month, today=today)
    summed: dict[str, dict] = {}
    for groups in food_groups(session, data["schools"]).values():
        for g in groups:
            s = summed.setdefault(g["group"], {"group": g["group"], "label": g["label"],
                                               "food_cost": ZERO, "student_spend": ZERO})
            s["food_cost"] += g["food_cost"]
            s["student_spend"] += g["student_spend"]
    if flag_counts is None:
        flag_counts = county_flag_counts(session, ids, year, month, today=today,
                                         settings=settings)
    data.update(kind="county", county_name=_county_name(session, ids),
                groups=sorted(summed.values(), key=lambda g: (-g["food_cost"], g["group"])),
                flag_counts=flag_counts)
    return data


def county_flag_counts(session: Session, school_ids, year: int, month: int, *, today: date,
                       settings: dict) -> dict:
    """{school_id: {"total", "explained", "open"}} of the month's flags, and the county's sum
    under None: the flags of every school checked at once (`schools_flags`)."""
    found = schools_flags(session, list(school_ids), year, month, today=today,
                          settings=settings)
    counts = {}
    for sid in school_ids:
        flags = found.get(sid, [])
        explained = sum(1 for f in flags if f["explained"] is not None)
        counts[sid] = {"total": len(flags), "explained": explained,
                       "open": len(flags) - explained}
    counts[None] = {k: sum(c[k] for c in counts.values()) for k in ("total", "explained",
                                                                     "open")}
    return counts


__all__ = ["LedgerError", "county_flag_counts", "county_month_report", "school_month_report",
           "school_week_report", "week_bounds"]
