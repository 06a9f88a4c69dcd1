"""The planner's cost is Decimal from the grams to the day: head-count weights are exact and
the fen is rounded half up once, at the end (issue 9, item 5)."""
from __future__ import annotations

import html
from datetime import timedelta
from decimal import Decimal

from menus import services
from nutrition import services as nutrition

from .helpers import MON, TUE

WED = MON + timedelta(days=2)
BANDS = ("6-8", "9-11", "12-14", "15-17")


def same_for_every_band(make_dish, name, grams):
    """A dish of rice with the same raw grams entered for every age band (no scaling)."""
    return make_dish(name, [("大米", grams, band) for band in BANDS])


def plan_of(db, org, make_week, menu_days):
    """The plan of schools[0] (38 pupils aged 6-8 and 32 aged 9-11) for {day: dish}."""
    menu = make_week(org.schools[0])
    for day, dish in menu_days.items():
        services.add_item(db, menu, day=day, meal="lunch", dish_id=dish.id)
    db.commit()
    return services.week_plan(db, services.load_menu(db, menu.id)), menu


def test_two_grams_of_rice_at_2_50_a_kg_cost_one_fen(db, org, make_week, make_dish, deliver,
                                                      login, client, en):
    deliver([("大米", "1", "kg", "2.50")])
    dish = same_for_every_band(make_dish, "一小撮米", "2.0")
    plan, menu = plan_of(db, org, make_week, {MON: dish})
    # weights 38/70 and 32/70 sum to exactly 1 in Decimal (as floats they gave 0.99999999…):
    # (2.0 × 38 + 2.0 × 32) / 70 = 2.0 g × 2.50 / 1000 = 0.005 → half up 0.01 (not 0.00)
    monday = plan["days"][0]
    assert monday["cost"].amount == Decimal("0.01") and monday["cost"].complete
    assert monday["cost"].exact == Decimal("0.005")
    assert plan["average_cost"] == Decimal("0.01")
    login("nutritionist")
    page = html.unescape(client.get(f"/menus/weeks/{menu.id}").get_data(as_text=True))
    assert "Cost 0.01 / subsidy 5.00" in page
    assert "Average cost per serving per day: 0.01 CNY." in page


def test_a_half_fen_rounds_up_not_to_even(db, org, make_week, make_dish, deliver):
    deliver([("大米", "1", "kg", "4.50")])
    dish = same_for_every_band(make_dish, "十克米", "10")
    plan, _menu = plan_of(db, org, make_week, {MON: dish})
    # 10 g × 4.50 / 1000 = 0.045 → half up 0.05 (half even, or float weights, give 0.04)
    assert plan["days"][0]["cost"].amount == Decimal("0.05")


def test_the_weekly_average_is_rounded_once_from_the_exact_day_costs(
        db, org, make_week, make_dish, deliver):
    deliver([("大米", "1", "kg", "2.40")])
    small = same_for_every_band(make_dish, "二克米", "2.0")
    larger = same_for_every_band(make_dish, "二点三克米", "2.3")
    plan, _menu = plan_of(db, org, make_week, {MON: small, TUE: small, WED: larger})
    # days: 2.0 × 2.40 / 1000 = 0.0048 → 0.00, 0.0048 → 0.00, 2.3 × 2.40 / 1000 = 0.00552 → 0.01
    assert [d["cost"].amount for d in plan["days"][:3]] == [
        Decimal("0.00"), Decimal("0.00"), Decimal("0.01")]
    # average (0.0048 + 0.0048 + 0.00552) / 3 = 0.00504 → 0.01; averaging the rounded day
    # costs would give 0.01 / 3 = 0.0033 → 0.00
    assert plan["average_cost"] == Decimal("0.01")


def test_a_dishs_cost_per_serving_rounds_half_up(db, org, make_dish, deliver):
    deliver([("大米", "1", "kg", "4.50")])
    dish = make_dish("十克米", [("大米", "10")])
    standard = nutrition.county_standard(db, org.county.id)
    facts = services.dish_facts(db, dish, "9-11", standard, org.schools[0].id, MON)
    # 10 g × 4.50 / 1000 = 0.045 → 0.05
    assert facts["cost"].amount == Decimal("0.05")
