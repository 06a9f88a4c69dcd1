"""A county report takes seconds: its link says it is being made, counting the seconds, and a
workbook is saved under the server's file name once it has arrived."""
from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from suite import clock

pytestmark = pytest.mark.e2e


def test_county_workbook_shows_it_is_being_made_then_downloads(open_as, live_server):
    page = open_as("bureau")
    today = clock.today()
    month = f"{today.year:04d}-{today.month:02d}"

    def slow(route):  # a county of hundreds of schools: the report takes a while
        time.sleep(2.5)
        route.continue_()

    page.route("**/subsidy/reports/county/*.xlsx", slow)
    page.goto(f"{live_server}/subsidy/?month={month}")
    assert page.get_attribute("#county-pdf", "data-wait") == "正在生成全县报表，已用 {s} 秒…"
    with page.expect_download(timeout=60_000) as download:
        page.click("#county-xlsx")
        status = page.locator(".wait[role=status]")
        status.wait_for(timeout=2000)
        assert status.inner_text().startswith("正在生成全县报表，已用 ")
        assert page.get_attribute("#county-xlsx", "aria-busy") == "true"
        # a locator assertion, not a JavaScript string: the page's CSP forbids eval
        # (the route's sleep holds this thread, so the count may be past 2 when it is read)
        expect(page.locator(".wait span")).to_contain_text(
            re.compile(r"已用 [1-9][0-9]* 秒"), timeout=5000)
    saved = download.value
    assert saved.suggested_filename.endswith(f"{month}.xlsx"), saved.suggested_filename
    with open(saved.path(), "rb") as body:
        assert body.read(2) == b"PK"  # an xlsx is a zip archive
    page.wait_for_selector(".wait", state="detached", timeout=5000)
    assert page.get_attribute("#county-xlsx", "aria-busy") is None
