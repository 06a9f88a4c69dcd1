"""Saves at once on a live server: each request that may write takes SQLite's write lock
before its view reads (suite.web._writes_in_turn), so racing saves run one after the other
instead of some failing with "database is locked" (a 500); a database still busy after its
wait answers 503 in words. On PostgreSQL the same requests run side by side."""
from __future__ import annotations

import os
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from suite import accounts, create_app
from suite.db import is_busy, make_engine
from suite.models import County, User

from ..factories import PASSWORD as PW
from ..live import new_database, serve


@pytest.fixture
def live(tmp_path):
    url = new_database(tmp_path)
    os.environ["SUITE_INSTANCE_PATH"] = str(tmp_path / "instance")
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "live-secret",
                      "WTF_CSRF_ENABLED": False})
    engine = make_engine(url)
    with Session(engine) as session:
        session.add(County(code="350881", name="测试县教育局"))
        session.add(User(username="chief", role="admin", password_hash=accounts.hash_password(PW)))
        session.commit()
    with serve(app) as base_url:
        yield base_url, engine, app
    engine.dispose()
    app.extensions["suite_db"].engine.dispose()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _post(opener, url, fields) -> int:
    try:
        with opener.open(url, urllib.parse.urlencode(fields).encode(), timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_ten_officers_saving_the_county_at_once_all_succeed(live):
    base_url, engine, _app = live
    jar = urllib.request.HTTPCookieProcessor()
    opener = urllib.request.build_opener(jar, _NoRedirect)
    assert _post(opener, base_url + "/login", {"username": "chief", "password": PW}) == 302
    statuses, lock = [], threading.Lock()

    def save(n):
        code = _post(opener, base_url + "/county", {"name": f"第{n}教育局"})
        with lock:
            statuses.append(code)

    threads = [threading.Thread(target=save, args=(n,)) for n in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert statuses == [302] * 10
    with engine.connect() as conn:
        name = conn.scalar(select(County.name))
    assert name in {f"第{n}教育局" for n in range(10)}


def test_a_database_still_busy_answers_503_in_words(live):
    base_url, engine, app = live
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite's write lock")
    jar = urllib.request.HTTPCookieProcessor()
    opener = urllib.request.build_opener(jar, _NoRedirect)
    assert _post(opener, base_url + "/login", {"username": "chief", "password": PW}) == 302
    holder = engine.raw_connection()
    holder.execute("PRAGMA busy_timeout=0")
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock past the wait
    app_engine = app.extensions["suite_db"].engine
    app_engine.dispose()

    @__import__("sqlalchemy").event.listens_for(app_engine, "connect")
    def _short_wait(dbapi_connection, _record):
        dbapi_connection.execute("PRAGMA busy_timeout=200")

    try:
        request = urllib.request.Request(base_url + "/county", urllib.parse.urlencode(
            {"name": "改名"}).encode(), headers={"Accept-Language": "zh-CN"})
        try:
            opener.open(request, timeout=60)
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
