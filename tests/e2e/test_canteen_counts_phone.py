"""The meal-count screen on a 390-px phone: a canteen manager enters a school day's lunch
counts with big tap targets, no sideways scrolling, and sees them saved."""
from __future__ import annotations

from datetime import timedelta

import pytest

from suite import clock

pytestmark = pytest.mark.e2e


def test_manager_enters_lunch_counts_on_a_phone(open_as, live_server):
    page = open_as("canteen-s0001", width=390, height=844)
    day = clock.today() - timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    # the manager's own school: the one id of the demo's schools that does not answer 404
    for school_id in range(1, 20):
        url = f"{live_server}/canteen/{school_id}/{day.isoformat()}/lunch/counts"
        if page.goto(url).status == 200:
            break
    else:
        pytest.fail("the manager sees no school's counts")
    inputs = page.locator("input[name^=grade_]")
    assert inputs.count() >= 2
    for i in range(inputs.count()):
        name = inputs.nth(i).get_attribute("name")
        inputs.nth(i).fill("0" if name.endswith("_plan") else "1")
        assert inputs.nth(i).bounding_box()["height"] >= 44
    page.fill("input[name=teachers]", "2")
    if page.locator("input[name=change_note]").count():
        page.fill("input[name=change_note]", "按食谱")
    if page.locator("input[name=make_up_reason]").count():  # a holiday of the demo term
        page.fill("input[name=make_up_reason]", "补课")
    button = page.locator("main button.primary")
    assert button.bounding_box()["height"] >= 44
    width, client = page.evaluate("[document.documentElement.scrollWidth, "
                                  "document.documentElement.clientWidth]")
    assert width <= client
    button.click()
    page.wait_for_load_state()
    assert "就餐登记已保存" in page.content(), page.content()
