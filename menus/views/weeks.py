"""Weekly menus: create one, copy one to another week or school, make a revision, and the
approval workflow's steps (through the same service as the JSON API)."""
from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from suite.auth import county_or_404, has_permission, permission_required, school_or_404
from suite.db import get_session
from suite.forms import save_or_show

from .. import services
from ..access import menu_or_404, plannable_or_404, school_choices
from ..forms import CopyForm, WeekForm


@permission_required("menus.plan")
def week_new():
    session = get_session()
    form = WeekForm()
    form.school_id.choices = school_choices(session, current_user)
    if form.validate_on_submit():
        school = None
        if form.school_id.data:
            school = school_or_404(session, form.school_id.data)
        elif not has_permission(current_user, "menus.templates"):
            abort(403)
        # refusals are flashed (form=None): the form is on the list page we go back to
        saved, menu = save_or_show(session, None, services.create_week, session,
                                   county_id=county_or_404(session).id, school=school,
                                   week_start=form.week_start.data, days=form.days.data,
                                   meals=form.meals.data, name=form.name.data or "")
        if saved:
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


def _step(menu_id, step: str, done: str):
    session = get_session()
    menu = menu_or_404(session, menu_id)
    save_or_show(session, None, services.run_step, session, menu, step, current_user,
                 success=done)
    return redirect(url_for("menus.planner", menu_id=menu.id))


@permission_required("menus.submit")
def submit(menu_id):
    return _step(menu_id, "submit", _("The menu was submitted for approval."))


@permission_required("menus.approve")
def approve(menu_id):
    return _step(menu_id, "approve", _("The menu was approved."))


@permission_required("menus.publish")
def publish(menu_id):
    return _step(menu_id, "publish", _("The menu was published."))


@permission_required("menus.submit")
def reopen(menu_id):
    return _step(menu_id, "reopen", _("The menu is a draft again."))


@permission_required("menus.plan")
def revise(menu_id):
    session = get_session()
    menu = plannable_or_404(session, current_user, menu_id)
    saved, draft = save_or_show(session, None, services.revise, session, menu)
    if not saved:
        return redirect(url_for("menus.planner", menu_id=menu.id))
    flash(_("Revision %(n)d was made; the published menu stays until it is replaced.",
            n=draft.revision), "success")
    return redirect(url_for("menus.planner", menu_id=draft.id))


@permission_required("menus.plan")
def copy(menu_id):
    session = get_session()
    menu = menu_or_404(session, menu_id)
    form = CopyForm()
    form.school_id.choices = school_choices(session, current_user)
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
    saved, new = save_or_show(session, None, services.copy_week, session, menu,
                              form.week_start.data, school,
                              success=_("The menu was copied as a draft."))
    if not saved:
        return redirect(url_for("menus.planner", menu_id=menu.id))
    _note_snap(form.week_start.data, new)
    return redirect(url_for("menus.planner", menu_id=new.id))
