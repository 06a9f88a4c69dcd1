"""Login, lockout, passwords, CSRF, cookies and security headers."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from suite import accounts
from suite.db import utcnow
from suite.models import LoginFailure, School, User

GENERIC = "Wrong user name or password, or the account is locked for a while."
PW = "correct-horse-9"


def _login(client, username, password):
    return client.post("/login", data={"username": username, "password": password})


def test_password_is_stored_as_scrypt_hash(factory, org):
    user = factory.user("nutritionist")
    assert user.password_hash.startswith("scrypt:")
    assert PW not in user.password_hash


def test_good_login_redirects_home(en, factory, org):
    user = factory.user("bureau")
    response = _login(en, user.username, PW)
    assert response.status_code == 302 and response.headers["Location"] == "/"


@pytest.mark.parametrize("username, password", [("nobody", PW), ("known", "wrong-password")])
def test_bad_login_gives_one_generic_message_and_counts(en, factory, org, db, username, password):
    factory.user("bureau", username="known")
    response = _login(en, username, password)
    assert response.status_code == 200
    assert GENERIC in response.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(LoginFailure)
                     .where(LoginFailure.username == username)) == 1


def test_five_failures_lock_the_account_for_fifteen_minutes(en, factory, org, db):
    user = factory.user("bureau", username="locked")
    for _ in range(5):
        _login(en, "locked", "wrong-password")
    response = _login(en, "locked", PW)  # the right password no longer opens it
    assert response.status_code == 200 and GENERIC in response.get_data(as_text=True)
    assert accounts.is_locked(db, "locked")
    later = utcnow() + timedelta(minutes=15, seconds=1)
    assert not accounts.is_locked(db, "locked", now=later)
    assert accounts.authenticate(db, "locked", PW, now=later) is user


def test_four_failures_do_not_lock(en, factory, org):
    factory.user("bureau", username="careful")
    for _ in range(4):
        _login(en, "careful", "wrong-password")
    assert _login(en, "careful", PW).status_code == 302


def test_unknown_users_are_locked_alike(db, org):
    for _ in range(5):
        assert accounts.authenticate(db, "ghost", "x") is None
    assert accounts.is_locked(db, "ghost")


def test_disabled_user_cannot_log_in(en, factory, org, db):
    user = factory.user("bureau")
    user.active = False
    db.flush()
    response = _login(en, user.username, PW)
    assert GENERIC in response.get_data(as_text=True)


def test_admin_reset_clears_the_lock(en, login, factory, db):
    factory.user("bureau", username="victim")
    for _ in range(5):
        _login(en, "victim", "wrong-password")
    login("admin")
    victim = db.scalar(select(User).where(User.username == "victim"))
    en.post(f"/admin/users/{victim.id}/password", data={"password": "brand-new-pass"})
    en.post("/logout")
    assert _login(en, "victim", "brand-new-pass").status_code == 302


def test_change_password(en, login, db):
    user = login("nutritionist")
    response = en.post("/account/password", data={
        "current": PW, "new": "another-pass-1", "confirm": "another-pass-1"})
    assert response.status_code == 302
    en.post("/logout")
    assert _login(en, user.username, "another-pass-1").status_code == 302


def test_change_password_with_wrong_current_changes_nothing(en, login, db):
    user = login("nutritionist")
    before = user.password_hash
    response = en.post("/account/password", data={
        "current": "not-it", "new": "another-pass-1", "confirm": "another-pass-1"})
    assert "The current password is wrong." in response.get_data(as_text=True)
    db.refresh(user)
    assert user.password_hash == before


def test_change_password_mismatch_is_shown_next_to_the_field(en, login):
    login("nutritionist")
    page = en.post("/account/password", data={
        "current": PW, "new": "another-pass-1", "confirm": "another-pass-2"}).get_data(as_text=True)
    assert "The two passwords differ." in page


def test_anonymous_is_sent_to_login(client):
    response = client.get("/schools")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("target", [
    "//evil.example/x", "/%09/evil.example", "/%0d%0a", "/%5C%5Cevil.example", "/\\evil.example",
    "https://evil.example", "/%0a/evil.example", "/%7F/evil.example"])
def test_next_parameter_cannot_redirect_off_site(en, factory, org, target):
    """Browsers drop tabs and line breaks from a Location and read "\\" as "/": each of these
    would leave the site (or, with a line break, broke the response with a 500)."""
    user = factory.user("bureau")
    response = en.post(f"/login?next={target}",
                       data={"username": user.username, "password": PW})
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_next_parameter_keeps_a_local_page(en, factory, org):
    user = factory.user("bureau")
    response = en.post("/login?next=/menus/weeks%3Fq%3D%E5%A4%A7%E7%B1%B3",
                       data={"username": user.username, "password": PW})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/menus/weeks?q=")


def test_the_language_switch_goes_back_only_to_a_local_page(client, org):
    for target, where in (("/\t/evil.example", "/"), ("/\n/x", "/"), ("/audit", "/audit")):
        response = client.post("/language", data={"locale": "en", "next": target})
        assert response.status_code == 302 and response.headers["Location"] == where, target


def test_security_headers_and_cookie_flags(en, factory, org):
    user = factory.user("bureau")
    response = _login(en, user.username, PW)
    headers = response.headers
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    cookie = [c for c in headers.getlist("Set-Cookie") if c.startswith("session=")][0]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_secure_cookies_are_configurable(make_app):
    app = make_app(COOKIE_SECURE=True)
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]


# CSRF: a separate app with protection on, as in production


@pytest.fixture
def csrf_client(make_app, factory, org):
    app = make_app(WTF_CSRF_ENABLED=True)
    return app.test_client()


def test_post_without_csrf_token_is_400_and_changes_nothing(csrf_client, factory, db, org):
    school = org.schools[0]
    response = csrf_client.post("/login", data={"username": "x", "password": "y"})
    assert response.status_code == 400
    assert db.scalar(select(func.count()).select_from(LoginFailure)) == 0
    response = csrf_client.post(f"/schools/{school.id}/edit", data={"name": "改名"})
    assert response.status_code == 400
    db.refresh(school)
    assert school.name == "东镇中心小学"


def test_every_form_page_carries_a_csrf_token(csrf_client, factory, org):
    page = csrf_client.get("/login").get_data(as_text=True)
    assert 'name="csrf_token"' in page


def test_upload_over_the_limit_is_413(make_app, factory, org):
    app = make_app(MAX_CONTENT_LENGTH=1024)
    response = app.test_client().post("/login", data={"username": "x" * 4096, "password": "y"})
    assert response.status_code == 413
    assert "文件超过了服务器接受的大小（最大 1 KB）。" in response.get_data(as_text=True)
    big = make_app(MAX_CONTENT_LENGTH=32 * 1024 * 1024).test_client().post(
        "/login", data={"username": "x" * (33 * 1024 * 1024), "password": "y"})
    assert "（最大 32 MB）" in big.get_data(as_text=True)


def test_no_school_leaks_through_login_page(client, org, db):
    assert db.scalar(select(func.count()).select_from(School)) == 3
    page = client.get("/login").get_data(as_text=True)
    assert "东镇中心小学" not in page
