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
from suite.forms import save_or_show
from suite.params import month_arg, parse_month

from .. import services
from ..forms import MonthActionForm, ReopenForm

# the ledger's figures by name, for the differences (a name not listed is shown as it is)
FIELD_LABELS = {
    "plan_students": _l("Plan students"), "school_days": _l("School days"),
    "meal_days": _l("Days with meals served"), "student_days": _l("Student-days"),
    "rate": _l("Subsidy rate"), "entitlement": _l("Entitlement"),
    "spend": _l("Food spend for students"), "student_spend": _l("Food spend for students"),
    "teacher_share": _l("Teachers' share"), "food_cost": _l("Food cost"),
    "spend_per_student_day": _l("Spend per student-day"), "balance": _l("Balance"),
    "year_balance": _l("Balance of the year"), "receipts": _l("Receipts"),
    "issues": _l("Issues"), "stock_value": _l("Stock value at month end"),
    "totals": _l("Total"), "students": _l("Students"), "teachers": _l("Teachers"),
}


def field_label(path: str) -> str:
    """"days[2026-11-03].student_days" -> "2026-11-03 · Student-days": a row of a list is
    named by its day, code or id alone."""
    parts = []
    for part in path.split("."):
        name, _sep, rest = part.partition("[")
        parts.append(rest.rstrip("]").replace("][", " ") if rest
                     else str(FIELD_LABELS.get(name, name)))
    return " · ".join(parts)


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
        labels=services.STATUS_LABELS, field_label=field_label)


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
