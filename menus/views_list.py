"""The weekly menus list at county scale (filters, counts, pages) and the figures of the
nutritionist's home panel, for the signed-in user's schools."""
from __future__ import annotations

from datetime import date

from flask import flash, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from suite import clock
from suite.auth import permission_required, school_filter, school_or_404, user_scope
from suite.db import get_session
from suite.models import School

from . import listing
from .forms import WeekForm
from .models import WeekMenu
from .views import bp
from .views_weeks import county_or_404, school_choices, visible_schools
from .weeks import LIVE


@bp.route("/weeks")
@permission_required("menus.view")
def weeks():
    """The weekly menus the user may see: filtered by school, status and week, paged."""
    session = get_session()
    school_id = request.args.get("school", type=int)
    if school_id:
        school_or_404(session, school_id)
    status = request.args.get("status") or None
    if status not in (None, *LIVE):
        flash(_("Unknown status: showing menus of every status."), "error")
        status = None
    week = _week_arg(request.args.get("week"))
    page = min(request.args.get("page", 1, type=int) or 1, 10**6)
    listed = listing.week_list(session, _visible_menus(), school_id=school_id, status=status,
                               week=week, page=page, schools=_visible_school_select())
    form = WeekForm(formdata=None, week_start=listing.week_of(clock.today()))
    form.school_id.choices = school_choices(session)
    filters = {"school": "" if school_id is None else school_id, "status": status or "",
               "week": listing.week_of(week).isoformat() if week else ""}
    return render_template("menus/weeks.html", listed=listed, form=form, filters=filters,
                           statuses=LIVE, schools=visible_schools(session),
                           templates=listing.TEMPLATES,
                           args={k: v for k, v in filters.items() if v != ""})


def nutritionist_today(today):
    """The home panel's figures for the signed-in user's schools."""
    session = get_session()
    return listing.nutritionist_today(session, county_or_404(session).id, today,
                                      _visible_menus(), _visible_school_select())


def _visible_menus():
    scope, _own = user_scope(current_user)
    if scope == "county":
        return None
    return WeekMenu.school_id.is_(None) | school_filter(current_user, WeekMenu.school_id)


def _visible_school_select():
    return listing.planned_schools(county_or_404(get_session()).id).where(
        school_filter(current_user, School.id, School.township_id))


def _week_arg(text):
    """A week from the URL as any of its days; a bad one is shown as a message, not a 400."""
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        flash(_("Not a date: %(text)s. Showing every week.", text=text[:20]), "error")
        return None
