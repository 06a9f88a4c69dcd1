"""A canteen manager runs a day from a 390-px phone: from the home page to the day the demo
left open, enters the lunch counts, issues the proposed food, records a sample and the
accompanying meal, and sees the day complete (no longer among the days missing records)."""
from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.e2e
PHONE = {"width": 390, "height": 844}


def _fits(page) -> None:
    width, client = page.evaluate("[document.documentElement.scrollWidth, "
                                  "document.documentElement.clientWidth]")
    assert width <= client, page.url  # no sideways scrolling


def _task(page, label: str) -> None:
    """Open the lunch task named `label` from the day's page (a big tap target)."""
    link = page.locator("section.meal-card").first.locator("ul.tasks a", has_text=label)
    assert link.bounding_box()["height"] >= 44
    link.click()
    page.wait_for_load_state()
    _fits(page)


def _back(page) -> None:
    page.click("p.back-to-day a")
    page.wait_for_load_state()


def test_manager_runs_a_day_on_a_phone(open_as, live_server):
    page = open_as("canteen-s0001", **PHONE)
    page.goto(live_server + "/canteen/")
    _fits(page)
    open_days = page.locator("ul.open-days a")
    assert open_days.count() >= 1, page.inner_text("main")
    day = open_days.first.inner_text()
    open_days.first.click()
    page.wait_for_url(re.compile(rf".*day={day}.*"))
    assert page.locator("section.meal-card ul.tasks a.todo", has_text="就餐登记").count() == 1

    _task(page, "就餐登记")
    grade_inputs = page.locator("input[name^=grade_]")
    assert grade_inputs.count() >= 2
    for i in range(grade_inputs.count()):
        assert grade_inputs.nth(i).bounding_box()["height"] >= 44
        grade_inputs.nth(i).fill("1")  # one pupil of each grade ate, in the plan
    page.fill("input[name=teachers]", "2")
    page.click("main button.primary")
    page.wait_for_load_state()
    assert "就餐登记已保存" in page.inner_text("main"), page.inner_text("main")
    _back(page)

    _task(page, "食材出库")
    proposed = page.locator("main form input[name^=q_]")
    assert proposed.count() >= 1
    assert any(proposed.nth(i).input_value() not in ("", "0", "0.0")
               for i in range(proposed.count()))  # quantities proposed from the menu
    page.click("main form button.primary")
    page.wait_for_load_state()
    assert re.search(r"已出库 \d+ 种食材", page.inner_text("main")), page.inner_text("main")
    _back(page)

    _task(page, "留样")
    first = page.locator("main form.card").first
    first.locator("input[name=taken_by]").fill("李师傅")
    first.locator("button.primary").click()
    page.wait_for_load_state()
    assert "留样已保存" in page.inner_text("main"), page.inner_text("main")
    _back(page)

    _task(page, "陪餐记录")
    page.fill("#leader", "张校长")
    for group in ("quality", "hygiene", "dining_order", "service"):
        page.locator(f"input[name={group}]").first.check()
    page.click("main button.primary")
    page.wait_for_load_state()
    assert "陪餐记录已保存" in page.inner_text("main"), page.inner_text("main")
    _back(page)

    card = page.locator("section.meal-card").first
    for label in ("就餐登记", "食材出库", "留样", "陪餐记录"):
        assert "done" in card.locator("ul.tasks a", has_text=label).get_attribute("class")
    page.goto(live_server + "/canteen/")
    assert day not in page.locator("body").inner_text().split("近期记录不全的日期")[-1]
