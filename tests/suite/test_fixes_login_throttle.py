"""Issue 9 item 16: failed logins are counted per account and per IP in the database; a locked
account still opens to its right password from an IP with no recent failures, a right
password never extends a lock, and one IP is throttled whatever user names it tries."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from suite import accounts
from suite.db import utcnow
from suite.models import LoginFailure

from ..factories import PASSWORD as PW
from ..live import at_once, live_server, opener, post_form

GENERIC = "用户名或密码错误，或账号已被暂时锁定。"
THROTTLED = "此地址登录失败次数过多，请 15 分钟后再试。"
STRANGER, OWNER = "198.51.100.7", "203.0.113.9"


def _login(client, username, password, ip):
    return client.post("/login", data={"username": username, "password": password},
                       environ_overrides={"REMOTE_ADDR": ip})


def _failures(db, **where):
    stmt = select(func.count()).select_from(LoginFailure)
    for column, value in where.items():
        stmt = stmt.where(getattr(LoginFailure, column) == value)
    return db.scalar(stmt)


@pytest.mark.parametrize("username, password", [("nobody", PW), ("admin", "wrong-password")])
def test_unknown_user_and_wrong_password_get_one_generic_chinese_message(
        client, factory, org, db, username, password):
    factory.user("admin", username="admin")
    response = _login(client, username, password, STRANGER)
    assert response.status_code == 200
    assert GENERIC in response.get_data(as_text=True)
    assert _failures(db, username=username, ip=STRANGER) == 1


def test_strangers_failures_do_not_keep_the_administrator_out(client, factory, org, db):
    factory.user("admin", username="admin")
    for _ in range(5):
        assert GENERIC in _login(client, "admin", "guess", STRANGER).get_data(as_text=True)
    assert accounts.is_locked(db, "admin")
    # the stranger's IP stays refused, even with the right password ...
    assert GENERIC in _login(client, "admin", PW, STRANGER).get_data(as_text=True)
    # ... but the administrator, from an IP with no recent failures, gets in
    response = _login(client, "admin", PW, OWNER)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert accounts.is_locked(db, "admin")  # still locked for the stranger
    assert _failures(db, username="admin") == 5


def test_right_password_never_extends_the_lock(factory, org, db):
    user = factory.user("bureau", username="clerk")
    start = utcnow()
    for minute in range(5):
        assert accounts.authenticate(db, "clerk", "guess", ip=STRANGER,
                                     now=start + timedelta(minutes=minute)) is None
    # the right password from the failing IP is refused, and not counted as a failure
    assert accounts.authenticate(db, "clerk", PW, ip=STRANGER,
                                 now=start + timedelta(minutes=10)) is None
    assert _failures(db, username="clerk") == 5
    # the lock ends 15 minutes after the failure that made it (the 5th, at minute 4) allowed
    # the count to fall below five: the first failure leaves the window at minute 15
    assert accounts.authenticate(db, "clerk", PW, ip=STRANGER,
                                 now=start + timedelta(minutes=15, seconds=1)) is user
    assert _failures(db, username="clerk", ip=STRANGER) == 0


def test_one_ip_is_throttled_whatever_user_names_it_tries(client, factory, org, db):
    factory.user("bureau", username="clerk")
    for n in range(accounts.IP_FAILURES):
        response = _login(client, f"name{n % 7}", "guess", STRANGER)
        assert GENERIC in response.get_data(as_text=True)
    assert _failures(db, ip=STRANGER) == 20
    # the 21st try is refused before any password is checked, even a right one
    response = _login(client, "clerk", PW, STRANGER)
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert THROTTLED in page and GENERIC not in page
    assert client.get("/").status_code == 302  # not logged in
    assert _failures(db, ip=STRANGER) == 20  # refused tries do not extend the throttle
    # another IP is not affected, and the account itself is not locked
    assert not accounts.is_locked(db, "clerk")
    assert _login(client, "clerk", PW, OWNER).status_code == 302


def test_throttle_ends_after_the_window(factory, org, db):
    user = factory.user("bureau", username="clerk")
    start = utcnow()
    for n in range(20):
        accounts.authenticate(db, f"guess{n}", "x", ip=STRANGER, now=start)
    with pytest.raises(accounts.LoginThrottled) as refused:
        accounts.authenticate(db, "clerk", PW, ip=STRANGER, now=start + timedelta(minutes=14))
    assert str(refused.value) == THROTTLED
    later = start + timedelta(minutes=15, seconds=1)
    assert accounts.authenticate(db, "clerk", PW, ip=STRANGER, now=later) is user


def test_change_password_counts_failures_for_the_lock(client, login, db):
    user = login("nutritionist")
    for _ in range(5):
        client.post("/account/password", data={
            "current": "not-it", "new": "another-pass-1", "confirm": "another-pass-1"})
    assert accounts.is_locked(db, user.username)
    assert _failures(db, username=user.username, ip="127.0.0.1") == 5


# the counts live in the database and hold under parallel requests (several workers)


@pytest.fixture
def live(tmp_path):
    for base_url, engine, _app in live_server(tmp_path):
        yield base_url, engine


def test_parallel_failures_from_one_ip_stop_at_the_limit(live):
    base_url, engine = live
    statuses = at_once(lambda n: post_form(opener(), base_url + "/login", {
        "username": f"guess{n}", "password": "x"}), 30)
    assert sorted(statuses) == [200] * 20 + [429] * 10
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(LoginFailure)
                           .where(LoginFailure.ip == "127.0.0.1")) == 20


def test_parallel_right_logins_all_succeed(live):
    """Twelve people logging in at once (SQLite: each login deletes its try after reading, so
    it takes the write lock first instead of failing with "database is locked")."""
    from sqlalchemy.orm import Session

    from suite.models import User
    base_url, engine = live
    with Session(engine) as session:
        session.add_all(User(username=f"cook{n}", role="nutritionist",
                             password_hash=accounts.hash_password(PW)) for n in range(12))
        session.commit()
    statuses = at_once(lambda n: post_form(opener(), base_url + "/login", {
        "username": f"cook{n}", "password": PW}), 12)
    assert statuses == [302] * 12
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(LoginFailure)) == 0


def test_one_user_logging_in_twice_at_once_gets_in_both_times(live):
    """A double-click on 登录, or two cooks sharing the canteen's account: each right login
    deletes the name's tries from its IP, the other's too, which gave the other a 500."""
    from sqlalchemy.orm import Session

    from suite.models import User
    base_url, engine = live
    with Session(engine) as session:
        session.add(User(username="cook", role="canteen_manager",
                         password_hash=accounts.hash_password(PW)))
        session.commit()
    for n in (2, 2, 4, 4):  # (a try still running counts as a failure: 5 at once would lock)
        statuses = at_once(lambda _i: post_form(opener(), base_url + "/login", {
            "username": "cook", "password": PW}), n)
        assert statuses == [302] * n
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(LoginFailure)) == 0
