"""The administrator's user pages: list, create, edit, reset a password."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from .. import accounts
from ..auth import permission_required, roles
from ..db import get_session
from ..forms import ResetPasswordForm, UserEditForm, UserForm, options, save_or_show
from ..models import School, Township, User
from .account import stay_logged_in


def _choices(form):
    session = get_session()
    form.role.choices = options((code, str(r.label)) for code, r in roles().items())
    none = [(0, "—")]
    form.school_id.choices = options(none + [(s.id, f"{s.code} {s.name}") for s in
                                             session.scalars(select(School).order_by(School.code))])
    form.township_id.choices = options(none + [
        (t.id, t.name) for t in session.scalars(select(Township).order_by(Township.code))])


def _check_scope(form) -> bool:
    scope = roles()[form.role.data].scope
    if scope == "school" and not form.school_id.data:
        form.school_id.errors.append(_("This role needs a school."))
        return False
    if scope == "township" and not form.township_id.data:
        form.township_id.errors.append(_("This role needs a township."))
        return False
    return True


def _keeps_an_administrator(session, user: User, form) -> bool:
    """Nobody takes away their own account or role here, and the last active administrator
    stays one: otherwise no one could manage the users any more."""
    losing = user.active and (not form.active.data or form.role.data != user.role)
    if not losing:
        return True
    if user.id == current_user.id:
        form.active.errors.append(_("You cannot deactivate your own account or change your "
                                    "own role: ask another administrator."))
        return False
    others = session.scalar(select(func.count()).select_from(User).where(
        User.role == "admin", User.active.is_(True), User.id != user.id))
    if user.role == "admin" and not others:
        form.active.errors.append(_("This is the last active administrator: make another "
                                    "user an administrator first."))
        return False
    return True


@permission_required("suite.users")
def users():
    rows = get_session().scalars(select(User).order_by(User.username)).all()
    return render_template("suite/users.html", users=rows, roles=roles())


@permission_required("suite.users")
def user_new():
    form = UserForm()
    _choices(form)
    if form.validate_on_submit() and _check_scope(form):
        session = get_session()
        school = session.get(School, form.school_id.data) if form.school_id.data else None
        saved, _user = save_or_show(
            session, form, accounts.create_user, session, username=form.username.data,
            password=form.password.data, role=form.role.data, roles=roles(),
            school_code=school.code if school else None,
            township_id=form.township_id.data or None,
            display_name=form.display_name.data or "", success=_("The user was created."))
        if saved:
            return redirect(url_for("suite.users"))
    return render_template("suite/user_form.html", form=form, user=None)


@permission_required("suite.users")
def user_edit(user_id):
    session = get_session()
    user = session.get(User, user_id) or abort(404)
    form = UserEditForm(obj=user)
    _choices(form)
    if request.method == "GET":
        form.school_id.data = user.school_id or 0
        form.township_id.data = user.township_id or 0
    if form.validate_on_submit() and _check_scope(form) and \
            _keeps_an_administrator(session, user, form):
        scope = roles()[form.role.data].scope
        user.display_name = form.display_name.data or user.username
        user.role = form.role.data
        user.school_id = form.school_id.data if scope == "school" else None
        user.township_id = form.township_id.data if scope == "township" else None
        if user.active and not form.active.data:
            # re-enabling later revives neither old cookies nor old API tokens
            accounts.end_logins(session, user)
            accounts.revoke_tokens(session, user)
        user.active = form.active.data
        session.commit()
        flash(_("The user was saved."), "success")
        return redirect(url_for("suite.users"))
    return render_template("suite/user_form.html", form=form, user=user,
                           reset_form=ResetPasswordForm())


@permission_required("suite.users")
def user_reset_password(user_id):
    session = get_session()
    user = session.get(User, user_id) or abort(404)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        own = current_user.id == user.id
        # no form on this page to show the refusal on: it is flashed
        saved, _none = save_or_show(
            session, None, accounts.reset_password, session, user, form.password.data,
            keep_login=current_user.login_nonce if own else None,
            success=_("The password was reset and the lock cleared; the user's logins and API "
                      "tokens were ended."))
        if saved and own:
            stay_logged_in(user)
        return redirect(url_for("suite.user_edit", user_id=user.id))
    for error in form.password.errors:
        flash(error, "error")
    return redirect(url_for("suite.user_edit", user_id=user.id))
