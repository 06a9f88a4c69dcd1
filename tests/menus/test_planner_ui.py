"""The quick planner, without scripts: the dish search (name, alias, pinyin, initials) and
its cache, adding a found dish to the active cell in one POST, moving a dish with "Move" and
"Move here", the week form's checkboxes, and refusals that change nothing."""
from __future__ import annotations

import html
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from menus import dish_search, services
from menus.models import Dish, WeekMenu

from .helpers import FRI, MON, TUE, WEEK, counts, item_rows, menu_state

pytestmark = pytest.mark.usefixtures("en")
FETCH = {"X-Requested-With": "fetch"}
WED, THU = MON + timedelta(days=2), MON + timedelta(days=3)


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def found(page: str) -> list[str]:
    """The names of the dishes found, in order."""
    return re.findall(r'<span class="found-name">(.*?)</span>', page)


def add_forms(page: str) -> list[tuple[str, str, str, str]]:
    """(action, day, meal, dish id) of each "Add" form of the results."""
    return re.findall(r'<form method="post" class="live" action="([^"]*/items[^"]*)">.*?'
                      r'name="day" value="([^"]*)">.*?name="meal" value="([^"]*)">.*?'
                      r'name="dish_id" value="(\d+)">', page, re.S)


@pytest.fixture
def pork(make_dish, dishes):
    return make_dish("红烧肉", [("大米", 10)], "meat")


def test_search_keys_hold_the_name_its_pinyin_and_initials(pork):
    assert dish_search.search_keys(pork) == "红烧肉\nhongshaorou\nhsr"


@pytest.mark.parametrize("q, names", [
    ("红烧", ["红烧肉"]),           # a part of the name
    ("hsr", ["红烧肉"]),            # pinyin initials
    ("sr", ["红烧肉"]),             # inside the initials
    ("hongshao", ["红烧肉"]),       # full pinyin, a prefix
    ("HSR", ["红烧肉"]),            # case does not matter
    ("xbc", ["清炒小白菜"]),         # initials inside
    ("z", ["蒸鸡蛋"]),              # one letter: only at the start of a key
    ("mf", ["米饭"]),
    ("蛋", ["蒸鸡蛋"]),
    ("qqq", []),
])
def test_the_search_finds_by_name_pinyin_and_initials(db, planned, pork, q, names):
    assert [d.name for d in services.find_dishes(db, q)] == names


def test_search_without_scripts_reloads_the_planner_with_the_results(en, login, db, planned,
                                                                      pork, dishes):
    login("nutritionist")
    page = text_of(en.get(f"/menus/weeks/{planned.id}?q=hsr"))
    assert "<html" in page and found(page) == ["红烧肉"]
    assert 'value="hsr"' in page and "Dishes found: 1" in page
    # no cell chosen: the first served cell without a staple (Monday and Tuesday have rice)
    assert add_forms(page) == [(f"/menus/weeks/{planned.id}/items?q=hsr",
                                WED.isoformat(), "lunch", str(pork.id))]
    assert 'aria-pressed="true"' in page and page.count('aria-pressed="true"') == 1
    assert "Found dishes go to Wednesday Lunch (11-18)" in page
    page = text_of(en.get(f"/menus/weeks/{planned.id}?q=红烧"))
    assert found(page) == ["红烧肉"]
    page = text_of(en.get(f"/menus/weeks/{planned.id}?q=xyz"))
    assert found(page) == [] and "No dish matches “xyz”." in page
    # the per-cell dish lists and the move lists are gone
    assert 'name="dish_id" aria-label' not in page and '<select name="to"' not in page


def test_the_results_fragment_shows_category_and_cost_per_serving(en, login, db, planned,
                                                                   deliver):
    deliver([("大米", "1", "kg", "4.00")])
    login("nutritionist")
    response = en.get(f"/menus/weeks/{planned.id}/dishes?q=mf&cell={FRI.isoformat()}/lunch",
                      headers=FETCH)
    assert response.status_code == 200
    page = text_of(response)
    assert "<h1>" not in page and found(page) == ["米饭"]
    band = services.main_band(services.eaters_for(db, planned)[0])
    grams = services.dish_grams(db.scalar(select(Dish).where(Dish.name == "米饭")), band)
    assert band == "6-8" and grams[0][1] == Decimal("104.0")  # the most numerous: 130 × 0.8
    # 104 g × 4.00 CNY/kg = 0.416 → 0.42 CNY
    assert "Staple food · 0.42 CNY a serving" in page
    assert add_forms(page)[0][1:3] == (FRI.isoformat(), "lunch")


def test_one_post_adds_the_found_dish_to_the_active_cell(en, login, db, planned, pork):
    login("canteen_manager")
    page = text_of(en.get(f"/menus/weeks/{planned.id}?q=hsr&cell={TUE.isoformat()}/lunch"))
    action, day, meal, dish_id = add_forms(page)[0]
    assert (day, meal, dish_id) == (TUE.isoformat(), "lunch", str(pork.id))
    response = en.post(action, data={"day": day, "meal": meal, "dish_id": dish_id})
    assert response.status_code == 302
    # back to the planner with the search and the cell kept
    assert response.headers["Location"].endswith(
        f"/menus/weeks/{planned.id}?q=hsr&cell={TUE.isoformat()}/lunch")
    assert item_rows(db, planned.id) == [(MON, "lunch", "米饭", 1, 70),
                                         (MON, "lunch", "蒸鸡蛋", 2, 70),
                                         (TUE, "lunch", "米饭", 1, 70),
                                         (TUE, "lunch", "红烧肉", 2, 70)]


def test_keyboard_move_shows_move_here_in_every_other_cell(en, login, db, planned):
    login("nutritionist")
    rice_mon, egg_mon, _rice_tue = planned.items
    page = text_of(en.get(f"/menus/weeks/{planned.id}"))
    assert f'href="/menus/weeks/{planned.id}?move={egg_mon.id}"' in page
    assert "Move here" not in page
    page = text_of(en.get(f"/menus/weeks/{planned.id}?move={egg_mon.id}"))
    assert "Moving 蒸鸡蛋: choose “Move here” in another cell." in page
    targets = re.findall(rf'action="/menus/weeks/{planned.id}/items/{egg_mon.id}/move[^"]*">'
                         r'<input type="hidden" name="csrf_token" value="[^"]*">'
                         r'<input type="hidden" name="to" value="([^"]*)">', page)
    assert targets == [f"{d.isoformat()}/lunch" for d in (TUE, WED, THU, FRI)]
    response = en.post(f"/menus/weeks/{planned.id}/items/{egg_mon.id}/move",
                       data={"to": f"{FRI.isoformat()}/lunch"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/menus/weeks/{planned.id}")
    assert item_rows(db, planned.id)[1:] == [(TUE, "lunch", "米饭", 1, 70),
                                             (FRI, "lunch", "蒸鸡蛋", 1, 70)]
    # a dish of another menu is no move
    page = text_of(en.get(f"/menus/weeks/{planned.id}?move=999999"))
    assert "Move here" not in page


def test_the_dragged_dish_carries_its_move_address_and_cells_their_key(en, login, planned):
    login("nutritionist")
    page = text_of(en.get(f"/menus/weeks/{planned.id}"))
    rice_mon = planned.items[0]
    assert (f'draggable="true" data-item="{rice_mon.id}" '
            f'data-move="/menus/weeks/{planned.id}/items/{rice_mon.id}/move"') in page
    assert f'data-cell="{MON.isoformat()}/lunch"' in page


def test_who_cannot_see_the_menu_cannot_search_it(en, login, db, org, dishes, make_week):
    other = make_week(org.schools[2])
    login("canteen_manager")  # of schools[0]
    before = menu_state(db, other), counts(db)
    for headers in ({}, FETCH):
        assert en.get(f"/menus/weeks/{other.id}/dishes?q=mf", headers=headers) \
            .status_code == 404
        assert en.get(f"/menus/weeks/{other.id}?q=mf", headers=headers).status_code == 404
    assert en.post(f"/menus/weeks/{other.id}/items", data={
        "day": MON.isoformat(), "meal": "lunch", "dish_id": str(dishes["rice"].id)}
    ).status_code == 404
    assert (menu_state(db, other), counts(db)) == before


def test_a_viewer_may_not_use_the_search_and_sees_no_box(en, login, db, planned):
    login("bureau")
    assert en.get(f"/menus/weeks/{planned.id}/dishes?q=mf").status_code == 403
    page = text_of(en.get(f"/menus/weeks/{planned.id}?q=mf"))
    assert 'id="dish-q"' not in page and found(page) == [] and "Move here" not in page


def test_typing_does_not_rebuild_the_keys(db, dishes, monkeypatch):
    services.find_dishes(db, "m")  # the index of this database, built once
    built = []
    monkeypatch.setattr(dish_search, "search_keys",
                        lambda dish: built.append(dish.name) or "")
    for q in ("m", "mf", "mi", "mif", "mifa", "mifan"):
        assert [d.name for d in services.find_dishes(db, q)] == ["米饭"]
    assert built == []


def test_the_cache_sees_a_renamed_dish(db, dishes):
    assert [d.name for d in services.find_dishes(db, "mf")] == ["米饭"]
    dishes["rice"].name = "馒头"
    db.commit()
    assert services.find_dishes(db, "mf") == []
    assert [d.name for d in services.find_dishes(db, "mt")] == ["馒头"]
    dishes["egg"].active = False
    db.commit()
    assert services.find_dishes(db, "zjd") == []


def test_a_week_is_created_with_checkboxes(en, login, db, org, foods):
    login("nutritionist")
    page = text_of(en.get("/menus/weeks"))
    assert '<legend>Days served</legend><ul id="days">' in page
    assert ('<li><input checked id="days-0" name="days" type="checkbox" value="0"> '
            '<label for="days-0">Monday</label></li>') in page
    assert '<input id="days-5" name="days" type="checkbox" value="5">' in page
    assert '<input checked id="meals-1" name="meals" type="checkbox" value="lunch">' in page
    assert "<select multiple" not in page
    response = en.post("/menus/weeks/new", data={
        "school_id": str(org.schools[0].id), "week_start": WEEK.isoformat(),
        "days": ["0", "2", "4"], "meals": ["breakfast", "lunch"]})
    assert response.status_code == 302
    menu = db.scalar(select(WeekMenu))
    assert (menu.days, menu.meals) == ("0,2,4", "breakfast,lunch")


@pytest.mark.parametrize("data, message", [
    ({"meals": ["lunch"]}, "Choose the days served."),
    ({"days": ["0"]}, "Choose the meals served."),
    ({"days": ["6"], "meals": ["lunch"]}, "Only boarding schools serve meals at the weekend."),
    ({"days": ["9"], "meals": ["lunch"]}, "Choose the days served."),  # the service's word
])
def test_a_refused_week_says_why_and_saves_nothing(en, login, db, org, foods, data, message):
    login("nutritionist")
    before = counts(db)
    response = en.post("/menus/weeks/new", data={
        "school_id": str(org.schools[0].id), "week_start": WEEK.isoformat(), **data},
        follow_redirects=True)
    assert f'<p class="flash flash-error" role="status">{message}</p>' in text_of(response)
    assert counts(db) == before
