"""建议 from a chosen subset of the library: the options page lists every active dish by role,
in dictionary (pinyin) order, a suggestion made from ticked dishes, or from every dish of a
ticked role, uses only them, and a tick that is not a dish id or a role is refused in words
with nothing changed. Only a draft is offered the options."""
from __future__ import annotations

import re

import pytest

from menus import services
from menus.models import Dish
from nutrition.services import pinyin_order

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
    legends = re.findall(r'<legend>([^<(]+) \((\d+)\)\s*<label class="check-all">'
                         r'<input type="checkbox" name="role" value="\w+" data-check-all> all '
                         r'of them</label></legend>', page)
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


def test_dishes_are_listed_in_pinyin_order(db, org, make_dish, make_week, client, login):
    for name in ("米饭", "白面条", "馒头", "2号饭", "重庆小面"):
        make_dish(name, [("大米", 100)], "staple")
    login("nutritionist")
    menu = make_week(org.schools[0])
    page = client.get(f"/menus/weeks/{menu.id}/suggest/options").get_data(as_text=True)
    names = re.findall(r'name="dish" value="\d+"> ([^<]+)</label>', page)
    # by code point 白 < 米 < 重 < 馒; by pinyin bai < chong < man < mi
    assert names == ["2号饭", "白面条", "重庆小面", "馒头", "米饭"]
    assert names == sorted(names, key=pinyin_order)
    # the dish library's list and search too, the first `limit` of that order
    assert [d.name for d in services.search_dishes(db, category="staple")] == names
    assert [d.name for d in services.search_dishes(db, "面", limit=1)] == ["白面条"]
    listing = client.get("/menus/dishes?category=staple").get_data(as_text=True)
    assert sorted(names, key=listing.index) == names


def test_pinyin_order_is_by_sound_then_tone_then_character():
    # the dictionary's order of tones: first, second, third, fourth, then the neutral one
    assert sorted(["妈妈", "马", "麻花", "吗", "骂人", "A套餐"], key=pinyin_order) == [
        "A套餐", "妈妈", "麻花", "马", "骂人", "吗"]
    assert pinyin_order("猪肉2号") == (("zhu", "1", "猪"), ("rou", "4", "肉"), ("2", "", "2"),
                                     ("hao", "4", "号"))


def test_a_ticked_role_stands_for_every_dish_of_it(db, org, priced_library, make_week, client,
                                                   login, app):
    app.config["SUGGEST_TIME_LIMIT"] = 20.0
    login("nutritionist")
    menu = make_week(org.schools[0])
    whole = services.propose(db, menu, time_limit=20)
    dropped = min(k for _d, _m, k, _n in whole.items if db.get(Dish, k).role == "main")
    # every role ticked whole, but the mains one by one without a main dish the cheapest uses
    ticks = [str(d.id) for d in priced_library if d.role == "main" and d.id != dropped]
    roles = ["staple", "vegetable", "soup", "fruit", "milk"]
    page = client.post(f"/menus/weeks/{menu.id}/suggest",
                       data={"mode": "suggest", "dish": ticks, "role": roles})
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Accept into the draft" in text
    items = text.split('name="items" type="hidden" value="')[1].split('"')[0]
    proposed = {int(part.split("|")[2]) for part in items.split(";")}
    assert dropped not in proposed
    assert {db.get(Dish, k).role for k in proposed} - {"main"} <= set(roles)
    assert services.with_roles(db, [int(ticks[0])], ["milk"]) == [int(ticks[0])] + sorted(
        d.id for d in priced_library if d.role == "milk")
    assert item_rows(db, menu.id) == []


def test_the_api_takes_whole_roles_beside_dish_ids(db, org, priced_library, make_week, client,
                                                   token):
    menu = make_week(org.schools[0])
    whole = services.propose(db, menu, time_limit=20)
    dropped = min(k for _d, _m, k, _n in whole.items if db.get(Dish, k).role == "main")
    mains = [d.id for d in priced_library if d.role == "main" and d.id != dropped]
    reply = client.post(f"/api/v1/menus/weeks/{menu.id}/suggest", headers=token("nutritionist"),
                        json={"dishes": mains, "roles": ["staple", "vegetable", "soup", "fruit",
                                                         "milk"], "time_limit": 20})
    assert reply.status_code == 200 and reply.json["status"] in ("optimal", "feasible")
    proposed = {i["dish_id"] for i in reply.json["items"]}
    assert dropped not in proposed and proposed
    assert item_rows(db, menu.id) == []


@pytest.mark.parametrize("ticks", [{"dish": ["abc"]}, {"dish": ["0"]}, {"dish": [str(2 ** 31)]},
                                   {"dish": ["１２"]}, {"dish": ["5"] * 5001},
                                   {"role": ["pork"]}, {"role": ["Main"]},
                                   {"role": ["<script>"]}])
def test_a_tick_that_is_not_a_dish_id_is_refused_in_words(db, org, make_week, client, login,
                                                          ticks):
    login("nutritionist")
    menu = make_week(org.schools[0])
    page = client.post(f"/menus/weeks/{menu.id}/suggest", data=ticks,
                       follow_redirects=True)
    assert "The chosen dishes are not dishes of the library." in page.get_data(as_text=True)
    assert item_rows(db, menu.id) == []


def test_a_canteen_manager_cannot_open_another_schools_options(db, org, make_week, client,
                                                               login):
    menu = make_week(org.schools[1])
    login("canteen_manager", school=org.schools[0])
    assert client.get(f"/menus/weeks/{menu.id}/suggest/options").status_code in (403, 404)


def test_only_a_draft_is_offered_the_options(db, org, make_week, client, login):
    login("nutritionist")
    menu = make_week(org.schools[0])
    menu.status = "published"
    db.commit()
    page = client.get(f"/menus/weeks/{menu.id}/suggest/options")
    assert page.status_code == 302 and page.location.endswith(f"/menus/weeks/{menu.id}")
    for mode in ("suggest", "repair"):
        page = client.post(f"/menus/weeks/{menu.id}/suggest", data={"mode": mode},
                           follow_redirects=True)
        assert "Only a draft can be changed." in page.get_data(as_text=True)
    assert item_rows(db, menu.id) == []
