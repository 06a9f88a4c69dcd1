"""建议 from a chosen subset of the library: the options page lists every active dish by role,
a suggestion made from ticked dishes uses only them, and a tick that is not a dish id is
refused in words with nothing changed."""
from __future__ import annotations

import re

import pytest

from menus import services

from .helpers import item_rows

pytestmark = pytest.mark.usefixtures("en")


def _ids(page: str, name: str) -> list[int]:
    return [int(v) for v in re.findall(rf'name="{name}" value="(\d+)"', page)]


def test_the_options_page_lists_every_active_dish_by_role(db, org, priced_library, make_week,
                                                         client, login):
    login("nutritionist")
    menu = make_week(org.schools[0])
    planner = client.get(f"/menus/weeks/{menu.id}").get_data(as_text=True)
    assert f'href="/menus/weeks/{menu.id}/suggest/options"' in planner
    page = client.get(f"/menus/weeks/{menu.id}/suggest/options").get_data(as_text=True)
    assert f"<p class=\"muted\">{org.schools[0].name}</p>" in page
    assert sorted(_ids(page, "dish")) == sorted(d.id for d in priced_library)
    legends = re.findall(r'<legend>([^<(]+) \((\d+)\)</legend>', page)
    assert legends == [("Staple food", "12"), ("Main dish", "60"), ("Vegetable side", "40"),
                       ("Soup", "8"), ("Fruit", "8"), ("Milk", "4")]
    assert 'name="prefer_stock"' in page and 'value="repair"' not in page  # nothing to correct


def test_a_suggestion_from_ticked_dishes_uses_only_them(db, org, priced_library, make_week,
                                                        client, login, app):
    app.config["SUGGEST_TIME_LIMIT"] = 20.0
    login("nutritionist")
    menu = make_week(org.schools[0])
    whole = services.propose(db, menu, time_limit=20)
    used = {k for _d, _m, k, _n in whole.items}
    # leave out two of the dishes the whole library's cheapest week uses
    dropped = sorted(used)[:2]
    chosen = [d.id for d in priced_library if d.id not in dropped]
    page = client.post(f"/menus/weeks/{menu.id}/suggest",
                       data={"mode": "suggest", "dish": [str(i) for i in chosen]})
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Accept into the draft" in text
    items = text.split('name="items" type="hidden" value="')[1].split('"')[0]
    proposed = {int(part.split("|")[2]) for part in items.split(";")}
    assert proposed and proposed <= set(chosen) and not proposed & set(dropped)
    assert item_rows(db, menu.id) == []


@pytest.mark.parametrize("ticks", [["abc"], ["0"], [str(2 ** 31)], ["１２"], ["5"] * 5001])
def test_a_tick_that_is_not_a_dish_id_is_refused_in_words(db, org, make_week, client, login,
                                                          ticks):
    login("nutritionist")
    menu = make_week(org.schools[0])
    page = client.post(f"/menus/weeks/{menu.id}/suggest", data={"dish": ticks},
                       follow_redirects=True)
    assert "The chosen dishes are not dishes of the library." in page.get_data(as_text=True)
    assert item_rows(db, menu.id) == []


def test_a_canteen_manager_cannot_open_another_schools_options(db, org, make_week, client,
                                                               login):
    menu = make_week(org.schools[1])
    login("canteen_manager", school=org.schools[0])
    assert client.get(f"/menus/weeks/{menu.id}/suggest/options").status_code in (403, 404)
