"""Procurement pages on a 390-px phone (issue 9, item 24): no page scrolls sideways, delivery
line headers do not stack one character per line, stock and deliveries read as cards, and
the monthly ledger scrolls inside the page with its first column in view."""
from __future__ import annotations

import os
import re

import pytest

pytestmark = pytest.mark.e2e

WIDTH = 390
SHOTS = os.environ.get("LAYOUT_SCREENSHOTS")  # a folder to keep screenshots in, when set


def _fits(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH, name


def _narrowest_visible_cell(page) -> float:
    """Width in px of the narrowest visible table cell holding text (a one-character column
    is about one character wide)."""
    return page.evaluate("""() => Math.min(...[...document.querySelectorAll('main th, main td')]
        .filter(c => c.offsetParent !== null && c.innerText.trim().length > 1)
        .map(c => c.getBoundingClientRect().width))""")


def test_canteen_manager_pages_fit_a_phone(open_as, live_server):
    page = open_as("canteen-s0001", width=WIDTH, height=844)
    page.goto(live_server + "/procurement/deliveries?from=2020-01-01")
    _fits(page, "deliveries")
    link = page.locator("main table a").first
    link.click()
    page.wait_for_url(re.compile(r".*/procurement/deliveries/\d+$"))
    _fits(page, "delivery")
    assert _narrowest_visible_cell(page) >= 60  # no header one character per line
    for th in page.locator("main table thead th").all():
        assert not th.is_visible()  # the lines are cards: each value beside its label
    assert page.locator("main table tbody td[data-label]").first.is_visible()
    page.goto(live_server + "/procurement/stock")
    _fits(page, "stock")
    assert _narrowest_visible_cell(page) >= 60
    page.goto(live_server + "/procurement/ledger")
    _fits(page, "ledger")
    scroller = page.locator(".ledger-scroll")
    assert scroller.evaluate("e => e.scrollWidth > e.clientWidth")  # scrolls inside the page
    first = page.locator("table.ledger tbody tr").first.locator("td").first
    before = first.bounding_box()["x"]
    scroller.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
    assert first.bounding_box()["x"] == pytest.approx(before, abs=1)  # the date stays


def test_bureau_stock_and_deliveries_fit_a_phone(open_as, live_server):
    page = open_as("bureau", width=WIDTH, height=844)
    page.goto(live_server + "/procurement/stock")
    _fits(page, "bureau-stock")
    assert "请选择学校" not in page.inner_text("main")
    assert page.locator("#county-stock tbody tr").count() >= 3
    page.goto(live_server + "/procurement/deliveries?from=2020-01-01")
    _fits(page, "bureau-deliveries")
    assert page.locator("#totals").is_visible()
