"""The printed weekly menu (HTML and PDF) and the public page for notice boards and parents."""
from __future__ import annotations

import io
from datetime import timedelta

from flask import abort, render_template, send_file
from sqlalchemy import select

from suite import clock
from suite.auth import permission_required, public
from suite.db import get_session
from suite.models import School

from .. import published, services
from ..access import menu_or_404



@permission_required("menus.view")
def print_view(menu_id):
    session = get_session()
    return render_template("menus/print.html", **services.print_context(session,
                                                                menu_or_404(session, menu_id)))


@permission_required("menus.view")
def pdf(menu_id):
    session = get_session()
    menu = menu_or_404(session, menu_id)
    body = published.week_pdf(session, menu)
    name = f"menu-{menu.week_start.isoformat()}-r{menu.revision}.pdf"
    return send_file(io.BytesIO(body), mimetype="application/pdf", download_name=name)


@public
def public_menu(school_code):
    """A school's published menu for this week and last week: no login, no personal data."""
    session = get_session()
    school = session.scalar(select(School).where(School.code == school_code.upper(),
                                                 School.active.is_(True)))
    if school is None:
        abort(404)
    this_week = services.week_of(clock.today())
    weeks = []
    for start in (this_week, this_week - timedelta(days=7)):
        weeks.append((start, published.public_week(session, school.id, start)))
    return render_template("menus/public.html", school=school, weeks=weeks)
