"""建议 in a real browser: a nutritionist asks for a week on an empty draft, reads the
proposal beside the current week, accepts it, and the planner shows the dishes; then takes
one dish out and asks 修正, which puts the week right with one change; on the options page
a role's "全选" ticks and clears its dishes. The solver
runs on the demo library of 164 priced dishes, with 12 s instead of the planner's 5 s: another
test run may share the cores."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect


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

    # the solve takes seconds: the form says it is working, counting them. What the page
    # showed is kept in sessionStorage, read back once the answer has replaced the page.
    page.evaluate("""() => new MutationObserver(() => {
        const status = document.querySelector('#planner-tools + .wait[role=status] span');
        const busy = document.getElementById('planner-tools').getAttribute('aria-busy');
        if (status) { sessionStorage.setItem('wait', status.textContent + '|' + busy); }
    }).observe(document.body, {subtree: true, childList: true, characterData: true})""")
    tools.locator("button[value=suggest]").click()
    page.wait_for_url(planner_url + "/suggest", timeout=60_000)
    seen = page.evaluate("() => sessionStorage.getItem('wait')")
    assert re.fullmatch(r"正在计算食谱，已用 [0-9]+ 秒…\|true", seen or ""), seen
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

    # 修正: take one dish out of Monday's lunch; the fewest changes that make the week pass
    # again is one: a dish added (back on Monday, or another that makes up the week's
    # average), or one replaced in its meal
    dishes = page.locator("#planner td[data-cell] .dish > a:not(.live)")
    week_total = dishes.count()
    monday_cell = page.locator(f"#planner td[data-cell='{monday.isoformat()}/lunch']")
    before = monday_cell.locator(".dish > a:not(.live)").count()
    removed = monday_cell.locator(".dish > a:not(.live)").first.inner_text()
    monday_cell.get_by_role("button", name=f"删除 {removed}").click()
    expect(monday_cell.locator(".dish > a:not(.live)")).to_have_count(before - 1)
    page.locator("#planner-tools button[value=repair]").click()
    page.wait_for_url(planner_url + "/suggest", timeout=60_000)
    assert page.inner_text("h1") == f"修正 · {monday.isoformat()} 当周"
    assert "改动：1 处（同一餐换掉一道菜计一处）" in page.inner_text("main p.muted")
    changes = page.locator("h2:has-text('变更内容') + ul li").all_inner_texts()
    assert len(changes) == 1 and re.match(r"^星期[一二三四五] 午餐：(删除[^、；]+；)?新增[^、；]+$",
                                          changes[0]), changes
    assert _no_english(page) == []
    page.set_viewport_size({"width": 390, "height": 844})  # the 修正 page on a phone too
    scroll, width = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert scroll <= width
    page.set_viewport_size({"width": 1280, "height": 900})
    page.locator("form[action$='/accept'] button").click()
    page.wait_for_url(planner_url)
    assert page.locator(".flash-success").inner_text() == "建议食谱已写入草稿。"
    # a dish added makes the week whole again; one replaced leaves Monday a dish short
    assert dishes.count() == (week_total - 1 if "删除" in changes[0] else week_total)

    # the options page: a role's 全选 ticks its dishes; clearing one dish clears 全选
    page.goto(planner_url + "/suggest/options")
    milk = page.locator("fieldset.dish-choice").filter(has=page.locator("input[value=milk]"))
    everything = milk.locator("input[data-check-all]")
    dishes = milk.locator("input[name=dish]")
    assert milk.locator(".check-all").inner_text().strip() == "全选"
    everything.check()
    assert all(dishes.nth(i).is_checked() for i in range(dishes.count()))
    dishes.first.uncheck()
    assert not everything.is_checked() and dishes.nth(1).is_checked()
    dishes.first.check()
    assert everything.is_checked()
    assert _no_english(page) == []
