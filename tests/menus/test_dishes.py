"""Dishes (quantified recipes): validation with exact messages, grams per age band, copies,
nutrients and the cost per serving from delivery prices (missing prices listed, never zero)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy.exc import IntegrityError

from menus import services
from menus.dishes import cost_of
from menus.services import DEFAULT_FACTORS, IngredientIn, MenuError
from nutrition import services as nutrition
from procurement.services import Price

from ..factories import food_id
from .helpers import counts

GRAMS_MESSAGE = "Grams per serving must be above 0 and at most 2000."
AS_OF = date(2026, 11, 20)


pytestmark = pytest.mark.usefixtures("en")  # English pages and messages


def save(db, name="米饭", ingredients=(("大米", 130),), category="staple", **kw):
    return services.save_dish(db, name=name, category=category,
                              ingredients=[IngredientIn(*row) for row in ingredients], **kw)


def grams_of(db, dish, band):
    """{food name: grams} of a dish for an age band."""
    names = {f.id: f.name for f in nutrition.foods_by_id(db, [i.food_id for i in
                                                               dish.ingredients])}
    return {names[fid]: g for fid, g in services.dish_grams(dish, band)}


def test_a_dish_is_saved_with_resolved_foods_and_default_factors(db, foods, nutritionist):
    dish = save(db, name="  番茄炒蛋 ", category="egg", cooking_method="炒",
                ingredients=[("鸡蛋", "50"), ("西红柿", 100), ("192004", "5.04")],
                user_id=nutritionist.id)
    db.commit()
    db.expire_all()
    assert (dish.name, dish.category, dish.cooking_method) == ("番茄炒蛋", "egg", "炒")
    assert dish.base_band == "9-11" and dish.band_factors == DEFAULT_FACTORS
    assert dish.created_by == nutritionist.id
    # a name, an alias (西红柿 = 番茄) and a code; grams kept to 0.1 g, half up
    assert [(i.food_id, i.grams, i.band, i.position) for i in dish.ingredients] == [
        (food_id(db, "111101x"), Decimal("50.0"), None, 0),
        (food_id(db, "043119"), Decimal("100.0"), None, 1),
        (food_id(db, "192004"), Decimal("5.0"), None, 2)]


@pytest.mark.parametrize("kw, errors", [
    ({"name": "   "}, {"name": "The dish needs a name."}),
    ({"ingredients": [("龙肉", 50)]}, {"ingredients[0].food": "Unknown food: 龙肉."}),
    ({"ingredients": [("大米", 130), ("大米", 0)]}, {"ingredients[1].grams": GRAMS_MESSAGE}),
    ({"ingredients": [("大米", "-5")]}, {"ingredients[0].grams": GRAMS_MESSAGE}),
    ({"ingredients": [("大米", "2000.1")]}, {"ingredients[0].grams": GRAMS_MESSAGE}),
    ({"ingredients": [("大米", "一百")]}, {"ingredients[0].grams": GRAMS_MESSAGE}),
    ({"ingredients": [("大米", "")]}, {"ingredients[0].grams": GRAMS_MESSAGE}),
    ({"ingredients": []}, {"ingredients": "A dish needs at least one ingredient."}),
    ({"ingredients": [("", ""), (" ", None)]},
     {"ingredients": "A dish needs at least one ingredient."}),
    ({"category": "dessert"}, {"category": "Choose a category."}),
    ({"base_band": "3-5"}, {"base_band": "Unknown age band: 3-5."}),
    ({"band_factors": {"6-8": "0"}},
     {"band_factors": "Portion factors are numbers from 0.1 to 5."}),
    ({"ingredients": [("大米", 100, "5-6")]}, {"ingredients[0].band": "Unknown age band: 5-6."}),
    ({"name": "", "ingredients": [("龙肉", "0")]},
     {"name": "The dish needs a name.", "ingredients[0].food": "Unknown food: 龙肉.",
      "ingredients[0].grams": GRAMS_MESSAGE}),
])
def test_invalid_dishes_are_refused_with_exact_messages(db, foods, kw, errors):
    before = counts(db)
    with pytest.raises(MenuError) as exc:
        save(db, **kw)
    assert exc.value.errors == errors
    db.rollback()
    assert counts(db) == before


def test_2000_grams_is_the_largest_accepted_amount(db, foods):
    dish = save(db, ingredients=[("大米", "2000")])
    assert dish.ingredients[0].grams == Decimal("2000.0")


def test_grams_that_round_to_zero_are_refused(db, foods):
    try:
        save(db, ingredients=[("食盐", "0.04")])
        refused = None
    except MenuError as exc:
        refused = exc.errors
    except IntegrityError:
        db.rollback()
        refused = "IntegrityError"
    assert refused == {"ingredients[0].grams": GRAMS_MESSAGE}


def test_editing_a_dish_replaces_its_ingredients(db, make_dish):
    dish = make_dish("米饭", [("大米", 130)])
    save(db, name="杂粮饭", ingredients=[("大米", 100), ("小米", 30)], dish=dish)
    db.commit()
    db.expire_all()
    assert dish.name == "杂粮饭"
    assert grams_of(db, dish, "9-11") == {"大米": Decimal("100.0"), "小米": Decimal("30.0")}
    assert counts(db)[:2] == (1, 2)


def test_grams_are_scaled_from_the_base_band_by_the_factors(db, make_dish):
    dish = make_dish("米饭", [("大米", 100), ("豆油", "4.5")])
    # factors relative to 9-11: 0.8, 1.0, 1.15, 1.3
    assert grams_of(db, dish, "6-8") == {"大米": Decimal("80.0"), "大豆油": Decimal("3.6")}
    assert grams_of(db, dish, "9-11") == {"大米": Decimal("100.0"), "大豆油": Decimal("4.5")}
    # 4.5 × 1.15 = 5.175 → 5.2 (half up, to 0.1 g)
    assert grams_of(db, dish, "12-14") == {"大米": Decimal("115.0"), "大豆油": Decimal("5.2")}
    assert grams_of(db, dish, "15-17") == {"大米": Decimal("130.0"), "大豆油": Decimal("5.9")}


def test_a_base_band_other_than_9_11_scales_by_the_ratio_of_factors(db, make_dish):
    dish = make_dish("米饭", [("大米", 80)], base_band="6-8",
                     band_factors={"12-14": "1.2"})
    assert dish.band_factors == {"6-8": 0.8, "9-11": 1.0, "12-14": 1.2, "15-17": 1.3}
    assert grams_of(db, dish, "6-8") == {"大米": Decimal("80.0")}
    assert grams_of(db, dish, "9-11") == {"大米": Decimal("100.0")}   # 80 × 1.0 / 0.8
    assert grams_of(db, dish, "12-14") == {"大米": Decimal("120.0")}  # 80 × 1.2 / 0.8
    assert grams_of(db, dish, "15-17") == {"大米": Decimal("130.0")}  # 80 × 1.3 / 0.8


def test_rows_given_for_a_band_override_the_scaling_for_that_band(db, make_dish):
    dish = make_dish("米饭", [("大米", 100), ("大米", 90, "6-8"), ("大米", 140, "12-14"),
                            ("小米", 10, "12-14")])
    assert grams_of(db, dish, "6-8") == {"大米": Decimal("90.0")}
    assert grams_of(db, dish, "9-11") == {"大米": Decimal("100.0")}
    assert grams_of(db, dish, "12-14") == {"大米": Decimal("140.0"), "小米": Decimal("10.0")}
    assert grams_of(db, dish, "15-17") == {"大米": Decimal("130.0")}


def test_copy_dish_makes_an_independent_copy(db, make_dish, nutritionist):
    dish = make_dish("米饭", [("大米", 100), ("大米", 90, "6-8")], cooking_method="蒸",
                     band_factors={"15-17": "1.4"})
    copy = services.copy_dish(db, dish, user_id=nutritionist.id)
    db.commit()
    db.expire_all()
    assert copy.id != dish.id and copy.name == "米饭 (copy)"
    assert (copy.category, copy.cooking_method, copy.base_band) == ("staple", "蒸", "9-11")
    assert copy.band_factors == dish.band_factors and copy.band_factors["15-17"] == 1.4
    assert copy.created_by == nutritionist.id
    assert [(i.food_id, i.grams, i.band) for i in copy.ingredients] == \
        [(i.food_id, i.grams, i.band) for i in dish.ingredients]
    assert {i.id for i in copy.ingredients}.isdisjoint({i.id for i in dish.ingredients})
    save(db, name="米饭（大份）", ingredients=[("大米", 150)], dish=copy)
    db.commit()
    db.expire_all()
    assert dish.name == "米饭" and len(dish.ingredients) == 2
    assert counts(db)[:2] == (2, 3)


def test_cost_of_sums_grams_times_price_to_the_fen():
    rice = Price(Decimal("5.98"), date(2026, 11, 2), "school")
    oil = Price(Decimal("13.78"), date(2026, 11, 9), "county")
    # 125 g × 5.98 / 1000 = 0.7475; + 5 g × 13.78 / 1000 = 0.0689 → 0.8164 → 0.82
    cost = cost_of({1: Decimal("125"), 2: Decimal("5")}, {1: rice, 2: oil},
                   {1: "大米", 2: "豆油"})
    assert (cost.amount, cost.missing, cost.latest, cost.complete) == (
        Decimal("0.82"), [], date(2026, 11, 9), True)
    # 125 g alone: 0.7475 → 0.75 (half up)
    assert cost_of({1: Decimal("125")}, {1: rice}, {1: "大米"}).amount == Decimal("0.75")


def test_a_food_without_a_price_is_listed_never_costed_at_zero():
    rice = Price(Decimal("6.00"), date(2026, 11, 2), "school")
    cost = cost_of({1: Decimal("130"), 2: Decimal("60"), 3: Decimal("1")}, {1: rice},
                   {1: "大米", 2: "鸡蛋", 3: "食盐"})
    assert (cost.amount, cost.missing, cost.complete) == (Decimal("0.78"), ["食盐", "鸡蛋"],
                                                          False)
    only_missing = cost_of({2: Decimal("60")}, {}, {2: "鸡蛋"})
    assert only_missing.missing == ["鸡蛋"] and only_missing.complete is False
    assert only_missing.latest is None


def test_dish_facts_cost_per_serving_from_the_schools_own_price(db, org, deliver, make_dish):
    deliver([("大米", "10", "kg", "6.00")], day=date(2026, 11, 2))
    deliver([("大米", "10", "kg", "9.00")], day=date(2026, 11, 3), school=org.schools[1])
    dish = make_dish("米饭", [("大米", 130)])
    standard = nutrition.county_standard(db, org.county.id)
    facts = services.dish_facts(db, dish, "9-11", standard, org.schools[0].id, AS_OF)
    # 130 g × 6.00 CNY/kg = 0.78 CNY (the school's own price, not the county's)
    assert facts["cost"].amount == Decimal("0.78") and facts["cost"].missing == []
    assert facts["cost"].latest == date(2026, 11, 2)
    ((food, grams, price),) = facts["ingredients"]
    assert (food.code, grams) == ("012001x", Decimal("130.0"))
    assert price == Price(Decimal("6.00"), date(2026, 11, 2), "school")
    # 130 g × 346 / 100 = 449.8 kcal; 130 × 7.9 / 100 = 10.27 g protein
    energy, protein = facts["nutrients"][0], facts["nutrients"][1]
    assert (energy["nutrient"], energy["amount"]) == ("energy_kcal", 449.8)
    assert (protein["nutrient"], protein["amount"]) == ("protein_g", 10.27)
    # age 6-8: 104 g × 6.00 / 1000 = 0.624 → 0.62
    small = services.dish_facts(db, dish, "6-8", standard, org.schools[0].id, AS_OF)
    assert small["cost"].amount == Decimal("0.62")


def test_dish_facts_lists_an_unpriced_ingredient_as_missing(db, org, deliver, make_dish):
    deliver([("大米", "10", "kg", "6.00")], day=date(2026, 11, 2))
    dish = make_dish("鸡蛋饭", [("大米", 130), ("鸡蛋", 60)])
    standard = nutrition.county_standard(db, org.county.id)
    facts = services.dish_facts(db, dish, "9-11", standard, org.schools[0].id, AS_OF)
    # the rice alone: 0.78; the egg has no price: listed, and the cost is incomplete
    assert facts["cost"].amount == Decimal("0.78")
    assert facts["cost"].missing == ["鸡蛋"] and facts["cost"].complete is False
    assert [p for _f, _g, p in facts["ingredients"]][1] is None
    egg_only = make_dish("蒸鸡蛋", [("鸡蛋", 60)], "egg")
    facts = services.dish_facts(db, egg_only, "9-11", standard, org.schools[0].id, AS_OF)
    assert facts["cost"].missing == ["鸡蛋"] and not facts["cost"].complete


def test_dish_facts_uses_the_county_median_without_an_own_price(db, org, deliver, make_dish):
    deliver([("大米", "10", "kg", "5.00")], day=date(2026, 11, 2), school=org.schools[1])
    deliver([("大米", "10", "kg", "6.00")], day=date(2026, 11, 3), school=org.schools[1])
    deliver([("大米", "10", "kg", "7.50")], day=date(2026, 11, 4), school=org.schools[2])
    dish = make_dish("米饭", [("大米", 130)])
    standard = nutrition.county_standard(db, org.county.id)
    facts = services.dish_facts(db, dish, "9-11", standard, org.schools[0].id, AS_OF)
    # median of 5.00, 6.00, 7.50 = 6.00; 130 g → 0.78
    assert facts["ingredients"][0][2] == Price(Decimal("6.00"), date(2026, 11, 4), "county")
    assert facts["cost"].amount == Decimal("0.78") and facts["cost"].complete
    # county users (no school) see the county median too
    facts = services.dish_facts(db, dish, "9-11", standard, None, AS_OF)
    assert facts["cost"].amount == Decimal("0.78")
