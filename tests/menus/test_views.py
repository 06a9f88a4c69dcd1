"""Menu pages: the planner with and without scripts, school scoping (404 for another school),
roles in the workflow, the dish form and the public notice-board page."""
from __future__ import annotations

import html
import re
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import select

from suite import clock
from menus import services
from menus.models import Dish, WeekMenu

from .helpers import (FRI, HOLIDAY_WEEK, LAST_WEEK, MON, TUE, counts, item_rows, menu_state,
                      nutrient, publish_as)

FETCH = {"X-Requested-With": "fetch"}


def weekly_energy(page: str) -> float:
    """The energy amount of the weekly-average table of a planner page or fragment."""
    week = page[page.index("Weekly average against"):]
    return float(re.search(r"<th>Energy \(kcal\)</th>\s*<td class=\"num\">([\d.]+)", week)[1])


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


@pytest.mark.parametrize("role", ["canteen_manager", "nutritionist", "bureau", "admin"])
def test_the_planner_renders_for_the_schools_users(en, login, planned, role):
    login(role)
    page = text_of(en.get(f"/menus/weeks/{planned.id}"))
    assert "东镇中心小学 · Week of 2026-11-16" in page and "Revision 1" in page
    assert "米饭" in page and "蒸鸡蛋" in page
    assert "Weekly average against WS/T 554-2017" in page
    assert ("Find a dish" in page) is (role in ("canteen_manager", "nutritionist"))


def test_adding_a_dish_with_fetch_returns_the_refreshed_fragment(en, login, db, planned,
                                                                 dishes):
    login("canteen_manager")
    before = weekly_energy(text_of(en.get(f"/menus/weeks/{planned.id}")))
    response = en.post(f"/menus/weeks/{planned.id}/items", headers=FETCH, data={
        "day": MON.isoformat(), "meal": "lunch", "dish_id": str(dishes["greens"].id)})
    assert response.status_code == 200
    fragment = text_of(response)
    assert "<html" not in fragment and fragment.lstrip().startswith("<h1>")
    assert "清炒小白菜" in fragment
    after = weekly_energy(fragment)
    db.expire_all()
    expected = nutrient(services.week_plan(db, services.load_menu(db, planned.id))["week"],
                        "energy_kcal")["amount"]
    assert after != before and after == round(expected)  # energy is shown in whole kcal
    assert item_rows(db, planned.id)[2] == (MON, "lunch", "清炒小白菜", 3, 70)


def test_adding_a_dish_without_scripts_redirects_to_the_planner(en, login, db, planned, dishes):
    login("nutritionist")
    response = en.post(f"/menus/weeks/{planned.id}/items", data={
        "day": FRI.isoformat(), "meal": "lunch", "dish_id": str(dishes["egg"].id)})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/menus/weeks/{planned.id}")
    assert (FRI, "lunch", "蒸鸡蛋", 1, 70) in item_rows(db, planned.id)


@pytest.mark.parametrize("day, message", [
    (date(2026, 10, 1), "2026-10-01 is not a school day."),
    (date(2026, 10, 3), "That day is not served by this menu."),
])
def test_an_invalid_add_returns_400_with_the_message_and_saves_nothing(
        en, login, db, org, dishes, make_week, day, message):
    menu = make_week(org.schools[0], HOLIDAY_WEEK)
    login("canteen_manager")
    before = counts(db)
    data = {"day": day.isoformat(), "meal": "lunch", "dish_id": str(dishes["rice"].id)}
    response = en.post(f"/menus/weeks/{menu.id}/items", headers=FETCH, data=data)
    assert response.status_code == 400
    assert f'<p class="flash flash-error" role="alert">{message}</p>' in text_of(response)
    assert counts(db) == before
    response = en.post(f"/menus/weeks/{menu.id}/items", data=data, follow_redirects=True)
    assert message in text_of(response) and counts(db) == before


def test_remove_and_move_work_with_and_without_scripts(en, login, db, planned):
    login("canteen_manager")
    rice_mon, egg_mon, rice_tue = planned.items
    response = en.post(f"/menus/weeks/{planned.id}/items/{egg_mon.id}/move",
                       data={"to": f"{FRI.isoformat()}/lunch"})
    assert response.status_code == 302
    response = en.post(f"/menus/weeks/{planned.id}/items/{rice_tue.id}/remove", headers=FETCH)
    assert response.status_code == 200 and "<h1>" in text_of(response)
    assert item_rows(db, planned.id) == [(MON, "lunch", "米饭", 1, 70),
                                         (FRI, "lunch", "蒸鸡蛋", 1, 70)]
    response = en.post(f"/menus/weeks/{planned.id}/items/{rice_mon.id}/move", headers=FETCH,
                       data={"to": "2026-11-21/lunch"})
    assert response.status_code == 400
    assert "That day is not served by this menu." in text_of(response)
    assert item_rows(db, planned.id)[0] == (MON, "lunch", "米饭", 1, 70)


@pytest.fixture
def other_menu(db, org, dishes, make_week):
    """A draft of the boarding school schools[1] with one dish."""
    menu = make_week(org.schools[1])
    services.add_item(db, menu, day=TUE, meal="lunch", dish_id=dishes["rice"].id)
    db.commit()
    return menu


def test_a_canteen_manager_gets_404_for_another_schools_menu(en, login, db, other_menu,
                                                            dishes, nutritionist):
    login("canteen_manager")
    base, item = f"/menus/weeks/{other_menu.id}", other_menu.items[0]
    for url in (base, f"{base}/print", f"{base}.pdf"):
        assert en.get(url).status_code == 404, url
    before = menu_state(db, other_menu), counts(db)
    posts = [(f"{base}/items", {"day": MON.isoformat(), "meal": "lunch",
                                "dish_id": str(dishes["egg"].id)}),
             (f"{base}/items/{item.id}/remove", {}),
             (f"{base}/items/{item.id}/move", {"to": f"{MON.isoformat()}/lunch"}),
             (f"{base}/submit", {}), (f"{base}/copy", {"week_start": "2026-11-23"})]
    for url, data in posts:
        for headers in ({}, FETCH):
            assert en.post(url, data=data, headers=headers).status_code == 404, url
    for url in (f"{base}/approve", f"{base}/publish"):
        assert en.post(url).status_code == 403, url
    services.submit(db, other_menu, nutritionist)
    db.commit()
    assert en.post(f"{base}/reopen").status_code == 404
    assert db.get(WeekMenu, other_menu.id).status == "submitted"
    other_menu.status = "published"
    db.commit()
    assert en.post(f"{base}/revise").status_code == 404
    assert (menu_state(db, other_menu)[1:], counts(db)) == (before[0][1:], before[1])


def test_a_canteen_manager_submits_but_cannot_approve_or_publish(en, login, db, planned):
    manager = login("canteen_manager")
    for step in ("approve", "publish"):
        assert en.post(f"/menus/weeks/{planned.id}/{step}").status_code == 403
    assert menu_state(db, planned)[0] == "draft"
    response = en.post(f"/menus/weeks/{planned.id}/submit", follow_redirects=True)
    assert "The menu was submitted for approval." in text_of(response)
    db.expire_all()
    menu = db.get(WeekMenu, planned.id)
    assert (menu.status, menu.submitted_by) == ("submitted", manager.id)
    for step in ("approve", "publish"):
        assert en.post(f"/menus/weeks/{planned.id}/{step}").status_code == 403
    assert menu_state(db, planned)[0] == "submitted" and menu.approved_by is None


def test_a_canteen_manager_cannot_move_a_county_template_through_the_workflow(
        en, login, db, dishes, make_week):
    template = make_week(None, name="县食谱模板")
    services.add_item(db, template, day=MON, meal="lunch", dish_id=dishes["rice"].id)
    db.commit()
    login("canteen_manager")
    assert en.post(f"/menus/weeks/{template.id}/items", data={
        "day": TUE.isoformat(), "meal": "lunch", "dish_id": str(dishes["egg"].id)}
    ).status_code == 403
    before = menu_state(db, template)
    assert en.post(f"/menus/weeks/{template.id}/submit").status_code == 403
    assert menu_state(db, template) == before


def dish_form(name="番茄炒蛋", rows=(("鸡蛋", "50"), ("番茄", "100")), **extra):
    data = {"name": name, "category": "egg", "cooking_method": "炒", "base_band": "9-11",
            "factor_6_8": "0.8", "factor_9_11": "1.0", "factor_12_14": "1.15",
            "factor_15_17": "1.3", "notes": "", "role": "", "meals": ["lunch", "dinner"]}
    for k in range(8):  # a browser posts all eight rows, each with its band select
        food, grams = rows[k] if k < len(rows) else ("", "")
        data.update({f"ingredients-{k}-food": food, f"ingredients-{k}-grams": grams,
                     f"ingredients-{k}-band": ""})
    data.update(extra)
    return data


def test_a_dish_is_created_through_the_form(en, login, db, foods):
    login("nutritionist")
    response = en.post("/menus/dishes/new", data=dish_form())
    assert response.status_code == 302
    dish = db.scalar(select(Dish).where(Dish.name == "番茄炒蛋"))
    assert response.headers["Location"].endswith(f"/menus/dishes/{dish.id}")
    assert [(i.grams, i.band) for i in dish.ingredients] == [(50, None), (100, None)]
    assert dish.band_factors == {"6-8": 0.8, "9-11": 1.0, "12-14": 1.15, "15-17": 1.3}
    page = text_of(en.get(f"/menus/dishes/{dish.id}"))
    assert "鸡蛋 50 g" in page and "番茄 100 g" in page and "鸡蛋 40 g" in page  # 6-8: × 0.8
    edit = en.get(f"/menus/dishes/{dish.id}/edit").get_data(as_text=True)
    for k in (1, 2):  # each row's band select is named for a screen reader, as food and grams
        assert f'aria-label="Age band {k}"' in edit


def error_after(page: str, name: str) -> list[str]:
    """The error messages shown right after the input called `name`."""
    i = page.index(f'name="{name}"')
    end = min(j for j in (page.find("</td>", i), page.find("</div>", i)) if j > 0)
    return re.findall(r'<p class="error"[^>]*>(.*?)</p>', page[i:end])


@pytest.mark.parametrize("data, field, message", [
    (dish_form(rows=[("龙肉", "50")]), "ingredients-0-food", "Unknown food: 龙肉."),
    (dish_form(rows=[("鸡蛋", "50"), ("番茄", "0")]), "ingredients-1-grams",
     "Grams per serving must be above 0 and at most 2000."),
    (dish_form(rows=[("鸡蛋", "2000.5")]), "ingredients-0-grams",
     "Grams per serving must be above 0 and at most 2000."),
    (dish_form(rows=[]), "ingredients-0-food", "A dish needs at least one ingredient."),
    (dish_form(name=""), "name", "This field is required."),
    (dish_form(factor_9_11="0"), "factor_9_11", "Portion factors are numbers from 0.1 to 5."),
])
def test_dish_form_errors_are_shown_next_to_the_field(en, login, db, foods, data, field,
                                                      message):
    login("nutritionist")
    before = counts(db)
    response = en.post("/menus/dishes/new", data=data)
    assert response.status_code == 400
    assert error_after(text_of(response), field) == [message]
    assert counts(db) == before


def test_only_nutritionists_edit_dishes(en, login, db, foods):
    login("canteen_manager")
    assert en.post("/menus/dishes/new", data=dish_form()).status_code == 403
    assert counts(db)[0] == 0


def test_the_public_page_shows_published_menus_of_this_and_last_week(
        client, db, org, dishes, make_week, planned, nutritionist, second_nutritionist,
        deliver, monkeypatch, en):
    # a Sunday in Beijing: this week starts on 2026-11-16
    monkeypatch.setattr(clock, "utcnow", lambda: datetime(2026, 11, 22, 4, tzinfo=timezone.utc))
    deliver([("大米", "10", "kg", "6.00")], day=date(2026, 11, 2))
    publish_as(db, planned, nutritionist, second_nutritionist)
    last = make_week(org.schools[0], LAST_WEEK)
    services.add_item(db, last, day=LAST_WEEK, meal="lunch", dish_id=dishes["greens"].id)
    older = make_week(org.schools[0], date(2026, 11, 2))
    services.add_item(db, older, day=date(2026, 11, 2), meal="lunch", dish_id=dishes["egg"].id)
    publish_as(db, older, nutritionist, second_nutritionist)
    page = text_of(client.get(f"/menus/public/{org.schools[0].code}"))
    assert "东镇中心小学 Weekly menu" in page and "Week of 2026-11-16" in page
    assert "米饭" in page and "蒸鸡蛋" in page and "大米 104g" in page  # main band 6-8
    # last week's menu is a draft, the week before is too old: neither is shown
    assert "Week of 2026-11-09" in page and "No published menu for this week." in page
    assert "清炒小白菜" not in page and "2026-11-02" not in page
    for private in ("CNY", "Cost", "subsidy", "nutri_wang", "nutri_li", "Log out"):
        assert private not in page, private
    publish_as(db, last, nutritionist, second_nutritionist)
    page = text_of(client.get(f"/menus/public/{org.schools[0].code.lower()}"))
    assert "清炒小白菜" in page and "No published menu" not in page


def test_the_public_page_of_an_unknown_school_is_404(client, org):
    assert client.get("/menus/public/NOSUCH").status_code == 404
