"""Issue 9 item 17: a logout ends that login on the server; a password change or an
administrator's reset ends every other login of the user (session and remember cookies) and
revokes the user's API tokens, unless the user keeps them. Tested by replaying the old
cookies and tokens from a second client."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from suite import accounts
from suite.db import utcnow
from suite.models import ApiToken, LoginSession, User

from ..factories import PASSWORD as PW

NEW_PW = "another-pass-1"
REMEMBER = "remember_token"


def _log_in(client, username, remember=True):
    data = {"username": username, "password": PW}
    if remember:
        data["remember"] = "y"
    response = client.post("/login", data=data)
    assert response.status_code == 302
    return client.get_cookie("session").value, client.get_cookie(REMEMBER).value \
        if remember else None


def _replay(app, session_cookie=None, remember_cookie=None):
    """A fresh browser holding copies of the given cookies."""
    other = app.test_client()
    if session_cookie:
        other.set_cookie("session", session_cookie)
    if remember_cookie:
        other.set_cookie(REMEMBER, remember_cookie)
    return other


def _is_logged_in(client) -> bool:
    response = client.get("/")
    if response.status_code == 302:
        assert response.headers["Location"].startswith("/login")
        return False
    assert response.status_code == 200
    return True


def _api_status(client, token):
    return client.get("/api/v1/schools", headers={"Authorization": f"Bearer {token}"}).status_code


@pytest.fixture
def user(factory, org):
    return factory.user("bureau", username="clerk")


def test_logout_ends_the_session_and_remember_cookie_on_the_server(app, client, user, db):
    session_cookie, remember_cookie = _log_in(client, "clerk")
    assert _is_logged_in(_replay(app, session_cookie))
    assert _is_logged_in(_replay(app, remember_cookie=remember_cookie))
    assert client.post("/logout").status_code == 302
    assert not _is_logged_in(client)
    assert not _is_logged_in(_replay(app, session_cookie))
    assert not _is_logged_in(_replay(app, remember_cookie=remember_cookie))
    assert not _is_logged_in(_replay(app, session_cookie, remember_cookie))
    (login,) = db.scalars(select(LoginSession).where(LoginSession.user_id == user.id)).all()
    assert login.ended_at is not None


def test_logout_ends_only_that_login(app, client, user):
    _log_in(client, "clerk")
    laptop = app.test_client()
    laptop_cookies = _log_in(laptop, "clerk")
    client.post("/logout")
    assert _is_logged_in(laptop)
    assert _is_logged_in(_replay(app, *laptop_cookies))


@pytest.mark.parametrize("keep_tokens", [False, True])
def test_password_change_ends_every_other_login(app, client, user, db, keep_tokens):
    token = accounts.create_token(db, user, "报表脚本")
    db.commit()
    phone = app.test_client()
    phone_cookies = _log_in(phone, "clerk")
    _log_in(client, "clerk")
    data = {"current": PW, "new": NEW_PW, "confirm": NEW_PW}
    if keep_tokens:
        data["keep_tokens"] = "y"
    response = client.post("/account/password", data=data)
    assert response.status_code == 302
    # the browser that changed it stays logged in, its remember cookie renewed
    assert _is_logged_in(client)
    assert _is_logged_in(_replay(app, remember_cookie=client.get_cookie(REMEMBER).value))
    # every other login, and copies of its cookies, ends
    assert not _is_logged_in(phone)
    assert not _is_logged_in(_replay(app, *phone_cookies))
    assert not _is_logged_in(_replay(app, remember_cookie=phone_cookies[1]))
    # the API tokens are revoked unless kept on purpose
    assert _api_status(app.test_client(), token) == (200 if keep_tokens else 401)
    db.expire_all()
    revoked = db.scalar(select(ApiToken.revoked_at).where(ApiToken.user_id == user.id))
    assert (revoked is None) is keep_tokens


def test_old_cookies_of_the_changing_browser_die_too(app, client, user):
    old_cookies = _log_in(client, "clerk")
    client.post("/account/password", data={"current": PW, "new": NEW_PW, "confirm": NEW_PW})
    assert _is_logged_in(client)
    assert not _is_logged_in(_replay(app, remember_cookie=old_cookies[1]))
    assert not _is_logged_in(_replay(app, *old_cookies))


def test_refused_password_change_ends_nothing(app, client, user, db):
    token = accounts.create_token(db, user, "报表脚本")
    db.commit()
    phone = app.test_client()
    _log_in(phone, "clerk")
    _log_in(client, "clerk")
    response = client.post("/account/password", data={
        "current": PW, "new": "short-pw1", "confirm": "short-pw1"})
    assert response.status_code == 200
    assert "密码至少需要 10 个字符。" in response.get_data(as_text=True)
    assert _is_logged_in(phone) and _is_logged_in(client)
    assert _api_status(app.test_client(), token) == 200
    db.expire_all()
    assert db.get(type(user), user.id).session_version == 1


def test_administrators_reset_ends_every_login_and_token(app, client, login, factory, org, db):
    victim = factory.user("bureau", username="clerk")
    token = accounts.create_token(db, victim, "报表脚本")
    db.commit()
    desk = app.test_client()
    desk_cookies = _log_in(desk, "clerk")
    admin = login("admin")
    response = client.post(f"/admin/users/{victim.id}/password", data={"password": NEW_PW})
    assert response.status_code == 302
    assert not _is_logged_in(desk)
    assert not _is_logged_in(_replay(app, *desk_cookies))
    assert not _is_logged_in(_replay(app, remember_cookie=desk_cookies[1]))
    assert _api_status(app.test_client(), token) == 401
    assert _is_logged_in(client)  # the administrator's own login is untouched
    assert admin.id != victim.id
    # the user logs in again with the new password
    assert app.test_client().post("/login", data={
        "username": "clerk", "password": NEW_PW}).status_code == 302


def test_administrators_reset_of_own_password_keeps_this_browser(app, client, login, db):
    admin = login("admin")
    response = client.post(f"/admin/users/{admin.id}/password", data={"password": NEW_PW})
    assert response.status_code == 302
    assert _is_logged_in(client)


def test_a_cookie_without_version_and_login_is_refused(app, client, user):
    with client.session_transaction() as http_session:
        http_session["_user_id"] = str(user.id)  # the form used before sessions were versioned
        http_session["_fresh"] = True
    assert not _is_logged_in(client)


def test_a_login_older_than_the_remember_cookie_is_refused(app, client, user, db):
    _session_cookie, remember_cookie = _log_in(client, "clerk")
    db.execute(update(LoginSession).values(created_at=utcnow() - timedelta(days=7, minutes=1)))
    db.commit()
    assert not _is_logged_in(_replay(app, remember_cookie=remember_cookie))
    # records that no cookie can name any more are dropped at the user's next login
    db.execute(update(LoginSession).values(created_at=utcnow() - timedelta(days=31)))
    db.commit()
    _log_in(app.test_client(), "clerk")
    assert len(db.scalars(select(LoginSession).where(LoginSession.user_id == user.id)).all()) == 1


def test_disabling_a_user_ends_their_logins_for_good(app, client, login, user, db):
    desk = app.test_client()
    desk_cookies = _log_in(desk, "clerk")
    token = accounts.create_token(db, user)
    db.commit()
    assert _api_status(app.test_client(), token) == 200
    login("admin")
    form = {"display_name": "clerk", "role": "bureau", "school_id": "0", "township_id": "0"}
    assert client.post(f"/admin/users/{user.id}", data=form).status_code == 302  # disabled
    assert not _is_logged_in(desk)
    client.post(f"/admin/users/{user.id}", data={**form, "active": "y"})  # enabled again
    assert not _is_logged_in(_replay(app, *desk_cookies))
    assert _api_status(app.test_client(), token) == 401  # nor does its API token come back


def test_no_administrator_takes_away_their_own_account_or_the_last_one(
        app, client, login, db, factory):
    admin = login("admin")
    own = {"display_name": "admin", "role": "admin", "school_id": "0", "township_id": "0"}
    for form in (own, {**own, "active": "y", "role": "bureau"}):
        response = client.post(f"/admin/users/{admin.id}", data=form)
        assert response.status_code == 200 and (
            "不能停用自己的账号或更改自己的角色：请由其他管理员操作。"
            in response.get_data(as_text=True))
    db.expire_all()
    assert (db.get(User, admin.id).active, db.get(User, admin.id).role) == (True, "admin")
    other = factory.user("admin", username="second")
    other.active = False
    db.commit()
    # another administrator is switched on and off again: that is no one's own account
    assert client.post(f"/admin/users/{other.id}", data={**own, "display_name": "second",
                                                           "active": "y"}).status_code == 302
    db.expire_all()
    assert db.get(User, other.id).active is True
    assert client.post(f"/admin/users/{other.id}", data={**own, "display_name": "second"}
                       ).status_code == 302  # two active: one may be disabled
