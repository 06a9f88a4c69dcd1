"""The demo's dish library (menus/data/demo_dishes.csv): enough realistic dishes of every role
for a menu solver, every food in the food table and bought in the demo, portions that let a
lunch land in the standard's windows (oil, salt, fruit, milk, liver), and the demo creating
them through save_dish next to the hand-made dishes."""
from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from menus.demo import DISHES
from menus.demo_library import ROLES, load_demo_library, read_library
from menus.models import CATEGORIES, Dish, DishIngredient
from nutrition import services as nutrition
from procurement import services as procurement
from procurement.demo import BASKET, LIBRARY_FOODS
from suite.demo import build_demo
from suite.models import School, User

LIBRARY = read_library()
OIL, SALT = "192004", "L0001"
COOKED = ("main", "vegetable", "soup")
TODAY = date(2026, 11, 23)


def grams_of(dish, codes) -> Decimal:
    return sum((g for code, g in dish.ingredients if code in codes), Decimal(0))


def is_pork(code: str) -> bool:
    return "081100" <= code[:6] <= "081499" or code in ("191006", "191007")


def test_the_library_has_enough_dishes_of_every_role():
    assert len(LIBRARY) == 164
    assert Counter(d.role for d in LIBRARY) == {
        "staple": 26, "main": 65, "vegetable": 44, "soup": 12, "fruit": 11, "milk": 5,
        "other": 1}
    assert {d.role for d in LIBRARY} <= set(ROLES)
    assert {d.category for d in LIBRARY} <= set(CATEGORIES)
    names = [d.name for d in LIBRARY] + [name for name, *_rest in DISHES]
    assert [n for n, count in Counter(names).items() if count > 1] == []
    assert all(0 < len(d.name) <= 60 and d.ingredients for d in LIBRARY)
    assert {m for d in LIBRARY for m in d.meals.split(",")} == {"breakfast", "lunch", "dinner"}
    assert sum(1 for d in LIBRARY if "breakfast" in d.meals) == 29
    assert sum(1 for d in LIBRARY if d.spicy) == 9


def test_every_food_is_in_the_table_and_portions_fit_the_lunch_windows(db, foods):
    table = nutrition.food_table(db)
    codes = {code for d in LIBRARY for code in d.codes}
    assert len(codes) == 109
    assert sorted(codes - set(table.index)) == []
    food = {code: table.foods[table.index[code]] for code in codes}
    assert all(len(c) == 6 and c.isdigit() or len(c) == 7 and c.endswith("x")
               for c in codes - {SALT})

    def edible(dish, group):
        return sum(Decimal(str(food[c].edible_fraction)) * g for c, g in dish.ingredients
                   if food[c].food_group == group)

    for dish in LIBRARY:
        lunch = "lunch" in dish.meals
        if dish.role in COOKED and lunch:  # realistic oil and salt, so weeks reach 8 g and 1.6 g
            oil = grams_of(dish, {OIL})
            assert (Decimal(1) <= oil <= 2) if dish.role == "soup" else (3 <= oil <= 6), dish.name
            assert Decimal("0.4") <= grams_of(dish, {SALT}) <= 1, dish.name
        if dish.role == "fruit":  # one fruit, 80-100 g of it eaten
            assert len(dish.ingredients) == 1 and food[dish.codes[0]].food_group == "fruit"
            assert 80 <= edible(dish, "fruit") <= 100, dish.name
        if dish.role == "milk" and lunch:  # the lunch dairy window for 9-11 is 64-96 g raw
            assert 64 <= grams_of(dish, codes) <= 96, dish.name
    milk = [d.name for d in LIBRARY if d.role == "milk" and "lunch" in d.meals]
    assert milk == ["纯牛奶（小盒）", "学生奶", "纯牛奶（小袋）", "酸奶（小杯）"]

    liver = {d.name: grams_of(d, {c for c in d.codes if food[c].liver}) for d in LIBRARY
             if any(food[c].liver for c in d.codes)}
    assert liver == {"熘肝尖": 25, "菠菜炒猪肝": 20, "鸡肝炒蒜苗": 22, "牛肝炒洋葱": 22}
    mains = [d for d in LIBRARY if d.role == "main" and "lunch" in d.meals]
    no_pork = [d.name for d in mains if not any(is_pork(c) for c in d.codes)]
    assert len(no_pork) == 47 and "牛肝炒洋葱" in no_pork and "熘肝尖" not in no_pork
    # the mains cover the kinds a week needs, with non-pork ones for a halal school
    kinds = Counter(next(food[c].food_group for c in d.codes if food[c].food_group in (
        "meat_poultry", "fish_shrimp", "eggs", "soy_nuts")) for d in mains)
    assert kinds == {"meat_poultry": 37, "eggs": 11, "soy_nuts": 7, "fish_shrimp": 9}
    vegetables = [d for d in LIBRARY if d.role == "vegetable"]
    dark = [d.name for d in vegetables if any(food[c].dark_vegetable for c in d.codes)]
    assert len(dark) == 33
    staples = {d.name: edible(d, "cereals_tubers") for d in LIBRARY
               if d.role == "staple" and "lunch" in d.meals}
    assert len(staples) == 20 and staples["红薯饭"] == Decimal("126.0")  # 90 g rice, 36 g tuber
    # 90-130 g of cereals and tubers eaten; a small steamed bun to go beside a potato dish
    assert {name for name, g in staples.items() if not 90 <= g <= 130} == {"刀切馒头"}


def test_every_food_of_the_library_is_bought_in_the_demo(db, foods):
    basket = {nutrition.resolve_food(db, item)[0].code for item, *_rest in BASKET}
    library = [code for code, _item, _price in LIBRARY_FOODS]
    assert len(library) == len(set(library)) == 90 and not basket & set(library)
    assert sorted({c for d in LIBRARY for c in d.codes} - basket - set(library)) == []


def test_the_demo_creates_the_library_with_prices(db, app):
    build_demo(db, schools=2, today=TODAY, password="demo-password-1")
    db.commit()
    assert db.scalar(select(func.count()).select_from(Dish)) == len(DISHES) + len(LIBRARY)
    dish = db.scalar(select(Dish).where(Dish.name == "牛肝炒洋葱"))
    rows = db.execute(select(DishIngredient.grams).where(DishIngredient.dish_id == dish.id)
                      .order_by(DishIngredient.position)).scalars().all()
    assert (dish.category, dish.cooking_method, rows) == ("meat", "炒", [22, 50, 20, 5, Decimal(
        "0.8")])
    row = next(d for d in LIBRARY if d.name == "牛肝炒洋葱")
    assert (dish.role, dish.meals, dish.spicy) == (row.role, row.meals, row.spicy) == \
        ("main", "lunch,dinner", False)
    assert "pork" not in dish.tags
    aliased = next(d for d in LIBRARY if d.aliases)
    stored = db.scalar(select(Dish).where(Dish.name == aliased.name))
    assert stored.aliases == "、".join(aliased.aliases.split("|"))
    nutritionist = db.scalar(select(User).where(User.role == "nutritionist"))
    assert dish.created_by == nutritionist.id
    assert load_demo_library(db, 1, nutritionist.id) == 0  # present names are left alone
    food_ids = db.scalars(select(DishIngredient.food_id).distinct()).all()
    for school in db.scalars(select(School)):
        prices = procurement.recent_prices(db, school.id, food_ids, TODAY + timedelta(days=7))
        assert set(prices) == set(food_ids), school.code


# a lunch week of the library without pork (a halal school's), found by a solver: every week
# check of the standard for 9-11 holds, protein and fibre near their limits
HALAL_WEEK = [["红薯饭", "鱼丸烧萝卜", "清炒南瓜丝", "素炒三丁", "梨", "酸奶（小杯）"],
              ["黑米饭", "鸡蛋羹", "清炒西葫芦", "牛肉羹", "梨", "纯牛奶（小盒）"],
              ["红薯饭", "鸡肝炒蒜苗", "金针菇炒菠菜", "牛肉羹", "猕猴桃", "酸奶（小杯）"],
              ["窝窝头", "香干炒芹菜", "清炒油菜", "鲫鱼豆腐汤", "葡萄", "纯牛奶（小袋）"],
              ["窝窝头", "红烧鸡翅", "鸡蛋羹", "清炒西葫芦", "鲫鱼豆腐汤", "猕猴桃", "纯牛奶（小袋）"]]


def test_a_lunch_week_of_the_library_meets_the_standard(db, foods):
    table, standard = nutrition.food_table(db), nutrition.county_standard(db)
    by_name = {d.name: d for d in LIBRARY}
    days = [{"lunch": [(code, float(g)) for name in names for code, g in by_name[name].ingredients]}
            for names in HALAL_WEEK]
    assert not any(is_pork(c) for names in HALAL_WEEK for n in names for c in by_name[n].codes)
    week, _days = nutrition.analyze_week(table, days, standard, (("9-11", "M", 1),
                                                                  ("9-11", "F", 1)))
    found = week.to_dict(standard)
    assert {g["group"]: g["status"] for g in found["food_groups"] if g["status"]} == {
        g: "ok" for g in ("cereals_tubers", "vegetables", "fruit", "meat_poultry", "fish_shrimp",
                          "eggs", "dairy", "soy_nuts", "vegetable_oil", "salt")}
    assert {n["nutrient"]: n["status"] for n in found["nutrients"] if n["status"]} == {
        n: "ok" for n in ("energy_kcal", "protein_g", "fibre_g", "calcium_mg", "iron_mg",
                          "zinc_mg", "vitamin_a_ug_rae", "thiamin_mg", "riboflavin_mg",
                          "vitamin_c_mg")}
    assert found["energy_share_status"] == {"fat": "ok", "carbohydrate": "ok"}
    liver = next(c for c in found["checks"] if c["code"] == "liver_per_week")
    assert (liver["value"], liver["status"]) == (22.0, "ok")
