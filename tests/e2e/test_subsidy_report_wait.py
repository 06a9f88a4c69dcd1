"""A county report takes seconds: its link says it is being made, counting the seconds, and a
workbook is saved under the server's file name once it has arrived."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from suite import clock

pytestmark = pytest.mark.e2e


def test_county_workbook_shows_it_is_being_made_then_downloads(open_as, live_server):
    page = open_as("bureau")
    today = clock.today()
    month = f"{today.year:04d}-{today.month:02d}"

    # a county of hundreds of schools takes a while: the request is held until the page has
    # been checked, then let through (a handler that slept instead held this thread too, so
    # the report could arrive, and its status go, between two of the checks)
    held = []

    def hold(route):
        held.append(route)

    page.route("**/subsidy/reports/county/*.xlsx", hold)
    page.goto(f"{live_server}/subsidy/?month={month}")
    assert page.get_attribute("#county-pdf", "data-wait") == "正在生成全县报表，已用 {s} 秒…"
    with page.expect_download(timeout=60_000) as download:
        page.click("#county-xlsx")
        status = page.locator(".wait[role=status]")
        status.wait_for(timeout=5000)
        assert status.inner_text().startswith("正在生成全县报表，已用 ")
        assert page.get_attribute("#county-xlsx", "aria-busy") == "true"
        # a locator assertion, not a JavaScript string: the page's CSP forbids eval
        expect(page.locator(".wait span")).to_contain_text(
            re.compile(r"已用 [1-9][0-9]* 秒"), timeout=5000)
        for _ in range(50):  # the request reaches the handler as this thread waits
            if held:
                break
            page.wait_for_timeout(100)
        assert len(held) == 1
        held[0].continue_()
    saved = download.value
    assert saved.suggested_filename.endswith(f"{month}.xlsx"), saved.suggested_filename
    with open(saved.path(), "rb") as body:
        assert body.read(2) == b"PK"  # an xlsx is a zip archive
    page.wait_for_selector(".wait", state="detached", timeout=5000)
    assert page.get_attribute("#county-xlsx", "aria-busy") is None
