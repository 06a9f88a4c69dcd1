"""Suggestions under the delivery form's item input in the browser: pinyin initials of a name
staff write on tickets ("xhs" for 西红柿) list the book food it stands for, and choosing it puts
the food's name in the input."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e


def test_pinyin_initials_suggest_the_food_on_the_delivery_form(open_as, live_server):
    page = open_as("canteen-s0001", width=390, height=844)
    page.goto(f"{live_server}/procurement/deliveries/new")
    item = page.locator("input[data-food-suggest]").first
    item.fill("xhs")
    options = page.locator("ul.food-suggest li[role=option]")
    options.first.wait_for(timeout=5000)
    first = options.first.inner_text()
    assert "番茄" in first and "西红柿" in first, options.all_inner_texts()
    options.first.dispatch_event("mousedown")
    assert item.input_value().startswith("番茄")
    assert page.locator("ul.food-suggest").first.is_hidden()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
