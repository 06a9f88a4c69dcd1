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

from .. import services
from ..access import may_plan, menu_or_404, plannable_or_404, school_choices
from ..forms import CopyForm
from ..models import WeekMenu


def _planner_context(session, menu, errors=None):
    band = request.values.get("band") if request.values.get("band") in AGE_BANDS else None
    plan = services.week_plan(session, menu, band)
    dishes = services.search_dishes(session)
    previous = session.get(WeekMenu, menu.previous_id) if menu.previous_id else None
    copy_form = CopyForm(formdata=None, week_start=menu.week_start + timedelta(days=7))
    copy_form.school_id.choices = school_choices(session, current_user)
    return {"menu": menu, "plan": plan, "dishes": dishes, "band": band or "",
            "school": session.get(School, menu.school_id) if menu.school_id else None,
            "errors": errors or [], "meals": MEALS,
            "changes": services.diff(previous, menu) if previous else None,
            "previous": previous, "copy_form": copy_form,
            "editable": menu.status == "draft" and may_plan(current_user, menu)}


@permission_required("menus.view")
def planner(menu_id):
    session = get_session()
    menu = menu_or_404(session, menu_id)
    return render_template("menus/planner.html", **_planner_context(session, menu))


def _after_change(session, menu, errors):
    """Scripted requests get the refreshed planner fragment; plain forms are redirected."""
    live = request.headers.get("X-Requested-With") == "fetch"
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
    band = request.values.get("band")
    return redirect(url_for("menus.planner", menu_id=menu.id, band=band or None))


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
