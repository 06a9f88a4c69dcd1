"""A canteen manager enters a delivery with a rejected line on a phone-size screen and sees
the stock change."""
from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.e2e


def _stock_kg(page, live_server, food):
    page.goto(live_server + "/procurement/stock")
    row = page.locator("tr", has=page.locator("td", has_text=re.compile(f"^{food}$")))
    if row.count() == 0:
        return 0.0
    return float(row.first.locator("td").nth(2).inner_text())


def test_delivery_with_a_rejected_line_on_a_phone(open_as, live_server):
    page = open_as("canteen-s0001", width=390, height=844)
    rice_before = _stock_kg(page, live_server, "大米")
    potato_before = _stock_kg(page, live_server, "马铃薯")
    page.goto(live_server + "/procurement/deliveries/new")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    page.select_option("#supplier_id", index=1)
    page.fill("#invoice_no", "E2E-0001")
    page.fill("#checker", "王老师")
    page.fill("#lines-0-item", "大米")
    page.fill("#lines-0-quantity", "10")
    page.fill("#lines-0-unit_price", "5.80")
    page.fill("#lines-1-item", "土豆")
    page.fill("#lines-1-quantity", "5")
    page.fill("#lines-1-unit_price", "2.40")
    page.uncheck("#lines-1-accepted")
    page.fill("#lines-1-reject_reason", "发芽")
    page.click("button.primary")
    page.wait_for_url(re.compile(r".*/procurement/deliveries/\d+$"))
    body = page.inner_text("main")
    assert "70.00" in body          # 10 × 5.80 + 5 × 2.40 = 58.00 + 12.00
    assert "10000" in body and "E+" not in body  # grams printed plainly
    assert "拒收" in body and "发芽" in body
    assert _stock_kg(page, live_server, "大米") == pytest.approx(rice_before + 10)
    assert _stock_kg(page, live_server, "马铃薯") == pytest.approx(potato_before)
