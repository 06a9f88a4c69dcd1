"""建议 in a real browser: a nutritionist asks for a week on an empty draft, reads the
proposal beside the current week, accepts it, and the planner shows the dishes. The solver
runs on the demo library of 164 priced dishes, with 12 s instead of the planner's 5 s: another
test run may share the cores."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest


pytestmark = pytest.mark.e2e
STATUS = re.compile(r"^(通过全部检查且费用最低的一周（已证明最优）。"
                    r"|这一周通过全部检查；费用最多比可能的最低费用高 \d+\.\d%。)$")


def _no_english(page) -> list[str]:
    text = page.inner_text("main")
    return re.findall(r"[A-Za-z]{2,}", text)


def test_suggest_then_accept_fills_the_draft(open_as, live_server, fill_new_week):
    page = open_as("nutritionist")
    monday = fill_new_week(page, "S0003", 6)
    page.click("form[action$='/menus/weeks/new'] button.primary")
    page.wait_for_url(re.compile(r".*/menus/weeks/\d+$"))
    planner_url = page.url
    # an empty draft offers 建议 but nothing to correct
    tools = page.locator("#planner-tools")
    assert tools.locator("button[value=suggest]").inner_text() == "建议"
    assert tools.locator("button[value=repair]").count() == 0

    tools.locator("button[value=suggest]").click()
    page.wait_for_url(planner_url + "/suggest", timeout=60_000)
    assert page.inner_text("h1") == f"建议食谱 · {monday.isoformat()} 当周"
    assert STATUS.match(page.inner_text("main p[role=status]").strip())
    rows = page.locator("table.proposal tbody tr")
    assert rows.count() == 5
    proposed = {}
    for i in range(5):
        cell = rows.nth(i).locator("td").nth(1).inner_text().strip()
        assert cell.startswith("午餐："), cell
        proposed[monday + timedelta(days=i)] = cell.removeprefix("午餐：").split("、")
        assert rows.nth(i).locator("td").nth(0).inner_text().strip() == ""   # nothing yet
    assert all(len(names) >= 3 for names in proposed.values())
    accept = page.locator("form[action$='/accept'] button")
    assert accept.inner_text() == "采用到草稿"
    assert _no_english(page) == []
    # a phone: no sideways scrolling, the wide table scrolls inside its box
    page.set_viewport_size({"width": 390, "height": 844})
    scroll, width = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert scroll <= width
    page.set_viewport_size({"width": 1280, "height": 900})

    accept.click()
    page.wait_for_url(planner_url)
    assert page.locator(".flash-success").inner_text() == "建议食谱已写入草稿。"
    for day, names in proposed.items():
        cell = page.locator(f"#planner td[data-cell='{day.isoformat()}/lunch']")
        assert sorted(cell.locator(".dish > a:not(.live)").all_inner_texts()) == sorted(names)
    # now there is something to correct
    assert page.locator("#planner-tools button[value=repair]").inner_text() == "修正"
