"""Real-browser tests: Debian's Chromium driven by Playwright against a live server that runs
the app in a thread, on its own database (a SQLite file, or a fresh PostgreSQL database next
to TEST_DATABASE_URL), filled with the demo county."""
from __future__ import annotations

import os

import pytest

from suite import clock, create_app
from suite.audit import acting_as
from suite.demo import build_demo

from ..live import new_database, serve

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--disable-quic"]
PASSWORD = "e2e-password-1"


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    """The app of the live server, on its own database holding a three-school demo county."""
    url = new_database(tmp_path_factory.mktemp("e2e"))
    os.environ["SUITE_INSTANCE_PATH"] = str(tmp_path_factory.mktemp("instance"))
    # 建议 gets more than the planner's 5 s: another test run may share the cores, and a
    # compliant week must not depend on the machine's load
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "e2e-secret",
                      "SUGGEST_TIME_LIMIT": 40.0})
    with app.app_context(), acting_as(None, "e2e"):
        build_demo(app.extensions["suite_db"].session(), schools=3, today=clock.today(),
                   password=PASSWORD)
        app.extensions["suite_db"].session.remove()
    # the demo as built, before any test changes it: what county_copy restores
    from suite import backup
    snapshot = tmp_path_factory.mktemp("demo") / "demo.backup"
    backup.backup(url, str(snapshot))
    app.config["E2E_DEMO_BACKUP"] = str(snapshot)
    return app


@pytest.fixture(scope="session")
def live_server(live_app):
    with serve(live_app) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def county_copy(live_app, tmp_path_factory):
    """county_copy(**config) -> (app, base URL): a live server of its own on a copy of the demo
    county as it was built (the suite's backup, restored), whatever other modules did to the
    shared live server since; for a module whose requests change the county."""
    made = []

    def _start(**config):
        from suite import backup
        url = new_database(tmp_path_factory.mktemp("copy"))
        backup.restore(url, live_app.config["E2E_DEMO_BACKUP"])
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "copy-secret", **config})
        server = serve(app)
        made.append((app, server))
        return app, server.__enter__()

    yield _start
    for app, server in made:
        server.__exit__(None, None, None)
        app.extensions["suite_db"].engine.dispose()


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


@pytest.fixture
def fill_new_week(live_server):
    """fill_new_week(page, school_code, weeks_ahead) -> its Monday: the menus page's "new
    week" form filled for a school's week `weeks_ahead` weeks from now (not yet submitted)."""
    from datetime import timedelta

    def _fill(page, school_code, weeks_ahead):
        page.goto(live_server + "/menus/weeks")
        today = clock.today()
        monday = today - timedelta(days=today.weekday()) + timedelta(weeks=weeks_ahead)
        value = page.locator("#school_id option", has_text=school_code).get_attribute("value")
        page.select_option("#school_id", value)
        page.fill("#week_start", monday.isoformat())
        return monday
    return _fill
