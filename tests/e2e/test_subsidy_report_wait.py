"""A county report takes seconds: its link says it is being made, counting the seconds, and a
workbook is saved under the server's file name once it has arrived."""
from __future__ import annotations

import time

import pytest

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
        page.wait_for_function(
            "document.querySelector('.wait span').textContent.includes('已用 2 秒')",
            timeout=5000)
    saved = download.value
    assert saved.suggested_filename.endswith(f"{month}.xlsx"), saved.suggested_filename
    with open(saved.path(), "rb") as body:
        assert body.read(2) == b"PK"  # an xlsx is a zip archive
    page.wait_for_selector(".wait", state="detached", timeout=5000)
    assert page.get_attribute("#county-xlsx", "aria-busy") is None
