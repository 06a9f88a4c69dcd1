"""Dish roles and tags (issue 15, item 1): tags read from real foods of the built-in table,
recomputed on every save, the main ingredient, the banned tags of a rule, the pages and the
API, and migration 0019's backfill of a database in use."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select, text

from menus import services
from menus.models import Dish
from menus.services import IngredientIn
from nutrition.models import FoodRow
from suite import accounts, migrate
from suite.db import make_engine
from tests.nutrition.helpers_migration import NOW, scratch_database

pytestmark = pytest.mark.usefixtures("en")

# (code, name as the table has it, tags): book rows, reference rows (x) and the vegetable whose
# other name has 猪 in it
FOODS = [
    ("081110", "猪肉（瘦）", ["pork"]),
    ("081110x", "猪瘦肉", ["pork"]),
    ("081214", "猪肝", ["pork"]),
    ("191007", "猪油（炼）", ["pork"]),
    ("048027", "碱蓬（鲜）[棉蓬，猪毛菜]", []),
    ("084101", "驴肉（瘦）", ["halal_doubtful"]),
    ("072004", "花生仁（生）", ["peanut_nuts"]),
    ("192007", "花生油", ["peanut_nuts"]),
    ("111101x", "鸡蛋", ["egg"]),
    ("121102", "草鱼", ["fish_shellfish"]),
    ("101101x", "纯牛奶", ["milk"]),
    ("031301x", "豆腐", ["soy"]),
    ("011201x", "面粉", ["wheat"]),
    ("192004", "大豆油", []),
    ("082108x", "牛肉", []),
]


def _food(db, code) -> FoodRow:
    return db.scalar(select(FoodRow).where(FoodRow.code == code))


@pytest.mark.parametrize("code,name,tags", FOODS)
def test_the_tags_of_real_foods(db, foods, code, name, tags):
    food = _food(db, code)
    assert food.name == name
    assert services.dish_tags([food], spicy=False) == tags


def test_a_dish_has_the_tags_of_all_its_foods_in_order_and_spicy_by_hand(db, foods):
    rows = [_food(db, c) for c in ("011201x", "081110", "111101x", "072004")]
    assert services.dish_tags(rows, spicy=True) == ["pork", "peanut_nuts", "egg", "wheat",
                                                    "spicy"]
    assert services.TAGS == ("pork", "halal_doubtful", "peanut_nuts", "egg", "fish_shellfish",
                             "milk", "soy", "wheat", "spicy")


def test_the_banned_tags_of_a_rule():
    assert services.banned_tags(False, []) == set()
    assert services.banned_tags(True, []) == {"pork", "halal_doubtful"}
    assert services.banned_tags(False, ["peanut_nuts", "no_such_tag"]) == {"peanut_nuts"}
    assert services.banned_tags(True, ["egg"]) == {"pork", "halal_doubtful", "egg"}


def test_the_main_ingredient(db, make_dish):
    stew = make_dish("土豆烧肉", [("猪肉（瘦）", 40), ("马铃薯", 80), ("豆油", 6), ("食盐", 1.2)],
                     "meat")
    greens = make_dish("清炒小白菜", [("小白菜", 120), ("豆油", 5), ("食盐", 1)], "vegetable")
    foods = {f.id: f for f in db.scalars(select(FoodRow).where(FoodRow.id.in_(
        [i.food_id for d in (stew, greens) for i in d.ingredients])))}
    by_name = {f.name: f.id for f in foods.values()}
    assert services.main_food(stew, foods) == by_name["猪肉（瘦）"]  # meat before the potato
    assert services.main_food(greens, foods) == by_name["小白菜"]  # not the oil or the salt
    hand = make_dish("土豆烧肉（土豆为主）", [("猪肉（瘦）", 40), ("马铃薯", 80)], "meat",
                     main_food="马铃薯")
    assert services.main_food(hand, foods) == by_name["马铃薯"] == hand.main_food_id


def test_tags_and_extras_are_stored_and_recomputed_on_every_save(db, make_dish, nutritionist):
    dish = make_dish("清炒小白菜", [("小白菜", 120), ("豆油", 5)], "vegetable")
    assert (dish.role, dish.tags, dish.spicy, dish.meals, dish.aliases, dish.main_food_id) == (
        "vegetable", [], False, "lunch,dinner", "", None)
    services.save_dish(db, name="小白菜炒肉", category="meat", dish=dish, spicy=True,
                       ingredients=[IngredientIn("小白菜", 120), IngredientIn("猪肉（瘦）", 30)],
                       aliases="青菜肉片， 小白菜肉片、青菜肉片", meals=["breakfast", "lunch"])
    db.commit()
    db.expire_all()
    fresh = db.get(Dish, dish.id)
    assert (fresh.role, fresh.tags, fresh.spicy, fresh.meals, fresh.aliases) == (
        "main", ["pork", "spicy"], True, "breakfast,lunch", "青菜肉片、小白菜肉片")
    assert fresh.alias_list == ["青菜肉片", "小白菜肉片"]
    copy = services.copy_dish(db, fresh, user_id=nutritionist.id)
    assert (copy.role, copy.tags, copy.spicy, copy.meals, copy.aliases) == (
        "main", ["pork", "spicy"], True, "breakfast,lunch", "青菜肉片、小白菜肉片")
    assert [d.name for d in services.search_dishes(db, "青菜肉片")] == ["小白菜炒肉",
                                                                       "小白菜炒肉 (copy)"]


@pytest.mark.parametrize("kw,errors", [
    ({"role": "dessert"}, {"role": "Choose a role."}),
    ({"meals": []}, {"meals": "Choose the meals the dish suits."}),
    ({"meals": ["lunch", "supper"]}, {"meals": "Choose the meals the dish suits."}),
    ({"aliases": "、".join(f"米饭别名{i:03d}" for i in range(30))},
     {"aliases": "Other names are at most 200 characters."}),
    ({"main_food": "鸡蛋"}, {"main_food": "The main ingredient must be one of the dish's foods."}),
])
def test_wrong_extras_are_refused_with_exact_messages(db, foods, kw, errors):
    before = db.scalar(select(Dish.id).limit(1))
    with pytest.raises(services.MenuError) as exc:
        services.save_dish(db, name="米饭", category="staple",
                           ingredients=[IngredientIn("大米", 130)], **kw)
    db.rollback()
    assert exc.value.messages() == errors
    assert db.scalar(select(Dish.id).limit(1)) == before is None


def test_the_form_stores_the_extras_and_the_pages_show_role_and_tags(en, login, db, foods):
    login("nutritionist")
    data = {"name": "辣子肉丁", "category": "meat", "role": "main", "cooking_method": "炒",
            "base_band": "9-11", "factor_6_8": "0.8", "factor_9_11": "1.0",
            "factor_12_14": "1.15", "factor_15_17": "1.3", "notes": "", "spicy": "y",
            "aliases": "辣子肉", "meals": ["lunch"], "main_food": "",
            "ingredients-0-food": "猪肉（瘦）", "ingredients-0-grams": "40",
            "ingredients-1-food": "青椒", "ingredients-1-grams": "60"}
    for k in range(8):
        data[f"ingredients-{k}-band"] = ""
    response = en.post("/menus/dishes/new", data=data)
    assert response.status_code == 302
    dish = db.scalar(select(Dish).where(Dish.name == "辣子肉丁"))
    assert (dish.role, dish.tags, dish.meals, dish.aliases) == ("main", ["pork", "spicy"],
                                                               "lunch", "辣子肉")
    page = en.get(f"/menus/dishes/{dish.id}").get_data(as_text=True)
    assert "Main dish" in page and "Contains pork" in page and "猪肉（瘦）" in page
    listing = en.get("/menus/dishes?q=辣子肉").get_data(as_text=True)
    assert "Main dish" in listing and "Contains pork" in listing and "Spicy" in listing
    data.update({"ingredients-0-food": "豆腐", "spicy": "", "meals": []})
    response = en.post(f"/menus/dishes/{dish.id}/edit", data=data)
    assert response.status_code == 400
    assert "Choose the meals the dish suits." in response.get_data(as_text=True)
    db.expire_all()
    assert db.get(Dish, dish.id).tags == ["pork", "spicy"]  # nothing changed
    data.update({"meals": ["lunch", "dinner"]})
    assert en.post(f"/menus/dishes/{dish.id}/edit", data=data).status_code == 302
    db.expire_all()
    assert db.get(Dish, dish.id).tags == ["soy"]


def test_the_chinese_pages_name_roles_and_tags_in_chinese(app, client, login, make_dish):
    app.config["BABEL_DEFAULT_LOCALE"] = "zh_Hans_CN"
    make_dish("土豆烧肉", [("猪肉（瘦）", 40), ("马铃薯", 80)], "meat")
    login("nutritionist")
    page = client.get("/menus/dishes").get_data(as_text=True)
    assert "主菜" in page and "含猪肉" in page and ">main<" not in page and "pork" not in page


def test_the_api_reads_and_writes_the_extras(client, db, foods, factory):
    raw = accounts.create_token(db, factory.user("nutritionist"))
    db.commit()
    headers = {"Authorization": f"Bearer {raw}"}
    response = client.post("/api/v1/menus/dishes", headers=headers, json={
        "name": "花生米拌菠菜", "category": "vegetable", "spicy": True, "aliases": ["花生菠菜"],
        "meals": ["breakfast", "lunch"], "main_food": "菠菜",
        "ingredients": [{"food": "菠菜", "grams": 100}, {"food": "072004", "grams": 10}]})
    assert response.status_code == 201
    body = response.get_json()
    spinach = db.scalar(select(FoodRow.code).where(FoodRow.name == "菠菜"))
    assert {k: body[k] for k in ("role", "tags", "spicy", "aliases", "meals", "main_food")} == {
        "role": "vegetable", "tags": ["peanut_nuts", "spicy"], "spicy": True,
        "aliases": ["花生菠菜"], "meals": ["breakfast", "lunch"], "main_food": spinach}
    listed = client.get("/api/v1/menus/dishes?q=花生菠菜", headers=headers).get_json()
    assert [d["id"] for d in listed["dishes"]] == [body["id"]]
    refused = client.post("/api/v1/menus/dishes", headers=headers, json={
        "name": "米饭", "category": "staple", "role": "dessert", "meals": [],
        "ingredients": [{"food": "大米", "grams": 130}]})
    assert refused.status_code == 400
    assert refused.get_json()["errors"] == {"role": "Choose a role.",
                                            "meals": "Choose the meals the dish suits."}


def _populate_0018(engine, ids) -> None:
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO menus_dish (id, name, category, cooking_method, notes, base_band, "
            "band_factors, active, created_at) VALUES (1, '土豆烧肉', 'meat', '烧', '', '9-11', "
            "'{}', :t, :at), (2, '番茄炒蛋', 'egg', '炒', '', '9-11', '{}', :t, :at), "
            "(3, '清炒小白菜', 'vegetable', '炒', '', '9-11', '{}', :t, :at), "
            "(4, '米饭', 'staple', '蒸', '', '9-11', '{}', :t, :at)"), {"t": True, "at": NOW})
        conn.execute(text(
            "INSERT INTO menus_dish_ingredient (id, dish_id, food_id, grams, position) VALUES "
            "(1, 1, :pork, 40, 0), (2, 1, :lard, 5, 1), (3, 2, :egg, 50, 0), "
            "(4, 3, :weed, 120, 0), (5, 3, :peanut_oil, 5, 1)"), ids)


# foods as the book and the built-in table have them (the test database at 0018 has none)
MIGRATION_FOODS = [
    (1, "081110", "猪肉（瘦）", "", "meat_poultry", "畜肉类及其制品", "猪"),
    (2, "191007", "猪油（炼）", "", "other", "动物油脂类", "动物油脂"),
    (3, "111101x", "鸡蛋", "鲜鸡蛋", "eggs", "", ""),
    (4, "048027", "碱蓬（鲜）[棉蓬，猪毛菜]", "", "vegetables", "蔬菜类及其制品", "野生蔬菜类"),
    (5, "192007", "花生油", "", "vegetable_oil", "植物油", ""),
    (6, "L0306", "猪油", "荤油|大油", "other", "", ""),
]


def test_migration_0019_backfills_roles_and_tags(tmp_path):
    url = scratch_database(tmp_path)
    migrate.upgrade(url, "0018")
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(FoodRow.__table__.insert(), [
                {"id": i, "code": c, "name": n, "aliases": a, "food_group": g, "book_group": bg,
                 "book_subgroup": sub, "edible_fraction": 1.0, "certainty": "book"}
                for i, c, n, a, g, bg, sub in MIGRATION_FOODS])
        _populate_0018(engine, {"pork": 1, "lard": 2, "egg": 3, "weed": 4, "peanut_oil": 5})
        with engine.begin() as conn:  # 米饭 fried in the local estimate of lard
            conn.execute(text("INSERT INTO menus_dish_ingredient (id, dish_id, food_id, grams, "
                              "position) VALUES (6, 4, 6, 3, 0)"))
        migrate.upgrade(url)
        with engine.connect() as conn:
            rows = conn.execute(text(
                "SELECT id, category, role, spicy, aliases, meals, main_food_id FROM menus_dish "
                "ORDER BY id")).all()
            tags = {i: t for i, t in conn.execute(text("SELECT id, tags FROM menus_dish"))}
        assert [tuple(r) for r in rows] == [
            (1, "meat", "main", False, "", "lunch,dinner", None),
            (2, "egg", "main", False, "", "lunch,dinner", None),
            (3, "vegetable", "vegetable", False, "", "lunch,dinner", None),
            (4, "staple", "staple", False, "", "lunch,dinner", None)]
        as_list = {i: t if isinstance(t, list) else json.loads(t) for i, t in tags.items()}
        assert as_list == {1: ["pork"], 2: ["egg"], 3: ["peanut_nuts"], 4: ["pork"]}
    finally:
        engine.dispose()
