"""Anomaly flags of a school's month, each with a plain explanation naming its figures, the
figures themselves and a link to the records behind it; and the bureau's explanation of a flag
(a FlagNote: the flag stays, marked explained).

A flag: {"code", "record_key" (the day "2026-11-20", the meal "2026-11-20|lunch" or a grade
"2026-11-20|lunch|3", a food issued "2026-11-20|lunch|<food code>", a run of counts
"<first day>|lunch", a delivery "<id>" or a delivery line "<id>|<food id>"; "" for the whole
month), "explanation" ((template, params): suite.errors.translate shows it), "figures"
{name: value}, "link" (endpoint, url arguments), "explained" (None or {"note", "by", "at"})}.

The checks live in `flag_counts` (counts and canteen's meals) and `flag_money` (ledger,
deliveries, prices); the ledger is read through `ledger.school_month` only."""
from __future__ import annotations

import calendar
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from canteen import services as canteen
from roster import services as roster
from suite import services as org
from suite.db import utcnow
from suite.errors import ServiceError
from suite.models import School, Township, User

from . import flag_counts as counts
from . import flag_money as moneys
from .models import FlagNote

FLAG_LABELS = {
    "served_above_enrolment": _l("Served above enrolment"),
    "plan_above_enrolment": _l("Plan students above the plan's enrolment"),
    "spend_low": _l("Spend per student-day below the rate"),
    "spend_high": _l("Spend per student-day far above the rate"),
    "surplus_high": _l("Year's surplus too large"),
    "identical_counts": _l("Identical counts day after day"),
    "no_menu": _l("Meal without a published menu"),
    "no_issue": _l("Meal without food issued"),
    "no_sample": _l("Meal without a retained sample"),
    "no_accompany": _l("Meal without an accompanying-meal log"),
    "servings_short": _l("Fewer servings delivered than people counted"),
    "unexplained_issue": _l("Food issued that the menu does not explain"),
    "expired_licence": _l("Supplier's licence expired"),
    "price_above_median": _l("Price far above the county median"),
    "teachers_charged": _l("Teachers' meals charged to students"),
}
CODES = tuple(FLAG_LABELS)
NOTE_MAX = 1000
KEY_MAX = 80
SETTINGS = ("SUBSIDY_SPEND_LOW", "SUBSIDY_SPEND_HIGH", "SUBSIDY_SURPLUS_SHARE",
            "SUBSIDY_PRICE_ABOVE_MEDIAN", "CANTEEN_ISSUE_TOLERANCE", "CANTEEN_REPEAT_DAYS")


class FlagError(ServiceError):
    """Refused explanation of a flag."""


def flag_settings(config) -> dict:
    """The thresholds month_flags reads, from app.config (or any mapping holding them)."""
    return {key: config[key] for key in SETTINGS}


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def month_flags(session: Session, school_id: int, year: int, month: int, *, today: date,
                settings: dict) -> list[dict]:
    """Every flag of the school's month (days after `today` are not looked at), in the order
    of CODES then record key, each with its explanation if the bureau gave one."""
    return schools_flags(session, [school_id], year, month, today=today,
                         settings=settings).get(school_id, [])


def schools_flags(session: Session, school_ids, year: int, month: int, *, today: date,
                  settings: dict) -> dict[int, list[dict]]:
    """school id -> `month_flags` of the school, for many schools at once: each check reads
    its tables once for all of them (a fixed number of statements, one per day with counts
    for the roster's enrolment), so a county costs about what one school does."""
    first, last = month_bounds(year, month)
    county_of = dict(session.execute(select(School.id, Township.county_id).join(
        Township, Township.id == School.township_id).where(
        School.id.in_(list(school_ids)))).all()) if first <= today else {}
    ids = sorted(county_of)
    if not ids:
        return {}
    last = min(last, today)
    tolerance, repeat = settings["CANTEEN_ISSUE_TOLERANCE"], int(settings["CANTEEN_REPEAT_DAYS"])
    start = counts.lookback(first, repeat)
    rows = counts.counts_between(session, ids, start, last)
    enrolled = _enrolment(session, rows, first)
    school_days = {cid: org.school_days_between(session, cid, start, last)
                   for cid in set(county_of.values())}
    compared = canteen.planned_vs_issued_between(session, ids, first, last, tolerance)
    summaries = canteen.day_summaries_of_schools(session, ids, first, last, tolerance,
                                                 today=today, compared=compared)
    menus = counts.menu_meals(session, ids, first, last)
    servings = counts.supplied_servings(session, ids, first, last)
    ledgers = _ledger_flags(session, ids, year, month, today, settings)
    licences = moneys.licence_flags(session, ids, first, last)
    prices = moneys.price_flags(session, county_of, first, last, settings)
    notes = _notes(session, ids, year, month)
    order = {code: i for i, code in enumerate(CODES)}
    out = {}
    for sid in ids:
        month_rows = [r for r in rows[sid] if r.day >= first]
        found = counts.enrolment_flags(sid, month_rows, enrolled[sid])
        found += counts.repeat_flags(sid, first, repeat, rows[sid],
                                     school_days[county_of[sid]])
        found += counts.meal_flags(sid, summaries[sid], menus[sid], tolerance, compared,
                                   servings[sid])
        found += ledgers[sid] + licences[sid] + prices[sid]
        found.sort(key=lambda f: (order[f["code"]], f["record_key"]))
        for f in found:
            f["explained"] = notes.get((sid, f["code"], f["record_key"]))
        out[sid] = found
    return out


def _enrolment(session, rows: dict, first: date) -> dict[int, dict]:
    """school id -> {day: roster.enrolled_by_grade} of each day of the month with counts."""
    days = {mc.day for counted in rows.values() for mc in counted if mc.day >= first}
    by_day = roster.enrolled_by_grade_on_days(session, list(rows), days)
    return {sid: {mc.day: by_day[mc.day].get(sid, {}) for mc in counted if mc.day >= first}
            for sid, counted in rows.items()}


def _ledger_flags(session, ids, year, month, today, settings) -> dict[int, list]:
    from .ledger import county_month
    out = {}
    for ledger in county_month(session, ids, year, month, today=today)["schools"]:
        sid = ledger["school_id"]
        out[sid] = (moneys.spend_flags(ledger, sid, year, month, settings)
                    + moneys.surplus_flags(ledger, ledger["year_entitlement"], sid, year,
                                           month, settings))
    return out


def _notes(session, ids, year, month) -> dict:
    rows = session.execute(
        select(FlagNote, User.display_name, User.username)
        .outerjoin(User, User.id == FlagNote.explained_by)
        .where(FlagNote.school_id.in_(ids), FlagNote.year == year,
               FlagNote.month == month)).all()
    return {(n.school_id, n.code, n.record_key): {
        "note": n.note, "by": display or username or "", "by_id": n.explained_by,
        "at": n.explained_at} for n, display, username in rows}


def explain_flag(session: Session, *, school_id: int, year: int, month: int, code: str,
                 record_key: str, note: str, user_id: int | None) -> FlagNote:
    """Mark a flag explained with the bureau's note (1 to 1000 characters); explaining it again
    edits the note. Audited through the model. Refuses an unknown code, school or month."""
    errors = {}
    note = (note or "").replace("\x00", "").strip()
    record_key = (record_key or "").strip()
    if code not in FLAG_LABELS:
        errors["code"] = _l("Choose a flag of the list.")
    if not isinstance(school_id, int) or session.get(School, school_id) is None:
        errors["school_id"] = _l("Choose a school.")
    if not (isinstance(year, int) and isinstance(month, int) and 2000 <= year <= 2099
            and 1 <= month <= 12):
        errors["month"] = _l("Enter a month as YYYY-MM.")
    if len(record_key) > KEY_MAX:
        errors["record_key"] = _l("Choose a flag of the list.")
    if not note:
        errors["note"] = _l("Write what explains the flag.")
    elif len(note) > NOTE_MAX:
        errors["note"] = _l("Write at most %(max)s characters (now %(length)s).",
                            max=NOTE_MAX, length=len(note))
    if errors:
        raise FlagError(errors)
    row = session.scalar(select(FlagNote).where(
        FlagNote.school_id == school_id, FlagNote.year == year, FlagNote.month == month,
        FlagNote.code == code, FlagNote.record_key == record_key))
    if row is None:
        row = FlagNote(school_id=school_id, year=year, month=month, code=code,
                       record_key=record_key)
        session.add(row)
    elif row.note == note:
        return row
    row.note, row.explained_by, row.explained_at = note, user_id, utcnow()
    session.flush()
    return row
