"""A nutritionist builds a dish, plans a week with the live analysis, takes it through
approval and publication, downloads the PDF, and the public page shows it."""
from __future__ import annotations

import re
import subprocess
from datetime import timedelta

import pytest

from suite import clock

pytestmark = pytest.mark.e2e
DISH = "青菜豆腐汤"


def _weekly_energy(page) -> str:
    cell = page.locator("table.analysis tbody tr").first.locator("td").nth(0)
    return cell.inner_text().strip()


def test_nutritionist_menu_journey(open_as, live_server, tmp_path, fill_new_week):
    page = open_as("nutritionist")

    # 1. a new dish
    page.goto(live_server + "/menus/dishes/new")
    page.fill("#name", DISH)
    page.select_option("#category", "soup")
    page.fill("#ingredients-0-food", "豆腐")
    page.fill("#ingredients-0-grams", "60")
    page.fill("#ingredients-1-food", "小白菜")
    page.fill("#ingredients-1-grams", "80")
    page.click("button.primary")
    page.wait_for_url(re.compile(r".*/menus/dishes/\d+$"))
    assert DISH in page.inner_text("h1")

    # 2. plan an empty future week from scratch
    fill_new_week(page, "S0001", 3)
    page.click("form[action$='/menus/weeks/new'] button.primary")
    page.wait_for_url(re.compile(r".*/menus/weeks/\d+$"))
    assert "Add dishes to see the analysis." in page.content() or "添加菜品" in page.content()

    # 3. this week's published menu: a new revision, planned with the live analysis
    page.goto(live_server + "/menus/weeks")
    this_monday = clock.today() - timedelta(days=clock.today().weekday())
    page.locator("tr", has_text="城关").filter(has_text=this_monday.isoformat()).first \
        .locator("a").first.click()
    page.click("form[action$='/revise'] button")
    page.wait_for_url(re.compile(r".*/menus/weeks/\d+$"))
    page.evaluate("window.__noReload = true")
    before = _weekly_energy(page)
    page.fill("#dish-q", DISH)
    page.locator("#dish-results li", has_text=DISH).locator("button").click()
    page.wait_for_selector(f"#planner .dish a:has-text('{DISH}')")
    page.wait_for_selector("#planner:not([aria-busy])")
    assert page.evaluate("window.__noReload") is True      # updated without a reload
    after = _weekly_energy(page)
    assert after != before
    assert DISH in page.inner_text("#planner")             # listed under the changes too

    # 4. submit, approve, publish
    for step in ("submit", "approve", "publish"):
        page.click(f"form[action$='/{step}'] button")
        page.wait_for_load_state()
    assert page.locator(".menu-status").inner_text() in ("已发布", "Published")
    menu_url = page.url

    # 5. the PDF
    response = page.request.get(menu_url + ".pdf")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "menu.pdf"
    pdf.write_bytes(response.body())
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert DISH in text and "豆腐" in text

    # 6. the public page, without logging in
    public = page.context.browser.new_context().new_page()
    public.goto(live_server + "/menus/public/S0001")
    assert DISH in public.inner_text("main")
    public.context.close()
