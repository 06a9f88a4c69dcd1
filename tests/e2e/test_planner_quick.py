"""The quick planner in a real browser: a week made with checkboxes, a dish found by typing
its pinyin initials and added with one click, then dragged to another day; no reload."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest


pytestmark = pytest.mark.e2e


def _cell(page, day):
    return page.locator(f"#planner td[data-cell='{day.isoformat()}/lunch']")


def test_type_initials_add_with_one_click_and_drag(open_as, live_server, fill_new_week):
    page = open_as("nutritionist")
    monday = fill_new_week(page, "S0002", 5)
    page.uncheck("#days-4")                                   # no Friday
    assert page.is_checked("#days-0") and page.is_checked("#meals-1")
    page.click("form[action$='/menus/weeks/new'] button.primary")
    page.wait_for_url(re.compile(r".*/menus/weeks/\d+$"))
    assert page.locator("#planner thead th").count() == 5     # a blank corner and four days
    page.evaluate("window.__noReload = true")

    # type the initials: the results come as one types, the page stays
    page.locator("#dish-q").press_sequentially("tdsr", delay=40)
    page.wait_for_selector("#dish-results .found-name:has-text('土豆烧肉')")
    assert page.locator("#dish-results .found-name").all_inner_texts() == ["土豆烧肉"]
    # the empty week's first cell is the active one: one click adds the dish there
    assert _cell(page, monday).locator("a.pick").get_attribute("aria-pressed") == "true"
    page.locator("#dish-results li", has_text="土豆烧肉").locator("button").click()
    page.wait_for_selector(f"#planner td[data-cell='{monday.isoformat()}/lunch'] .dish")
    page.wait_for_selector("#planner:not([aria-busy])")
    assert _cell(page, monday).locator(".dish a").first.inner_text() == "土豆烧肉"
    assert page.evaluate("document.activeElement.id") == "dish-q"  # ready for the next dish

    # drag it to Tuesday
    tuesday = monday + timedelta(days=1)
    page.drag_and_drop(f"#planner td[data-cell='{monday.isoformat()}/lunch'] .dish",
                       f"#planner td[data-cell='{tuesday.isoformat()}/lunch']")
    page.wait_for_selector(f"#planner td[data-cell='{tuesday.isoformat()}/lunch'] .dish")
    page.wait_for_selector("#planner:not([aria-busy])")
    assert _cell(page, monday).locator(".dish").count() == 0
    assert _cell(page, tuesday).locator(".dish a").first.inner_text() == "土豆烧肉"

    # and back with the keyboard: "Move", then "Move here" on Wednesday
    wednesday = monday + timedelta(days=2)
    _cell(page, tuesday).locator(".dish a.live").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#planner form.move-here")
    _cell(page, wednesday).locator("form.move-here button").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#planner td[data-cell='{wednesday.isoformat()}/lunch'] .dish")
    assert _cell(page, tuesday).locator(".dish").count() == 0
    assert page.evaluate("window.__noReload") is True
    # no sideways scrolling on a phone
    page.set_viewport_size({"width": 390, "height": 844})
    scroll, client = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert scroll <= client
