"""The food suggestion route and the forms that use the same search: the delivery form resolves
an alias written on a ticket, offers the search's candidates for an odd one, and both forms
carry the suggestion hook (they work without it)."""
from __future__ import annotations

import re

from sqlalchemy import select

from nutrition import services as nutrition
from procurement.models import Delivery, DeliveryLine

from ..procurement.helpers import delivery_form, line

TOMATO, POTATO = "043119", "021101"
SUGGEST = "/nutrition/foods/suggest"


def test_suggest_needs_a_login(client, foods):
    response = client.get(f"{SUGGEST}?q=xhs")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_suggest_answers_json_in_chinese(client, login, foods):
    login("canteen_manager")
    body = client.get(f"{SUGGEST}?q=xhs").get_json()
    assert body["q"] == "xhs"
    assert body["foods"][0] == {
        "code": TOMATO, "name": nutrition.get_food(foods, TOMATO).name, "group": "蔬菜类",
        "matched": "西红柿", "via": "alias", "by": "initials", "rank": "exact"}
    assert len(body["foods"]) <= 12
    body = client.get(f"{SUGGEST}?q=土豆").get_json()
    assert (body["foods"][0]["code"], body["foods"][0]["group"]) == (POTATO, "谷薯类")
    assert client.get(f"{SUGGEST}?q=").get_json() == {"q": "", "foods": []}


def test_suggest_for_every_role(client, login, org, foods):
    for role in ("admin", "bureau", "nutritionist", "township_officer", "canteen_manager"):
        login(role, township=org.schools[0].township if role == "township_officer" else None)
        assert client.get(f"{SUGGEST}?q=tudou").get_json()["foods"][0]["code"] == POTATO


def test_delivery_form_resolves_an_alias_written_on_a_ticket(en, login, org, supplier, db):
    school = org.schools[0]
    login("canteen_manager", school=school)
    url = f"/procurement/deliveries/new?school={school.id}"
    page = en.get(url).get_data(as_text=True)
    assert f'data-food-suggest="{SUGGEST}"' in page and "js/food-suggest.js" in page
    response = en.post(url, data=delivery_form(supplier.id, [line("荷兰薯", "20", "kg", "2.10")]))
    assert response.status_code == 302
    (saved,) = db.scalars(select(DeliveryLine)).all()
    assert (saved.item_name, saved.food_id) == ("荷兰薯", nutrition.get_food(db, POTATO).id)


def test_delivery_form_offers_the_search_candidates_for_an_odd_item(en, login, org, supplier,
                                                                    db):
    school = org.schools[0]
    login("canteen_manager", school=school)
    url = f"/procurement/deliveries/new?school={school.id}"
    response = en.post(url, data=delivery_form(supplier.id, [line("新鲜土豆（袋）", "5", "kg",
                                                                  "2")]))
    assert response.status_code == 400 and db.scalar(select(Delivery)) is None
    options = re.findall(r'<option value="([^"]*)"',
                         response.get_data(as_text=True).split('name="lines-0-food_code"')[1]
                         .split("</select>")[0])
    assert options[:2] == ["", POTATO]


def test_dish_editor_carries_the_hook_and_resolves_aliases(en, login, db, foods):
    login("nutritionist")
    page = en.get("/menus/dishes/new").get_data(as_text=True)
    assert f'data-food-suggest="{SUGGEST}"' in page and "js/food-suggest.js" in page
    assert nutrition.resolve_food(db, "荷兰薯")[0].code == POTATO


def test_the_script_is_served_and_has_no_outside_source(client):
    body = client.get("/static/js/food-suggest.js").get_data(as_text=True)
    assert "data-food-suggest" in body and "http" not in body


def test_the_food_page_lists_the_names_written_for_it(client, login, foods):
    """The shipped aliases that point to a food show on its page with its own aliases."""
    login("nutritionist")
    page = client.get("/nutrition/foods/121244").get_data(as_text=True)
    aliases = re.search(r"<dt>别名</dt><dd>([^<]*)</dd>", page).group(1)
    assert "鲐鱼" in aliases.split("、")
    tomato = client.get(f"/nutrition/foods/{TOMATO}").get_data(as_text=True)
    assert "西红柿" in re.search(r"<dt>别名</dt><dd>([^<]*)</dd>", tomato).group(1)
