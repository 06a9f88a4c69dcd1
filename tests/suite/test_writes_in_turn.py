"""Saves at once on a live server: each request that may write takes SQLite's write lock
before its view reads (suite.web._writes_in_turn), so racing saves run one after the other
instead of some failing with "database is locked" (a 500); a database still busy after its
wait answers 503 in words. On PostgreSQL the same requests run side by side."""
from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request

import pytest
from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from suite import accounts
from suite.db import is_busy
from suite.models import County, User

from ..factories import PASSWORD as PW
from ..live import at_once, live_server, opener, post_form


@pytest.fixture
def live(tmp_path):
    for base_url, engine, app in live_server(tmp_path):
        with Session(engine) as session:
            session.add(County(code="350881", name="测试县教育局"))
            session.add(User(username="chief", role="admin",
                             password_hash=accounts.hash_password(PW)))
            session.commit()
        yield base_url, engine, app


def test_ten_officers_saving_the_county_at_once_all_succeed(live):
    base_url, engine, _app = live
    chief = opener(cookies=True)
    assert post_form(chief, base_url + "/login", {"username": "chief", "password": PW}) == 302
    statuses = at_once(lambda n: post_form(chief, base_url + "/county",
                                           {"name": f"第{n}教育局"}), 10)
    assert statuses == [302] * 10
    with engine.connect() as conn:
        name = conn.scalar(select(County.name))
    assert name in {f"第{n}教育局" for n in range(10)}


def test_a_database_still_busy_answers_503_in_words(live):
    base_url, engine, app = live
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite's write lock")
    chief = opener(cookies=True)
    assert post_form(chief, base_url + "/login", {"username": "chief", "password": PW}) == 302
    holder = engine.raw_connection()
    holder.execute("PRAGMA busy_timeout=0")
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock past the wait
    app_engine = app.extensions["suite_db"].engine
    app_engine.dispose()

    @event.listens_for(app_engine, "connect")
    def _short_wait(dbapi_connection, _record):
        dbapi_connection.execute("PRAGMA busy_timeout=200")

    try:
        request = urllib.request.Request(base_url + "/county", urllib.parse.urlencode(
            {"name": "改名"}).encode(), headers={"Accept-Language": "zh-CN"})
        try:
            chief.open(request, timeout=60)
            status, page, retry = 200, "", None
        except urllib.error.HTTPError as exc:
            status, page, retry = exc.code, exc.read().decode(), exc.headers.get("Retry-After")
    finally:
        holder.rollback()
        holder.close()
    assert (status, retry) == (503, "5")
    assert "数据库正忙" in page
    with engine.connect() as conn:
        assert conn.scalar(select(County.name)) == "测试县教育局"


def test_is_busy_knows_sqlites_lock_error():
    assert is_busy(OperationalError("x", {}, Exception("database is locked")))
    assert not is_busy(OperationalError("x", {}, Exception("no such table: x")))
