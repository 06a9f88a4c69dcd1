"""Month close (月结): the school's panel (its month's status and a Submit button) and the
bureau's (every visible school's status with Close and Reopen, and what changed in a month
since it was last closed). Reading needs subsidy.months; each action its own permission."""
from __future__ import annotations

from datetime import timedelta

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from suite import clock
from suite.auth import has_permission, permission_required, school_or_404, visible_schools
from suite.db import get_session
from suite.forms import SUPPLY_MODE_LABELS, save_or_show
from suite.params import month_arg, parse_month

from .. import services
from ..forms import MonthActionForm, ReopenForm

# the ledger's figures by name, for the differences: every key of a school's ledger row
# (`services.school_month`: its own, its days' and its year's months'), and the few a ledger
# stand-in of the tests uses; a name not listed shows as "Other figure", never as a code
FIELD_LABELS = {
    "school_id": _l("School"), "school": _l("School"), "code": _l("School code"),
    "supply_mode": _l("Supply mode"), "township_id": _l("Township"), "township": _l("Township"),
    "year": _l("Year"), "month": _l("Month"), "first": _l("First day of the month"),
    "last": _l("Last day of the month"), "through": _l("Counted through"),
    "plan_students_first": _l("Plan students on the first day"),
    "plan_students_last": _l("Plan students on the last day"),
    "school_days": _l("School days"), "meal_days": _l("Days with meals served"),
    "student_days": _l("Student-days"), "days_without_rate": _l("Days with meals but no rate"),
    "days": _l("Day"), "day": _l("Day"), "school_day": _l("School day"),
    "meals": _l("Meals served"), "rate": _l("Subsidy rate"), "entitlement": _l("Entitlement"),
    "food_cost": _l("Food cost"), "teacher_spend": _l("Teachers' share"),
    "outside_spend": _l("Outside-plan pupils' share"),
    "student_spend": _l("Food spend for students"),
    "spend_per_student_day": _l("Spend per student-day"), "balance": _l("Balance"),
    "year_months": _l("Months of the year"), "running_balance": _l("Balance of the year so far"),
    "year_entitlement": _l("Entitlement of the year"), "year_balance": _l("Balance of the year"),
    "receipts": _l("Receipts"), "issues": _l("Issues"), "adjustments": _l("Adjustments"),
    "stock_value_end": _l("Stock value at month end"), "students": _l("Students"),
    "food_groups": _l("Food cost by food group"), "group": _l("Food group"),
    "label": _l("Food group"),
}
# a list's row: a day by its date alone, a month of the year by its number, a plain value
# (a day without a rate) by its place in the list
MONTH_ROW = _l("Month %(n)s")
PLACE_ROW = _l("No. %(n)s")


def field_label(path: str) -> str:
    """"days[2026-11-03].student_days" -> "2026-11-03 · Student-days",
    "year_months[10].balance" -> "Month 10 · Balance", "days_without_rate[0]" -> "Days with
    meals but no rate · No. 1"; any other list's row by its name and its day, code or id."""
    parts = []
    for part in path.split("."):
        name, _sep, rest = part.partition("[")
        label = str(FIELD_LABELS.get(name, _l("Other figure")))
        row = rest.rstrip("]")
        if not rest:
            parts.append(label)
        elif name == "days":
            parts.append(row)
        elif name == "year_months":
            parts.append(str(MONTH_ROW) % {"n": row})
        elif name == "food_groups":
            parts += [label, services.group_label(row)]
        elif row.isdigit():
            parts += [label, str(PLACE_ROW) % {"n": int(row) + 1}]
        else:
            parts += [label, row]
    return " · ".join(parts)


def field_value(path: str, value) -> str:
    """A figure as the page shows it: "-" for none, Yes/No, a supply mode by its name."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return str(_l("Yes") if value else _l("No"))
    if path.rpartition(".")[2] == "supply_mode":
        return str(SUPPLY_MODE_LABELS.get(value, value))
    if path.rpartition(".")[2] == "group":
        return services.group_label(value)
    return str(value)


def _shown_month() -> tuple[int, int]:
    """The month asked for; by default last month, the one to submit or close now."""
    if request.args.get("month"):
        return month_arg("month")
    last = clock.today().replace(day=1) - timedelta(days=1)
    return last.year, last.month


@permission_required("subsidy.months")
def close_panel():
    can_submit = has_permission(current_user, "subsidy.submit")
    can_close = has_permission(current_user, "subsidy.close")
    session = get_session()
    year, month = _shown_month()
    schools = visible_schools(session, current_user)
    closes = services.month_closes(session, [s.id for s in schools], year, month)
    asked = request.args.get("school", type=int)
    if asked is not None:
        school_or_404(session, asked)
    today = clock.today()
    # what changed since the month was last closed: for a reopened month, and on request
    changes = {s.id: services.differences(session, s.id, year, month, today=today)
               for s in schools if closes[s.id]["has_snapshot"]
               and (s.id == asked or closes[s.id]["status"] == "open")}
    return render_template(
        "subsidy/close.html", schools=schools, closes=closes, changes=changes,
        month=f"{year:04d}-{month:02d}", can_submit=can_submit, can_close=can_close,
        labels=services.STATUS_LABELS, field_label=field_label,
        field_value=field_value)


def _act(form, action, success, **kwargs):
    """Run one month-close action from the posted form; back to the panel of that month."""
    session = get_session()
    parsed = parse_month(form.month.data) if form.validate_on_submit() else None
    if parsed is None:
        flash(_("The form was incomplete: reload the page and try again."), "error")
        return redirect(url_for("subsidy.close_panel"))
    school = school_or_404(session, form.school_id.data)
    session.commit()  # only read so far: the action starts its own transaction
    save_or_show(session, None, action, session, school_id=school.id, year=parsed[0],
                 month=parsed[1], user_id=current_user.id, version=form.version.data or None,
                 success=success, **kwargs)
    return redirect(url_for("subsidy.close_panel", month=form.month.data, school=school.id))


@permission_required("subsidy.submit")
def submit_month():
    return _act(MonthActionForm(), services.submit_month,
                _("The month was submitted: the education bureau will review and close it."),
                today=clock.today())


@permission_required("subsidy.close")
def close_month():
    return _act(MonthActionForm(), services.close_month,
                _("The month was closed: its ledger is kept as it is now."),
                today=clock.today())


@permission_required("subsidy.close")
def reopen_month():
    form = ReopenForm()
    return _act(form, services.reopen_month,
                _("The month was reopened: the school can correct its records."),
                reason=form.reason.data or "")
