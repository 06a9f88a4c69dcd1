"""Logging in and out, and the language switch (open to everyone)."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import (abort, current_app, flash, redirect, render_template, request,
                   session as http_session, url_for)
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from .. import accounts
from ..auth import login_required, public
from ..db import get_session
from ..forms import LoginForm


def safe_next(target: str | None) -> str:
    """A local path to go on to after the form; anything else goes home. Browsers drop tabs
    and line breaks from a Location and read a backslash as a slash, so "/\t/evil.example"
    would leave the site: any such character, like a scheme or a host, goes home."""
    if not target or not target.startswith("/") or target.startswith("//") or \
            "\\" in target or any(ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return url_for("suite.home")
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else url_for("suite.home")


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
            return redirect(safe_next(request.args.get("next")))
        session.commit()
        # one message for unknown user, wrong password, disabled or locked account
        flash(_("Wrong user name or password, or the account is locked for a while."), "error")
    return render_template("suite/login.html", form=form), 200


@login_required
def logout():
    session = get_session()
    accounts.end_login(session, current_user.login_nonce)  # copies of the cookies die too
    session.commit()
    logout_user()
    return redirect(url_for("suite.login"))


@public
def language():
    code = request.form.get("locale", "")
    if code not in current_app.config["LANGUAGES"]:
        abort(400)
    http_session["locale"] = code
    if current_user.is_authenticated and current_user.locale != code:
        current_user.locale = code
        get_session().commit()
    response = redirect(safe_next(request.form.get("next")))
    response.set_cookie("locale", code, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response
