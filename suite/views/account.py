"""One's own account: the password and the API tokens."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user
from sqlalchemy import select

from .. import accounts
from ..auth import login_required
from ..db import get_session
from ..forms import ChangePasswordForm, TokenForm
from ..models import ApiToken


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


@login_required
def revoke_token(token_id):
    session = get_session()
    if not accounts.revoke_token(session, token_id, user_id=current_user.id):
        abort(404)
    session.commit()
    flash(_("The token was revoked."), "success")
    return redirect(url_for("suite.tokens"))
