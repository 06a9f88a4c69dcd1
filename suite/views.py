"""Host pages: home, login, logout, password, language, API tokens."""
from __future__ import annotations

from flask import (Blueprint, abort, current_app, flash, redirect, render_template, request,
                   session as http_session, url_for)
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select

from . import accounts
from .auth import login_required, public, user_scope
from .db import get_session
from .forms import ChangePasswordForm, LoginForm, TokenForm
from .models import ApiToken, School

bp = Blueprint("suite", __name__)


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("suite.home")


@bp.route("/")
@login_required
def home():
    session = get_session()
    scope, ident = user_scope(current_user)
    school = session.get(School, ident) if scope == "school" else None
    panels = []
    for plugin in current_app.extensions["suite_plugins"]:
        hook = getattr(plugin, "home_panels", None)
        if hook:
            panels.extend(hook(current_user) or [])
    return render_template("suite/home.html", school=school, panels=panels)


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    if current_user.is_authenticated:
        return redirect(url_for("suite.home"))
    form = LoginForm()
    if form.validate_on_submit():
        session = get_session()
        try:
            user = accounts.authenticate(session, form.username.data, form.password.data,
                                         ip=request.remote_addr or "")
        except accounts.LoginThrottled as exc:
            flash(str(exc), "error")
            return render_template("suite/login.html", form=form), 429
        if user is not None:
            accounts.start_login(session, user)
            session.commit()
            login_user(user, remember=form.remember.data)
            if user.locale:
                http_session["locale"] = user.locale
            return redirect(_safe_next(request.args.get("next")))
        session.commit()
        # one message for unknown user, wrong password, disabled or locked account
        flash(_("Wrong user name or password, or the account is locked for a while."), "error")
    return render_template("suite/login.html", form=form), 200


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    session = get_session()
    accounts.end_login(session, current_user.login_nonce)  # copies of the cookies die too
    session.commit()
    logout_user()
    return redirect(url_for("suite.login"))


@bp.route("/language", methods=["POST"])
@public
def language():
    code = request.form.get("locale", "")
    if code not in current_app.config["LANGUAGES"]:
        abort(400)
    http_session["locale"] = code
    if current_user.is_authenticated and current_user.locale != code:
        current_user.locale = code
        get_session().commit()
    response = redirect(_safe_next(request.form.get("next")))
    response.set_cookie("locale", code, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response


def stay_logged_in(user) -> None:
    """After the user's own new password: this browser's cookies get the new session version
    (and a new remember cookie if it had one); every other login has ended."""
    cookie = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    login_user(user, remember=cookie in request.cookies)


def _check_current_password(session, form) -> bool:
    try:
        user = accounts.authenticate(session, current_user.username, form.current.data,
                                     ip=request.remote_addr or "")
    except accounts.LoginThrottled as exc:
        form.current.errors.append(str(exc))
        return False
    session.commit()  # a failure counts towards the lockout
    if user is None:
        form.current.errors.append(_("The current password is wrong."))
    return user is not None


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit() and _check_current_password(get_session(), form):
        session = get_session()
        user, keep_tokens = current_user._get_current_object(), form.keep_tokens.data
        try:
            accounts.change_password(session, user, form.new.data,
                                     keep_login=user.login_nonce, keep_tokens=keep_tokens)
        except accounts.AccountError as exc:
            session.rollback()
            form.new.errors.append(str(exc))
        else:
            session.commit()
            stay_logged_in(user)
            flash(_("Your password was changed and your other logins were ended.")
                  if keep_tokens else
                  _("Your password was changed, your other logins were ended and your API "
                    "tokens revoked."), "success")
            return redirect(url_for("suite.home"))
    return render_template("suite/password.html", form=form)


@bp.route("/account/tokens", methods=["GET", "POST"])
@login_required
def tokens():
    session = get_session()
    form = TokenForm()
    new_token = None
    if form.validate_on_submit():
        new_token = accounts.create_token(session, current_user, form.name.data)
        session.commit()
        form = TokenForm(formdata=None)
    rows = session.scalars(select(ApiToken).where(ApiToken.user_id == current_user.id)
                           .order_by(ApiToken.created_at.desc())).all()
    return render_template("suite/tokens.html", form=form, tokens=rows, new_token=new_token)


@bp.route("/account/tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke_token(token_id):
    session = get_session()
    if not accounts.revoke_token(session, token_id, user_id=current_user.id):
        abort(404)
    session.commit()
    flash(_("The token was revoked."), "success")
    return redirect(url_for("suite.tokens"))


from . import views_admin, views_org  # noqa: E402,F401  (routes on the same blueprint)
