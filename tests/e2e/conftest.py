"""Real-browser tests: Debian's Chromium driven by Playwright against a live server that runs
the app in a thread, on its own database (a SQLite file, or a fresh PostgreSQL database next
to TEST_DATABASE_URL), filled with the demo county."""
from __future__ import annotations

import os
import threading
import uuid
from datetime import date

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from werkzeug.serving import make_server

from suite import create_app, migrate
from suite.audit import acting_as
from suite.demo import build_demo

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--disable-quic"]
PASSWORD = "e2e-password-1"


def _database(tmp_path_factory) -> str:
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        return "sqlite:///" + str(tmp_path_factory.mktemp("e2e") / "e2e.db")
    name = f"e2e_{uuid.uuid4().hex[:8]}"
    admin = create_engine(make_url(base).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(base).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    url = _database(tmp_path_factory)
    migrate.upgrade(url)
    os.environ["SUITE_INSTANCE_PATH"] = str(tmp_path_factory.mktemp("instance"))
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "e2e-secret"})
    with app.app_context(), acting_as(None, "e2e"):
        build_demo(app.extensions["suite_db"].session(), schools=3, today=date.today(),
                   password=PASSWORD)
        app.extensions["suite_db"].session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def chromium():
    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is not installed (the test command installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_as(chromium, live_server):
    """open_as(username, width=1280) -> a logged-in page."""
    contexts = []

    def _open(username, width=1280, height=900):
        context = chromium.new_context(viewport={"width": width, "height": height},
                                       locale="zh-CN")
        contexts.append(context)
        page = context.new_page()
        page.goto(live_server + "/login")
        page.fill("#username", username)
        page.fill("#password", PASSWORD)
        page.click("button.primary")
        page.wait_for_url(live_server + "/")
        return page

    yield _open
    for context in contexts:
        context.close()
