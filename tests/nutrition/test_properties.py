"""Properties of the engine that hold for every input."""
from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from nutrition.analysis import analyze_meal
from nutrition.engine import FoodTable
from nutrition.food_rows import read_csv
from nutrition.standard import builtin_standards

TABLE = FoodTable(read_csv())
CODES = [f.code for f in TABLE.foods]
BOY = [("9-11", "M", 1)]
WST = builtin_standards()["WS/T 554-2017"]

items_strategy = st.lists(st.tuples(st.sampled_from(CODES),
                                    st.floats(min_value=0.5, max_value=400)),
                          min_size=1, max_size=12)


def totals(items):
    return analyze_meal(TABLE, items, WST, BOY, "lunch").intake.totals


@settings(max_examples=60, deadline=None)
@given(items_strategy, st.floats(min_value=0.1, max_value=4.0))
def test_scaling_every_gram_scales_every_total(items, k):
    scaled = [(c, g * k) for c, g in items if g * k <= 2000]
    if len(scaled) != len(items):
        return
    assert np.allclose(totals(scaled), k * totals(items), rtol=1e-9, atol=1e-9)


@settings(max_examples=60, deadline=None)
@given(items_strategy, st.randoms())
def test_item_order_does_not_matter(items, rnd):
    shuffled = list(items)
    rnd.shuffle(shuffled)
    assert np.allclose(totals(shuffled), totals(items), rtol=1e-12, atol=1e-9)


@settings(max_examples=60, deadline=None)
@given(items_strategy, st.floats(min_value=0.05, max_value=0.95))
def test_splitting_an_item_in_two_changes_nothing(items, part):
    code, grams = items[0]
    split = [(code, grams * part), (code, grams * (1 - part))] + items[1:]
    assert np.allclose(totals(split), totals(items), rtol=1e-9, atol=1e-9)
    a = analyze_meal(TABLE, split, WST, BOY, "lunch")
    assert len(a.intake.codes) == len({c for c, _g in items})


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(CODES), st.floats(min_value=1, max_value=1000))
def test_edible_fraction_is_applied_exactly_once(code, grams):
    food = TABLE.foods[TABLE.index[code]]
    result = totals([(code, grams)])
    for j, value in enumerate(food.nutrients.values()):
        expected = grams * food.edible_fraction * (value or 0) / 100
        assert np.isclose(result[j], expected, rtol=1e-12, atol=1e-12)
