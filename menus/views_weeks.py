"""Weekly menus: list, create, the planner (works with and without JavaScript), workflow."""
from __future__ import annotations

from datetime import date, timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from suite.auth import has_permission, permission_required, school_filter, school_or_404
from suite.db import get_session
from suite.forms import options
from suite.models import AGE_BANDS, County, School

from . import services
from .forms import CopyForm, WeekForm
from .models import MEALS, WeekMenu
from .views import bp


def county_or_404(session) -> County:
    return session.scalar(select(County).order_by(County.id)) or abort(404)


def menu_or_404(session, menu_id) -> WeekMenu:
    """A school's menu only for users who may see that school; templates for everyone."""
    menu = services.load_menu(session, menu_id)
    if menu is None:
        abort(404)
    if menu.school_id is not None:
        school_or_404(session, menu.school_id)
    return menu


monday = services.week_of


def visible_schools(session):
    return session.scalars(select(School).where(
        school_filter(current_user, School.id, School.township_id)).order_by(School.code)).all()




def school_choices(session):
    schools = visible_schools(session)
    choices = [(s.id, f"{s.code} {s.name}") for s in schools]
    if has_permission(current_user, "menus.templates"):
        choices = [(0, _("County template"))] + choices
    return options(choices)


@bp.route("/weeks/new", methods=["POST"])
@permission_required("menus.plan")
def week_new():
    session = get_session()
    form = WeekForm()
    form.school_id.choices = school_choices(session)
    if form.validate_on_submit():
        school = None
        if form.school_id.data:
            school = school_or_404(session, form.school_id.data)
        elif not has_permission(current_user, "menus.templates"):
            abort(403)
        try:
            menu = services.create_week(session, county_id=county_or_404(session).id,
                                        school=school, week_start=form.week_start.data,
                                        days=form.days.data, meals=form.meals.data,
                                        name=form.name.data or "")
        except services.MenuError as exc:
            session.rollback()
            for message in exc.errors.values():
                flash(message, "error")
        else:
            session.commit()
            _note_snap(form.week_start.data, menu)
            return redirect(url_for("menus.planner", menu_id=menu.id))
    else:
        for errors in form.errors.values():
            for message in errors:
                flash(message, "error")
    return redirect(url_for("menus.weeks"))


def _note_snap(entered, menu) -> None:
    note = services.snap_note(entered, menu.week_start)
    if note:
        flash(note, "info")


def _planner_context(session, menu, errors=None):
    band = request.values.get("band") if request.values.get("band") in AGE_BANDS else None
    plan = services.week_plan(session, menu, band)
    dishes = services.search_dishes(session)
    previous = session.get(WeekMenu, menu.previous_id) if menu.previous_id else None
    copy_form = CopyForm(formdata=None, week_start=menu.week_start + timedelta(days=7))
    copy_form.school_id.choices = school_choices(session)
    return {"menu": menu, "plan": plan, "dishes": dishes, "band": band or "",
            "school": session.get(School, menu.school_id) if menu.school_id else None,
            "errors": errors or [], "meals": MEALS,
            "changes": services.diff(previous, menu) if previous else None,
            "previous": previous, "copy_form": copy_form,
            "editable": menu.status == "draft" and _may_plan(menu)}


def _may_plan(menu) -> bool:
    if menu.school_id is None:
        return has_permission(current_user, "menus.templates")
    return has_permission(current_user, "menus.plan")


@bp.route("/weeks/<int:menu_id>")
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


def _planning(menu_id):
    session = get_session()
    menu = menu_or_404(session, menu_id)
    if not _may_plan(menu):
        abort(403)
    return session, menu


def _change(menu_id, change):
    """Run one planner change; errors go back to the planner, not to a 500."""
    session, menu = _planning(menu_id)
    try:
        change(session, menu)
        errors = []
    except services.MenuError as exc:
        errors = list(exc.errors.values())
    return _after_change(session, menu, errors)


@bp.route("/weeks/<int:menu_id>/items", methods=["POST"])
@permission_required("menus.plan")
def item_add(menu_id):
    form = request.form
    return _change(menu_id, lambda session, menu: services.add_item(
        session, menu, day=_day(form.get("day")), meal=form.get("meal", ""),
        dish_id=form.get("dish_id", type=int), servings=form.get("servings") or None))


@bp.route("/weeks/<int:menu_id>/items/<int:item_id>/remove", methods=["POST"])
@permission_required("menus.plan")
def item_remove(menu_id, item_id):
    return _change(menu_id, lambda session, menu: services.remove_item(session, menu, item_id))


@bp.route("/weeks/<int:menu_id>/items/<int:item_id>/move", methods=["POST"])
@permission_required("menus.plan")
def item_move(menu_id, item_id):
    day_text, _sep, meal = request.form.get("to", "").partition("/")
    return _change(menu_id, lambda session, menu: services.move_item(
        session, menu, item_id, _day(day_text), meal))


def check_template_rights(menu) -> None:
    """County templates move through the workflow only in the hands of template planners."""
    if menu.school_id is None and not has_permission(current_user, "menus.templates"):
        abort(403)


def _step(menu_id, step, done: str):
    session = get_session()
    menu = menu_or_404(session, menu_id)
    check_template_rights(menu)
    try:
        step(session, menu, current_user)
    except services.MenuError as exc:
        session.rollback()
        for message in exc.errors.values():
            flash(message, "error")
    else:
        session.commit()
        flash(done, "success")
    return redirect(url_for("menus.planner", menu_id=menu.id))


@bp.route("/weeks/<int:menu_id>/submit", methods=["POST"])
@permission_required("menus.submit")
def submit(menu_id):
    return _step(menu_id, services.submit, _("The menu was submitted for approval."))


@bp.route("/weeks/<int:menu_id>/approve", methods=["POST"])
@permission_required("menus.approve")
def approve(menu_id):
    return _step(menu_id, services.approve, _("The menu was approved."))


@bp.route("/weeks/<int:menu_id>/publish", methods=["POST"])
@permission_required("menus.publish")
def publish(menu_id):
    return _step(menu_id, services.publish, _("The menu was published."))


@bp.route("/weeks/<int:menu_id>/reopen", methods=["POST"])
@permission_required("menus.submit")
def reopen(menu_id):
    return _step(menu_id, lambda session, menu, _user: services.reopen(session, menu),
                 _("The menu is a draft again."))


@bp.route("/weeks/<int:menu_id>/revise", methods=["POST"])
@permission_required("menus.plan")
def revise(menu_id):
    session, menu = _planning(menu_id)
    try:
        draft = services.revise(session, menu)
    except services.MenuError as exc:
        session.rollback()
        flash(exc.errors["status"], "error")
        return redirect(url_for("menus.planner", menu_id=menu.id))
    session.commit()
    flash(_("Revision %(n)d was made; the published menu stays until it is replaced.",
            n=draft.revision), "success")
    return redirect(url_for("menus.planner", menu_id=draft.id))


@bp.route("/weeks/<int:menu_id>/copy", methods=["POST"])
@permission_required("menus.plan")
def copy(menu_id):
    session = get_session()
    menu = menu_or_404(session, menu_id)
    form = CopyForm()
    form.school_id.choices = school_choices(session)
    school = None
    if form.school_id.data:
        school = school_or_404(session, form.school_id.data)
    elif menu.school_id is None and not has_permission(current_user, "menus.templates"):
        abort(403)
    elif menu.school_id is not None:
        school = school_or_404(session, menu.school_id)
    if not form.validate_on_submit():
        flash(_("Choose a day of the target week."), "error")
        return redirect(url_for("menus.planner", menu_id=menu.id))
    try:
        new = services.copy_week(session, menu, form.week_start.data, school)
    except services.MenuError as exc:
        session.rollback()
        for message in exc.errors.values():
            flash(message, "error")
        return redirect(url_for("menus.planner", menu_id=menu.id))
    session.commit()
    flash(_("The menu was copied as a draft."), "success")
    _note_snap(form.week_start.data, new)
    return redirect(url_for("menus.planner", menu_id=new.id))
