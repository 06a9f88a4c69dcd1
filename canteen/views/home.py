"""The canteen's home page: a canteen manager's day (phone first), the same page of any school
for the bureau (read-only), and the bureau's list of missing records by school; the panel on
the host's home page."""
from __future__ import annotations

from datetime import timedelta

from flask import current_app, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from suite import clock
from suite.auth import has_permission, permission_required, school_or_404, user_scope, \
    visible_schools
from suite.db import get_session
from suite.params import parse_day

from ..days import CODES, MISSING_LABELS, missing_by_school
from ..today import day_at_hand


def month_so_far(today):
    """The bureau's period: this month up to yesterday (today's meals are still being
    recorded); on the 1st, the whole of last month."""
    last = today - timedelta(days=1)
    return last.replace(day=1), last


def _school_id(text):
    try:
        return int(text)
    except (TypeError, ValueError):
        return 0  # school_or_404 answers 404


@permission_required("canteen.view")
def index():
    session = get_session()
    scope, own = user_scope(current_user)
    today = clock.today()
    if scope == "school" or request.args.get("school"):
        school = school_or_404(session, own if scope == "school"
                               else _school_id(request.args.get("school")))
        day = min(parse_day(request.args.get("day"), today), today)
        page = day_at_hand(session, school, day, today,
                           current_app.config["CANTEEN_ISSUE_TOLERANCE"])
        return render_template("canteen/day.html", school=school, today=today,
                               can_record=has_permission(current_user, "canteen.record"),
                               labels=MISSING_LABELS, **page)
    schools = visible_schools(session, current_user)
    first, last = month_so_far(today)
    missing = missing_by_school(session, [s.id for s in schools], first, last, today=today)
    rows = sorted(({"school": s, "missing": missing[s.id], "total": sum(missing[s.id].values())}
                   for s in schools), key=lambda r: (-r["total"], r["school"].code))
    return render_template("canteen/county.html", rows=rows, codes=CODES, labels=MISSING_LABELS,
                           first=first, last=last, today=today,
                           top=max([r["total"] for r in rows] + [1]))


def home_panels(user):
    """A canteen manager: what today still needs. The bureau: schools missing records."""
    if not has_permission(user, "canteen.view"):
        return []
    session = get_session()
    scope, own = user_scope(user)
    today = clock.today()
    if scope == "school":
        school = school_or_404(session, own)
        page = day_at_hand(session, school, today, today,
                           current_app.config["CANTEEN_ISSUE_TOLERANCE"])
        todo = sum(len(m["missing"]) for m in page["meals"])
        return [(_l("Canteen today"), "canteen/_home_panel.html",
                 {"school": school, "todo": todo, "open_days": page["open_days"],
                  "meals": page["meals"], "shortfalls": page["shortfalls"]})]
    schools = visible_schools(session, user)
    missing = missing_by_school(session, [s.id for s in schools], *month_so_far(today),
                                today=today)
    lacking = [s for s in schools if any(missing[s.id].values())]
    return [(_l("Canteen records missing this month"), "canteen/_home_panel.html",
             {"lacking": lacking, "schools": len(schools)})]
