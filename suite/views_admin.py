"""Administrator pages (users) and the audit log browser."""
from __future__ import annotations

from datetime import datetime, time, timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from . import accounts, audit_view, clock
from .auth import permission_required, roles
from .db import get_session
from .forms import ResetPasswordForm, UserEditForm, UserForm, options
from .models import AuditEntry, School, Township, User
from .views import bp, stay_logged_in



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


@bp.route("/admin/users")
@permission_required("suite.users")
def users():
    rows = get_session().scalars(select(User).order_by(User.username)).all()
    return render_template("suite/users.html", users=rows, roles=roles())


@bp.route("/admin/users/new", methods=["GET", "POST"])
@permission_required("suite.users")
def user_new():
    form = UserForm()
    _choices(form)
    if form.validate_on_submit() and _check_scope(form):
        session = get_session()
        school = session.get(School, form.school_id.data) if form.school_id.data else None
        try:
            accounts.create_user(session, username=form.username.data, password=form.password.data,
                                 role=form.role.data, roles=roles(),
                                 school_code=school.code if school else None,
                                 township_id=form.township_id.data or None,
                                 display_name=form.display_name.data or "")
        except accounts.AccountError as exc:
            session.rollback()
            field = form.password if isinstance(exc, accounts.PasswordRejected) else form.username
            field.errors.append(str(exc))
        else:
            session.commit()
            flash(_("The user was created."), "success")
            return redirect(url_for("suite.users"))
    return render_template("suite/user_form.html", form=form, user=None)


@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
@permission_required("suite.users")
def user_edit(user_id):
    session = get_session()
    user = session.get(User, user_id) or abort(404)
    form = UserEditForm(obj=user)
    _choices(form)
    if request.method == "GET":
        form.school_id.data = user.school_id or 0
        form.township_id.data = user.township_id or 0
    if form.validate_on_submit() and _check_scope(form):
        scope = roles()[form.role.data].scope
        user.display_name = form.display_name.data or user.username
        user.role = form.role.data
        user.school_id = form.school_id.data if scope == "school" else None
        user.township_id = form.township_id.data if scope == "township" else None
        if user.active and not form.active.data:
            accounts.end_logins(session, user)  # re-enabling later does not revive old cookies
        user.active = form.active.data
        session.commit()
        flash(_("The user was saved."), "success")
        return redirect(url_for("suite.users"))
    return render_template("suite/user_form.html", form=form, user=user,
                           reset_form=ResetPasswordForm())


@bp.route("/admin/users/<int:user_id>/password", methods=["POST"])
@permission_required("suite.users")
def user_reset_password(user_id):
    session = get_session()
    user = session.get(User, user_id) or abort(404)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        own = current_user.id == user.id
        try:
            accounts.reset_password(session, user, form.password.data,
                                    keep_login=current_user.login_nonce if own else None)
        except accounts.AccountError as exc:
            session.rollback()
            flash(str(exc), "error")
            return redirect(url_for("suite.user_edit", user_id=user.id))
        session.commit()
        if own:
            stay_logged_in(user)
        flash(_("The password was reset and the lock cleared; the user's logins and API "
                "tokens were ended."), "success")
        return redirect(url_for("suite.user_edit", user_id=user.id))
    for error in form.password.errors:
        flash(error, "error")
    return redirect(url_for("suite.user_edit", user_id=user.id))


def _day_bounds(text: str | None, end: bool = False):
    try:
        day = datetime.strptime(text or "", "%Y-%m-%d").date()
    except ValueError:
        return None
    moment = datetime.combine(day + timedelta(days=1) if end else day, time(), clock.zone())
    return moment


@bp.route("/audit")
@permission_required("suite.audit")
def audit_log():
    session = get_session()
    args = request.args
    stmt = select(AuditEntry)
    if args.get("record_type"):
        stmt = stmt.where(AuditEntry.record_type == args["record_type"])
    if args.get("record_id"):
        stmt = stmt.where(AuditEntry.record_id == args["record_id"])
    if args.get("actor"):
        stmt = stmt.where(AuditEntry.actor == args["actor"])
    if args.get("action"):
        stmt = stmt.where(AuditEntry.action == args["action"])
    if (start := _day_bounds(args.get("from"))) is not None:
        stmt = stmt.where(AuditEntry.at >= start)
    if (end := _day_bounds(args.get("to"), end=True)) is not None:
        stmt = stmt.where(AuditEntry.at < end)
    page = max(1, request.args.get("page", 1, type=int))
    size = 50
    total = session.scalar(select(func.count()).select_from(stmt.subquery()))
    rows = session.scalars(stmt.order_by(AuditEntry.id.desc())
                           .offset((page - 1) * size).limit(size)).all()
    types = session.scalars(select(AuditEntry.record_type).distinct()).all()
    types = sorted(((t, audit_view.record_label(t)) for t in types), key=lambda t: t[1])
    return render_template("suite/audit.html", rows=audit_view.present(session, rows),
                           total=total, page=page, size=size, types=types, args=args,
                           actions=audit_view.ACTION_LABELS,
                           filters={k: v for k, v in args.items() if k != "page" and v})
