"""The weekly menus list at county scale (filters, counts, pages), for the signed-in user's
schools."""
from __future__ import annotations

from datetime import date

from flask import flash, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from suite import clock
from suite.auth import permission_required, school_or_404, visible_schools
from suite.db import get_session

from .. import listing, services
from ..access import school_choices, visible_menus, visible_planned_schools
from ..forms import WeekForm
from ..weeks import LIVE


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
    listed = listing.week_list(session, visible_menus(current_user), school_id=school_id,
                               status=status, week=week, page=page,
                               schools=visible_planned_schools(session, current_user))
    form = WeekForm(formdata=None, week_start=listing.week_of(clock.today()))
    form.school_id.choices = school_choices(session, current_user)
    filters = {"school": "" if school_id is None else school_id, "status": status or "",
               "week": listing.week_of(week).isoformat() if week else ""}
    return render_template("menus/weeks.html", listed=listed, form=form, filters=filters,
                           statuses=LIVE, schools=visible_schools(session, current_user),
                           templates=listing.TEMPLATES, rules=services.school_rules(
                               session, [s.id for _m, s in listed.rows if s is not None]),
                           args={k: v for k, v in filters.items() if v != ""})


def _week_arg(text):
    """A week from the URL as any of its days; a bad one is shown as a message, not a 400."""
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        flash(_("Not a date: %(text)s. Showing every week.", text=text[:20]), "error")
        return None
