"""The analysis engine on hand-computed meals (arithmetic written out), DOMAIN.md's worked
checks, targets for a mix of eaters, statuses, food groups and the menu principles."""
from __future__ import annotations

import pytest

from nutrition.analysis import analyze_day, analyze_meal, analyze_week
from nutrition.engine import NI, AnalysisError

BOY = [("9-11", "M", 1)]
# Raw grams per person. 大米 012001x (edible 100 %), 鸡蛋 111101x (87 %), 番茄 043119 (97 %),
# 花生油 192007 (100 %).
LUNCH = [("012001x", 100), ("111101x", 60), ("043119", 100), ("192007", 10)]


def total(analysis, nutrient):
    return analysis.intake.totals[NI[nutrient]]


def nutrient(result, name):
    return next(n for n in result["nutrients"] if n["nutrient"] == name)


def group(result, name):
    return next(g for g in result["food_groups"] if g["group"] == name)


@pytest.mark.parametrize("items, nutrient_name, expected", [
    ([("111101x", 60)], "energy_kcal", 72.558),      # 60 × 0.87 = 52.2 g × 139 / 100
    ([("121203", 150)], "protein_g", 20.178),        # 150 × 0.76 = 114 g × 17.7 / 100
    ([("101101x", 250)], "energy_kcal", 162.5),      # 250 g × 65 / 100
    ([("101101x", 250)], "calcium_mg", 267.5),       # 250 g × 107 / 100
    ([("081214", 25)], "vitamin_a_ug_rae", 1625.5),  # 25 g × 6502 / 100
    ([("081214", 25)], "iron_mg", 5.8),              # 25 g × 23.2 / 100
])
def test_domain_worked_checks(table, wst, items, nutrient_name, expected):
    analysis = analyze_meal(table, items, wst, BOY, "lunch")
    assert total(analysis, nutrient_name) == pytest.approx(expected, abs=1e-6)


def test_hand_computed_lunch_totals(table, wst):
    a = analyze_meal(table, LUNCH, wst, BOY, "lunch")
    # energy: 100×346/100 + 52.2×139/100 + 97×15/100 + 10×899/100
    #       = 346 + 72.558 + 14.55 + 89.9 = 523.008 kcal
    assert total(a, "energy_kcal") == pytest.approx(523.008, abs=1e-6)
    # protein: 7.9 + 52.2×0.131 + 97×0.009 + oil trace 0 = 7.9 + 6.8382 + 0.873 = 15.6112 g
    assert total(a, "protein_g") == pytest.approx(15.6112, abs=1e-6)
    # fat: 0.9 + 52.2×0.086 + 97×0.002 + 10×0.999 = 0.9 + 4.4892 + 0.194 + 9.99 = 15.5732 g
    assert total(a, "fat_g") == pytest.approx(15.5732, abs=1e-6)
    # calcium: 8 + 52.2×0.56 + 97×0.04 + 10×0.12 = 8 + 29.232 + 3.88 + 1.2 = 42.312 mg
    assert total(a, "calcium_mg") == pytest.approx(42.312, abs=1e-6)
    # vitamin C: rice 0, egg trace 0, tomato 97×0.14 = 13.58, oil not measured
    assert total(a, "vitamin_c_mg") == pytest.approx(13.58, abs=1e-6)
    result = a.to_dict(wst)
    assert nutrient(result, "vitamin_c_mg")["incomplete"] is True   # the oil has no value
    assert nutrient(result, "energy_kcal")["incomplete"] is False


def test_hand_computed_lunch_targets_and_statuses(table, wst):
    result = analyze_meal(table, LUNCH, wst, BOY, "lunch").to_dict(wst)
    energy = nutrient(result, "energy_kcal")
    # target: 2100 kcal × 37.5 % = 787.5; ok from 2100 × 35 % × 0.9 = 661.5
    # to 2100 × 40 % × 1.1 = 924; 523.008 is low, 66.4 % of target
    assert (energy["target"], energy["low"], energy["high"]) == (787.5, 661.5, 924.0)
    assert energy["status"] == "low" and energy["percent"] == 66.4
    protein = nutrient(result, "protein_g")
    # 50 g × 37.5 % = 18.75; ok 50 × 35 % × 0.8 = 14 to 50 × 40 % × 1.2 = 24
    assert (protein["target"], protein["low"], protein["high"]) == (18.75, 14.0, 24.0)
    assert protein["status"] == "ok" and protein["percent"] == 83.3
    calcium = nutrient(result, "calcium_mg")
    # 850 mg × 37.5 % = 318.75; at least 850 × 35 % × 0.8 = 238 (no upper limit)
    assert (calcium["target"], calcium["low"], calcium["high"]) == (318.75, 238.0, None)
    assert calcium["status"] == "low"
    # B2 is disputed only for girls 12-14 and both sexes 15-17 (DOMAIN.md Table 1): 9-11 is not
    assert nutrient(result, "riboflavin_mg")["uncertain_target"] is False
    assert calcium["uncertain_target"] is False
    # fat energy share: 15.5732 × 9 / 523.008 = 26.8 % (ok: 20-30 %)
    assert result["energy_share"]["fat"] == 26.8
    assert result["energy_share_status"]["fat"] == "ok"


def test_hand_computed_lunch_food_groups(table, wst):
    result = analyze_meal(table, LUNCH, wst, BOY, "lunch").to_dict(wst)
    # lunch, 9-11: cereals 120-140 g (100 edible: low); eggs 20 g printed, ±20 % → 16-24
    # (52.2 edible: high); vegetables 140-160 (97: low); oil 10 → 8-12 (10: ok)
    assert group(result, "cereals_tubers") == {"group": "cereals_tubers", "grams": 100.0,
                                               "low": 120.0, "high": 140.0, "status": "low",
                                               "uncertain": False, "day_amount_shared": False}
    assert group(result, "eggs")["grams"] == 52.2 and group(result, "eggs")["status"] == "high"
    assert (group(result, "eggs")["low"], group(result, "eggs")["high"]) == (16.0, 24.0)
    assert group(result, "vegetables")["status"] == "low"
    assert group(result, "vegetable_oil")["status"] == "ok"
    assert result["distinct_foods"] == 4
    # cereals, vegetables, eggs: 3 of the 4 broad groups (no milk or soy)
    assert result["broad_groups"] == 3 and result["checks"][0]["ok"] is True


def test_targets_are_weighted_by_head_count(table, wst):
    eaters = [{"age_band": "6-8", "sex": "F", "count": 1},
              {"age_band": "12-14", "sex": "M", "count": 3}]
    result = analyze_meal(table, LUNCH, wst, eaters, "day").to_dict(wst)
    # (1550 × 1 + 2450 × 3) / 4 = 2225 kcal a day
    assert nutrient(result, "energy_kcal")["target"] == 2225.0
    # protein (40 × 1 + 65 × 3) / 4 = 235 / 4 = 58.75 g (6-8: 40 g, WS/T 554 Table 1)
    assert nutrient(result, "protein_g")["target"] == 58.75


def test_day_of_two_meals_is_judged_against_their_shares(table, wst):
    breakfast = [("011404x", 100), ("101101x", 250)]
    day, meals = analyze_day(table, {"breakfast": breakfast, "lunch": LUNCH}, wst, BOY)
    result = day.to_dict(wst)
    energy = nutrient(result, "energy_kcal")
    # 2100 × (27.5 + 37.5) % = 1365; ok from 2100 × 60 % × 0.9 = 1134 to 2100 × 70 % × 1.1 = 1617
    assert (energy["target"], energy["low"], energy["high"]) == (1365.0, 1134.0, 1617.0)
    # 馒头 223 + milk 162.5 + lunch 523.008 = 908.508 kcal
    assert energy["amount"] == 908.51
    assert set(meals) == {"breakfast", "lunch"}


def _checks(result):
    return {c["code"]: (c["ok"], c["value"]) for c in result["checks"]}


def test_menu_principles_on_a_hand_built_day(table, wst):
    day_items = {
        "breakfast": [("011404x", 100), ("101101x", 250), ("111101x", 50)],
        "lunch": [("012001x", 120), ("081110", 40), ("045120", 100), ("041201", 50),
                  ("031301x", 40), ("192004", 12), ("L0001", 2), ("061101x", 100)],
        "dinner": [("012001x", 110), ("045201", 80), ("043119", 60), ("192004", 12),
                   ("L0001", 2)],
    }
    day, _meals = analyze_day(table, day_items, wst, BOY)
    checks = _checks(day.to_dict(wst))
    # vegetables: 小白菜, 胡萝卜, 圆白菜, 番茄 = 4 kinds
    assert checks["vegetable_kinds"] == (True, 4)
    # dark by edible weight: 小白菜 94 + 胡萝卜 48 + 番茄 58.2 = 200.2 of 200.2 + 圆白菜 68.8
    # = 269: 74.4 % > 50 %
    assert checks["dark_vegetable_share"] == (True, 74.4)
    assert checks["milk"] == (True, 250.0) and checks["fruit"][0] and checks["soy"][0]
    assert checks["oil"] == (True, 24.0)
    assert checks["salt"] == (True, 4.0)  # 2 + 2 g salt, no condiments
    # 13 foods, salt and oil not counted: 馒头 奶 蛋 米 肉 小白菜 胡萝卜 豆腐 苹果 圆白菜 番茄 = 11
    assert checks["foods_per_day"] == (False, 11)


def test_salt_counts_the_sodium_of_condiments(table, wst):
    soy_sauce = next(f.code for f in table.foods if f.name == "酱油")
    sodium = next(f for f in table.foods if f.code == soy_sauce).nutrients["sodium_mg"]
    ef = next(f for f in table.foods if f.code == soy_sauce).edible_fraction
    day, _m = analyze_day(table, {"lunch": [("012001x", 100), ("L0001", 5),
                                            (soy_sauce, 10)]}, wst, BOY)
    # 5 g salt + 10 g soy sauce × sodium / 393 mg per g of salt; a lunch-only day is judged
    # on lunch's salt, 2 g ± 20 % → at most 2.4 g (the same limit as the salt food group)
    expected = 5 + 10 * ef * sodium / 100 / 393
    check = next(c for c in day.to_dict(wst)["checks"] if c["code"] == "salt")
    assert check["value"] == pytest.approx(expected, abs=0.01)
    assert (check["ok"], check["limit"]) == (False, "≤ 2.4 g")


def test_week_average_and_liver(table, wst):
    monday = {"lunch": LUNCH + [("081214", 25)]}
    tuesday = {"lunch": LUNCH}
    week, days = analyze_week(table, [monday, tuesday, {}], wst, BOY)
    result = week.to_dict(wst)
    # average of 523.008 + 25 × 126 / 100 = 554.508 and 523.008 over 2 serving days
    assert nutrient(result, "energy_kcal")["amount"] == pytest.approx(538.76, abs=0.01)
    assert len(days) == 2
    assert _checks(result)["liver_per_week"] == (True, 25.0)
    assert _checks(result)["foods_per_week"] == (False, 4)


@pytest.mark.parametrize("items, field", [
    ([("NOPE", 10)], "items[0].food"),
    ([("012001x", 0)], "items[0].grams"),
    ([("012001x", -5)], "items[0].grams"),
    ([("012001x", 2500)], "items[0].grams"),
])
def test_bad_items_are_refused(table, wst, items, field):
    with pytest.raises(AnalysisError) as err:
        analyze_meal(table, items, wst, BOY, "lunch")
    assert err.value.field == field


def test_unknown_age_band_and_meal_are_refused(table, wst):
    with pytest.raises(AnalysisError, match="unknown age band '3-5'"):
        analyze_meal(table, LUNCH, wst, [("3-5", "M", 1)], "lunch")
    with pytest.raises(AnalysisError, match="unknown meal 'supper'"):
        analyze_meal(table, LUNCH, wst, BOY, "supper")
