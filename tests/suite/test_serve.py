"""Serving as in production: gunicorn with deploy/gunicorn.conf.py keeps answering when a
worker dies mid-request; SQLite runs in WAL mode; behind nginx (PROXY_COUNT) the client's own
address and scheme reach the app, and without it forwarded headers are not believed."""
from __future__ import annotations

import os
import runpy
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import text

from suite import create_app
from suite.auth import public
from suite.db import make_engine

from ..live import new_database

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _wait_until_up(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, "gunicorn exited"
        try:
            if _get(url) == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("gunicorn did not answer within a minute")


def _workers(master_pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(master_pid)], capture_output=True, text=True)
    return [int(p) for p in found.stdout.split()]


@pytest.fixture
def gunicorn(tmp_path):
    url = new_database(tmp_path)
    port = _free_port()
    env = dict(os.environ, DATABASE_URL=url, PORT=str(port), WORKERS="2",
               SUITE_INSTANCE_PATH=str(tmp_path / "instance"), SECRET_KEY="serve-test")
    log = open(tmp_path / "gunicorn.log", "w")
    server = subprocess.Popen([str(ROOT / ".venv" / "bin" / "gunicorn"), "-c",
                               "deploy/gunicorn.conf.py", "suite:create_app()"],
                              cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base + "/login", server)
        yield {"base": base, "pid": server.pid, "url": url}
    finally:
        server.terminate()
        server.wait(timeout=40)
        log.close()


def test_a_dead_worker_does_not_take_the_service_down(gunicorn):
    # the first worker may answer before the second has been forked (seen on a busy machine)
    deadline = time.monotonic() + 30
    while len(workers := _workers(gunicorn["pid"])) < 2:
        assert time.monotonic() < deadline, f"gunicorn started {len(workers)} of 2 workers"
        time.sleep(0.2)
    assert len(workers) == 2
    for pid in workers:  # both at once: for a moment no worker is left at all
        os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while len(set(_workers(gunicorn["pid"])) - set(workers)) < 2:
        assert time.monotonic() < deadline, "gunicorn did not replace its workers"
        time.sleep(0.2)
    assert [_get(gunicorn["base"] + "/login") for _ in range(10)] == [200] * 10


def test_the_master_compiles_every_page_template_before_it_forks(tmp_path):
    hooks = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))
    app = create_app({"DATABASE_URL": new_database(tmp_path), "SECRET_KEY": "serve-test",
                      "SUITE_INSTANCE_PATH": str(tmp_path / "instance")})
    server = SimpleNamespace(app=SimpleNamespace(wsgi=lambda: app))
    env = app.jinja_env
    pages = env.list_templates(extensions=("html",))
    assert len(pages) > 100 and len(env.cache) == 0
    hooks["when_ready"](server)
    assert {name for _loader, name in env.cache.keys()} == set(pages)


def test_sqlite_runs_in_wal_mode(tmp_path):
    """Readers never wait for a writer: many workers share the one file."""
    engine = make_engine("sqlite:///" + str(tmp_path / "wal.db"))
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 15000
    engine.dispose()


def _seen_by(app):
    @app.get("/_seen")
    @public
    def _seen():
        from flask import request
        return f"{request.remote_addr} {request.scheme}"

    headers = {"X-Forwarded-For": "10.20.30.40", "X-Forwarded-Proto": "https"}
    return app.test_client().get("/_seen", headers=headers).get_data(as_text=True)


def test_behind_one_proxy_the_client_address_is_believed(tmp_path, monkeypatch):
    monkeypatch.setenv("SUITE_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("PROXY_COUNT", "1")
    assert _seen_by(create_app({"SECRET_KEY": "k"})) == "10.20.30.40 https"
    monkeypatch.delenv("PROXY_COUNT")
    assert _seen_by(create_app({"SECRET_KEY": "k"})) == "127.0.0.1 http"


def test_the_secret_key_is_made_once_and_kept_private(tmp_path, monkeypatch):
    monkeypatch.setenv("SUITE_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = create_app().config["SECRET_KEY"]
    assert create_app().config["SECRET_KEY"] == first and len(first) == 64
    assert os.stat(tmp_path / "secret_key").st_mode & 0o777 == 0o600
