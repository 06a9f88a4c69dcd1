"""The printed weekly menu (HTML and PDF) and the public page for notice boards and parents."""
from __future__ import annotations

import io
from datetime import date, timedelta

from flask import abort, render_template, send_file
from sqlalchemy import select

from nutrition import services as nutrition
from suite.auth import permission_required, public
from suite.db import get_session
from suite.models import School
from suite.pdf import render_pdf

from . import services
from .dishes import dish_grams
from .models import WeekMenu
from .views import bp
from .views_weeks import menu_or_404, monday
from suite import clock


def print_context(session, menu: WeekMenu) -> dict:
    """Everything the notice-board menu shows, for the main age band of the school."""
    plan = services.week_plan(session, menu)
    band = plan["main_band"]
    food_ids = {i.food_id for item in menu.items for i in item.dish.ingredients}
    foods = {f.id: f for f in nutrition.foods_by_id(session, food_ids)}
    recipes = {item.dish_id: [(foods[fid].name, g) for fid, g in dish_grams(item.dish, band)]
               for item in menu.items}
    return {"menu": menu, "plan": plan, "band": band, "recipes": recipes,
            "school": session.get(School, menu.school_id) if menu.school_id else None,
            "printed": clock.today().isoformat()}


@bp.route("/weeks/<int:menu_id>/print")
@permission_required("menus.view")
def print_view(menu_id):
    session = get_session()
    return render_template("menus/print.html", **print_context(session,
                                                                menu_or_404(session, menu_id)))


@bp.route("/weeks/<int:menu_id>.pdf")
@permission_required("menus.view")
def pdf(menu_id):
    session = get_session()
    menu = menu_or_404(session, menu_id)
    body = render_pdf("menus/print_pdf.html", **print_context(session, menu))
    name = f"menu-{menu.week_start.isoformat()}-r{menu.revision}.pdf"
    return send_file(io.BytesIO(body), mimetype="application/pdf", download_name=name)


def published_menu(session, school_id: int, week_start: date) -> WeekMenu | None:
    menu = session.scalar(select(WeekMenu).where(
        WeekMenu.school_id == school_id, WeekMenu.week_start == week_start,
        WeekMenu.status == "published").order_by(WeekMenu.revision.desc()))
    return services.load_menu(session, menu.id) if menu else None


@bp.route("/public/<school_code>")
@public
def public_menu(school_code):
    """A school's published menu for this week and last week: no login, no personal data."""
    session = get_session()
    school = session.scalar(select(School).where(School.code == school_code.upper(),
                                                 School.active.is_(True)))
    if school is None:
        abort(404)
    this_week = monday(clock.today())
    weeks = []
    for start in (this_week, this_week - timedelta(days=7)):
        menu = published_menu(session, school.id, start)
        weeks.append((start, print_context(session, menu) if menu else None))
    return render_template("menus/public.html", school=school, weeks=weeks)
