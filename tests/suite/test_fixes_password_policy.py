"""Issue 9 item 18: passwords have at least 10 characters, are not the user name nor contain
it, and are not among the most common passwords (shipped in suite/data); checked on create,
change and reset, with Chinese messages."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from suite import passwords
from suite.models import User

from ..factories import PASSWORD as PW

TOO_SHORT = "密码至少需要 10 个字符。"
HAS_NAME = "密码不能包含用户名。"
COMMON = "该密码属于最常见的密码，请换一个。"


@pytest.mark.parametrize("username, password, message", [
    ("clerk", "short-pw1", TOO_SHORT),  # 9 characters: accepted under the old 8-character rule
    ("clerk", "", TOO_SHORT),
    ("zhangsan01", "zhangsan01", HAS_NAME),
    ("zhangsan", "ZhangSan-2026", HAS_NAME),
    ("clerk", "1234567890", COMMON),
    ("clerk", "QwertyUIOP", COMMON),
    ("clerk", "1qaz2wsx3edc", COMMON),
    ("clerk", "password123", COMMON),
])
def test_policy_messages(app, username, password, message):
    assert passwords.check_password_strength(password, username) == message


@pytest.mark.parametrize("password, username", [
    ("correct-horse-9", "admin"),  # the tests' password
    ("e2e-password-1", "canteen-s0001"),  # the browser tests'
    ("demo-pass-2026", "nutritionist"),  # the demo's
    ("ab-horse-battery", "ab"),  # a name under three characters is not searched for
])
def test_good_passwords_pass(app, password, username):
    assert passwords.check_password_strength(password, username) is None


def test_the_demo_password_passes_for_every_demo_user(app):
    import inspect

    from suite import demo
    password = "demo-pass-2026"
    assert 'f"demo-pass-{seed}"' in inspect.getsource(demo.build_demo)
    names = ["admin", "bureau", "nutritionist"] + [f"canteen-s{n:04d}" for n in range(1, 201)] \
        + [f"township-{n}" for n in range(1, 13)]
    assert all(passwords.check_password_strength(password, name) is None for name in names)


def test_the_common_password_list_is_shipped_and_sourced():
    text = passwords.COMMON_PASSWORDS.read_text(encoding="utf-8")
    assert "zxcvbn" in text.splitlines()[1]  # where it came from
    common = passwords.common_passwords()
    assert 3000 <= len(common) <= 5000
    assert {"123456", "password", "qwertyuiop", "1qaz2wsx3edc"} <= common
    assert all(word == word.lower() for word in common)
    assert sum(len(word) >= passwords.MIN_PASSWORD_LENGTH for word in common) > 1000


def _user_count(db):
    return db.scalar(select(func.count()).select_from(User))


@pytest.mark.parametrize("username, password, message", [
    ("cook2", "short-pw1", TOO_SHORT), ("wangwu", "wangwu-1234", HAS_NAME),
    ("cook2", "1234567890", COMMON)])
def test_create_refuses_a_weak_password(client, login, db, username, password, message):
    login("admin")
    before = _user_count(db)
    response = client.post("/admin/users/new", data={
        "username": username, "display_name": "厨师", "role": "nutritionist", "school_id": "0",
        "township_id": "0", "password": password})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert message in page
    assert _user_count(db) == before


def test_cli_create_refuses_a_common_password(runner, db, org):
    result = runner.invoke(args=["users", "create", "cook", "--role", "nutritionist"],
                           input="qwertyuiop\n")
    assert result.exit_code != 0
    assert COMMON in result.output
    assert db.scalar(select(User.id).where(User.username == "cook")) is None


@pytest.mark.parametrize("password, message", [
    ("short-pw1", TOO_SHORT), ("1234567890", COMMON)])
def test_change_refuses_a_weak_password(client, login, db, password, message):
    user = login("nutritionist")
    before = user.password_hash
    response = client.post("/account/password", data={
        "current": PW, "new": password, "confirm": password})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    db.refresh(user)
    assert user.password_hash == before


def test_change_refuses_the_user_name(client, login, db):
    user = login("nutritionist", username="lisi-canteen")
    before = user.password_hash
    response = client.post("/account/password", data={
        "current": PW, "new": "lisi-canteen-2026", "confirm": "lisi-canteen-2026"})
    assert HAS_NAME in response.get_data(as_text=True)
    db.refresh(user)
    assert user.password_hash == before


@pytest.mark.parametrize("password, message", [
    ("short-pw1", TOO_SHORT), ("clerk-2026-x", HAS_NAME), ("qwerty123456", COMMON)])
def test_reset_refuses_a_weak_password(client, login, factory, db, password, message):
    victim = factory.user("bureau", username="clerk")
    before = victim.password_hash
    login("admin")
    response = client.post(f"/admin/users/{victim.id}/password", data={"password": password},
                           follow_redirects=True)
    assert message in response.get_data(as_text=True)
    db.refresh(victim)
    assert victim.password_hash == before and victim.session_version == 1
