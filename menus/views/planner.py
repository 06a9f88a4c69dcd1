"""The planner of a weekly menu (works with and without JavaScript) and its changes: add,
remove and move dishes."""
from __future__ import annotations

from datetime import date, timedelta

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from suite.auth import permission_required
from suite.db import get_session
from suite.models import School
from suite.vocabulary import AGE_BANDS, MEALS

from .. import published, services
from ..access import may_plan, menu_or_404, plannable_or_404, school_choices
from ..forms import CopyForm
from ..models import WeekMenu


def _cell_key(cell) -> str:
    return f"{cell[0].isoformat()}/{cell[1]}" if cell else ""


def _active_cell(menu, text):
    """The cell a found dish goes to: the one chosen (`?cell=YYYY-MM-DD/lunch`), else the
    first served cell without a staple, else the first cell."""
    cells = [(day, meal) for day in services.served_days(menu) for meal in menu.meal_list]
    day_text, _sep, meal = (text or "").partition("/")
    if (_day(day_text), meal) in cells:
        return _day(day_text), meal
    staples = {(i.day, i.meal) for i in menu.items if i.dish.category == "staple"}
    return next((c for c in cells if c not in staples), cells[0] if cells else None)


def _search_context(session, menu, band) -> dict:
    """The dish search above the grid: the query, the active cell and what was found with
    its cost per serving (for the band judged, else the most numerous)."""
    q = " ".join(request.values.get("q", "").split())[:60]
    editable = menu.status == "draft" and may_plan(current_user, menu)
    # only the editable grid has an active cell (and a published week's dishes may be unread)
    cell = _active_cell(menu, request.values.get("cell")) if editable else None
    results = services.find_dishes(session, q) if q and editable else []
    costs = {}
    if results:
        cost_band = band or services.main_band(services.eaters_for(session, menu)[0])
        costs = services.dish_costs(session, results, cost_band, menu.school_id,
                                    menu.week_start)
    chosen = _cell_key(cell) == request.values.get("cell")
    return {"menu": menu, "q": q, "cell": cell, "cell_key": _cell_key(cell), "band": band or "",
            "results": results, "costs": costs, "editable": editable,
            "keep": {"band": band or None, "q": q or None,  # what links and forms carry on
                     "cell": _cell_key(cell) if chosen else None}}


def _band():
    return request.values.get("band") if request.values.get("band") in AGE_BANDS else None


def _planner_context(session, menu, errors=None):
    band = _band()
    copy_form = CopyForm(formdata=None, week_start=menu.week_start + timedelta(days=7))
    if menu.school_id is None:  # only a county template's copy asks for the school
        copy_form.school_id.choices = school_choices(session, current_user)
    context = _search_context(session, menu, band)
    moving = request.values.get("move", type=int)
    context.update({
        "school": session.get(School, menu.school_id) if menu.school_id else None,
        "errors": errors or [], "meals": MEALS, "copy_form": copy_form, "body_html": None,
        "moving": next((i for i in menu.items if i.id == moving), None)
        if context["editable"] else None})

    def body():  # the grid, the analysis and the changes since the revision before
        previous = session.get(WeekMenu, menu.previous_id) if menu.previous_id else None
        return {"plan": services.week_plan(session, menu, band), "previous": previous,
                "changes": services.diff(previous, menu) if previous else None}
    if menu.status == "published":  # never changes: rendered once a day (menus.published)
        def render():
            services.load_menu(session, menu.id)  # its dishes, read only when rendered
            return render_template("menus/_planner_body.html", **context, **body())
        context["body_html"] = published.planner_body(menu, band, render)
    else:
        context.update(body())
    return context


@permission_required("menus.view")
def planner(menu_id):
    session = get_session()
    menu = menu_or_404(session, menu_id, dishes=False)
    if menu.status != "published":  # a published week's grid is rendered once (published)
        menu = services.load_menu(session, menu.id)
    page = "menus/_planner.html" if _live() else "menus/planner.html"
    return render_template(page, **_planner_context(session, menu))


@permission_required("menus.plan")
def dish_results(menu_id):
    """The search results alone, for the page's script (`?q=&cell=&band=`)."""
    session = get_session()
    menu = plannable_or_404(session, current_user, menu_id)
    return render_template("menus/_dish_results.html",
                           **_search_context(session, menu, _band()))


def _live() -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


def _after_change(session, menu, errors):
    """Scripted requests get the refreshed planner fragment; plain forms are redirected."""
    live = _live()
    if errors:
        session.rollback()
        menu = menu_or_404(session, menu.id)
        if live:
            return render_template("menus/_planner.html",
                                   **_planner_context(session, menu, errors)), 400
        for message in errors:
            flash(message, "error")
    else:
        session.commit()
        if live:
            session.expire_all()
            menu = menu_or_404(session, menu.id)
            return render_template("menus/_planner.html", **_planner_context(session, menu))
    keep = {k: request.values.get(k) or None for k in ("band", "q", "cell")}
    return redirect(url_for("menus.planner", menu_id=menu.id, **keep))


def _day(text):
    try:
        return date.fromisoformat(text or "")
    except ValueError:
        return None


def _change(menu_id, change):
    """Run one planner change; errors go back to the planner, not to a 500."""
    session = get_session()
    menu = plannable_or_404(session, current_user, menu_id)
    try:
        change(session, menu)
        errors = []
    except services.MenuError as exc:
        errors = list(exc.errors.values())
    return _after_change(session, menu, errors)


@permission_required("menus.plan")
def item_add(menu_id):
    form = request.form
    return _change(menu_id, lambda session, menu: services.add_item(
        session, menu, day=_day(form.get("day")), meal=form.get("meal", ""),
        dish_id=form.get("dish_id", type=int), servings=form.get("servings") or None))


@permission_required("menus.plan")
def item_remove(menu_id, item_id):
    return _change(menu_id, lambda session, menu: services.remove_item(session, menu, item_id))


@permission_required("menus.plan")
def item_move(menu_id, item_id):
    day_text, _sep, meal = request.form.get("to", "").partition("/")
    return _change(menu_id, lambda session, menu: services.move_item(
        session, menu, item_id, _day(day_text), meal))
