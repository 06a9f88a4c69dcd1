"""The built-in food composition table: size, plausibility, and the 66 reference rows."""
from __future__ import annotations

from pathlib import Path

import pytest

from nutrition.food_rows import read_csv
from nutrition.foods import FOOD_GROUPS, NUTRIENTS, energy_check

HERE = Path(__file__).parent
SHARED = HERE.parents[2] / "shared" / "DOMAIN.md"
COLUMNS = ["code", "name", "edible", "energy_kcal", "protein_g", "fat_g", "carbohydrate_g",
           "fibre_g", "calcium_mg", "iron_mg", "zinc_mg", "vitamin_a_ug_rae", "thiamin_mg",
           "riboflavin_mg", "vitamin_c_mg", "sodium_mg"]


def _reference_rows(text: str) -> list[dict]:
    rows = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == len(COLUMNS) and (cells[0][:6].isdigit() or cells[0] == "—"):
            rows.append(dict(zip(COLUMNS, cells)))
    return rows


REFERENCE = _reference_rows((HERE / "domain_reference_rows.md").read_text(encoding="utf-8"))
FOODS = {f.code: f for f in read_csv()}


def test_copy_of_the_reference_rows_matches_domain_md():
    if not SHARED.exists():
        pytest.skip("shared/DOMAIN.md is not beside the checkout")
    assert _reference_rows(SHARED.read_text(encoding="utf-8")) == REFERENCE
    assert len(REFERENCE) == 66


def test_table_has_at_least_300_foods_with_unique_codes_and_names():
    foods = read_csv()
    assert len(foods) >= 300
    assert len({f.code for f in foods}) == len(foods)
    assert len({f.name for f in foods}) == len(foods)
    assert {f.food_group for f in foods} <= set(FOOD_GROUPS)


def test_every_row_passes_the_plausibility_check():
    failing = [(f.code, energy_check(f)) for f in read_csv() if energy_check(f)]
    assert failing == []
    assert all(0 < f.edible_fraction <= 1 for f in read_csv())


def test_every_row_names_its_source_and_certainty():
    for food in read_csv():
        assert food.source, food.code
        if food.certainty in ("reference", "book"):
            assert "第6版" in food.source and food.code in food.source
        else:
            assert food.certainty == "estimate"


def _expected(cell: str):
    """(value, trace) as DOMAIN.md prints it: '—' not measured, 'Tr' trace, '899*' 899."""
    cell = cell.replace("*", "")
    if cell == "—":
        return None, False
    if cell == "Tr":
        return 0.0, True
    return float(cell), False


@pytest.mark.parametrize("ref", [r for r in REFERENCE if r["code"] != "—"],
                         ids=lambda r: r["code"])
def test_reference_row_equals_domain_md(ref):
    food = FOODS[ref["code"]]
    assert food.certainty == "reference"
    book_name = ref["name"]
    assert book_name.split("（")[0].split(" ")[0] in (food.name + "".join(food.aliases) +
                                                     food.notes)
    assert food.edible_fraction == pytest.approx(float(ref["edible"]) / 100)
    for nutrient in NUTRIENTS:
        value, trace = _expected(ref[nutrient])
        assert food.nutrients[nutrient] == value, (ref["code"], nutrient)
        assert (nutrient in food.trace) == trace, (ref["code"], nutrient)


def test_salt_row_is_an_estimate_with_unknown_minerals():
    salt = next(f for f in read_csv() if f.name == "食盐")
    assert salt.certainty == "estimate" and salt.food_group == "salt"
    assert salt.nutrients["sodium_mg"] == 39300
    assert salt.nutrients["calcium_mg"] is None and salt.nutrients["iron_mg"] is None


def test_aliases_map_common_canteen_names():
    by_alias = {a: f.code for f in read_csv() for a in (f.name, *f.aliases)}
    assert by_alias["土豆"] == "021101"
    assert by_alias["西红柿"] == "043119"
    assert by_alias["青椒"] == "043124"
