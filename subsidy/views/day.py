"""One school's day (`/subsidy/<school>/day/<YYYY-MM-DD>`): the day's row of the month's
ledger and each meal behind it, with links to the canteen's own pages of that day and meal.
The same access as the school's month: a school user their own school, 404 otherwise."""
from __future__ import annotations

from flask import abort, current_app, render_template

from suite import clock
from suite.auth import permission_required, school_or_404
from suite.db import get_session
from suite.params import parse_day

from .. import services
from ..sheets import DAY_COLUMNS


@permission_required("subsidy.view")
def school_day(school_id: int, day: str):
    session = get_session()
    school = school_or_404(session, school_id)
    when = parse_day(day)
    if when is None or not 2000 <= when.year <= 2099:
        abort(404)
    data = services.school_day(session, school.id, when, today=clock.today(),
                               tolerance=current_app.config["CANTEEN_ISSUE_TOLERANCE"])
    return render_template("subsidy/day.html", school=school, day=when, data=data,
                           row=data["row"], month=when.strftime("%Y-%m"),
                           day_columns=DAY_COLUMNS)
