"""The 6th edition's food table as shipped: odd cells read, every row of the file in the
database cell by cell with its marks, DOMAIN.md's hand-read rows winning, flags kept and
labelled in Chinese, the group map and the dark vegetable list, loading speed and its audit."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from nutrition import book
from nutrition.book_labels import FLAG_LABELS
from nutrition.foods import FOOD_GROUPS, NUTRIENTS
from nutrition.models import FoodRow
from nutrition.services import sync_builtin_foods
from suite.models import AuditEntry

FILE = book.read_book()
HERE = Path(__file__).parent
COLUMNS = ["code", "name", "edible", *NUTRIENTS]


def _reference_rows() -> list[dict]:
    """The rows of DOMAIN.md (copied beside this test): 16 cells, a code first."""
    rows = []
    text = (HERE / "domain_reference_rows.md").read_text(encoding="utf-8")
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == len(COLUMNS) and cells[0][:6].isdigit():
            rows.append(dict(zip(COLUMNS, cells)))
    return rows


REFERENCE = _reference_rows()
REFERENCE_CODES = {r["code"] for r in REFERENCE}


@pytest.mark.parametrize("text, expected", [
    ("12.5", (Decimal("12.5"), "")), ("0", (Decimal(0), "")), ("899*", (Decimal(899), "*")),
    ("1234*", (Decimal(1234), "*")), (" 7 ", (Decimal(7), "")),
    ("—", (None, "—")), ("——", (None, "—")), ("-", (None, "—")),
    ("Tr", (Decimal(0), "Tr")), (".Tr", (Decimal(0), "Tr")), ("tr", (Decimal(0), "Tr")),
    ("", (None, "?")), (None, (None, "?")), ("un", (None, "?")), ("UK", (None, "?")),
    ("-0.8", (None, "?")), ("上海", (None, "?")), ("三沙", (None, "?")), ("12abc", (None, "?")),
])
def test_odd_cells_of_the_book_file(text, expected):
    assert book.parse_cell(text) == expected


def test_flags_split_on_spaces_and_commas():
    assert book.split_flags("kj_vs_kcal edible_range") == ["kj_vs_kcal", "edible_range"]
    assert book.split_flags("a,b, a") == ["a", "b"] and book.split_flags("") == []


def test_the_shipped_file_is_the_book_file_unchanged():
    found = [p / "shared" / "data" / "cfct6" / "foods.csv" for p in HERE.resolve().parents]
    shared = next((f for f in found if f.exists()), None)
    if shared is None:
        pytest.skip("shared/data/cfct6 is not beside the checkout")
    assert book.BOOK_CSV.read_bytes() == shared.read_bytes()
    assert len(FILE) == 1851
    assert sum(1 for r in FILE if not r["check_flags"].strip()) == 1654


def _expected(column: str, cell: str):
    value, mark = book.parse_cell(cell)
    if column == "edible_pct" and value is not None:
        value = value / 100
        if not 0 < value <= 1:
            return None, "?"
    return (None if value is None else float(value)), mark


def test_every_row_of_the_file_is_in_the_database_cell_by_cell(foods):
    rows = {r.code: r for r in foods.scalars(select(FoodRow).where(FoodRow.book_cells.is_not(None)))}
    assert len(rows) == 1851
    checked = 0
    for cells in FILE:
        row = rows[cells["code"]]
        assert row.book_cells == cells  # the verbatim transcription, the book's name included
        assert (row.book_group, row.book_subgroup) == (cells["book_group"], cells["book_subgroup"])
        assert row.check_flags.split() == book.split_flags(cells["check_flags"])
        assert row.hidden == (cells["book_group"] == "婴幼儿食品")
        for column in book.VALUE_COLUMNS:
            target = book.column_of(column)
            if cells["code"] in REFERENCE_CODES and target in (*NUTRIENTS, "edible_fraction"):
                continue  # DOMAIN.md wins: asserted below
            value, mark = _expected(column, cells[column])
            if column == "energy_kj" and value is None and row.energy_kcal is not None:
                value = round(row.energy_kcal * 4.184, 1)  # kJ worked out where none is printed
            assert getattr(row, target) == pytest.approx(value), (cells["code"], column)
            assert row.mark_map.get(target, "") == mark, (cells["code"], column)
            checked += 1
    assert checked > 55000


def _domain(cell: str):
    """(value, mark) as DOMAIN.md prints it: '—' not measured, 'Tr' trace, '899*' 899."""
    cell = cell.replace("*", "")
    if cell == "—":
        return None, "—"
    if cell == "Tr":
        return 0.0, "Tr"
    return float(cell), None


@pytest.mark.parametrize("ref", REFERENCE, ids=lambda r: r["code"])
def test_domain_md_wins_for_every_hand_read_row(foods, ref):
    row = foods.scalar(select(FoodRow).where(FoodRow.code == ref["code"]))
    assert row.certainty == "reference"
    assert row.edible_fraction == pytest.approx(float(ref["edible"]) / 100)
    for nutrient in NUTRIENTS:
        value, mark = _domain(ref[nutrient])
        assert getattr(row, nutrient) == value, (ref["code"], nutrient)
        assert (nutrient in row.trace_set) == (mark == "Tr"), (ref["code"], nutrient)
        if mark and row.book_cells is not None:
            assert row.mark_map.get(nutrient) == mark, (ref["code"], nutrient)


def test_domain_md_and_the_file_disagree_where_the_research_found_it():
    by_code = {r["code"]: r for r in FILE}
    differ = set()
    for ref in REFERENCE:
        cells = by_code.get(ref["code"])
        if cells is None:
            differ.add(ref["code"])  # 011404x 馒头 is not in the file at all
            continue
        for nutrient in NUTRIENTS:
            column = "cho_g" if nutrient == "carbohydrate_g" else nutrient
            value = book.parse_cell(cells[column])[0]
            if (None if value is None else float(value)) != _domain(ref[nutrient])[0]:
                differ.add(ref["code"])
    assert {"013104", "081214", "052002", "192007", "081110x", "011404x"} <= differ


def test_reference_rows_keep_their_names_with_the_books_as_an_alias(foods):
    rice = foods.scalar(select(FoodRow).where(FoodRow.code == "012001x"))
    assert rice.name == "大米" and "稻米（代表值）" in rice.alias_list
    assert rice.book_cells["name"] == "稻米（代表值）"
    egg = foods.scalar(select(FoodRow).where(FoodRow.code == "111101x"))
    assert egg.name == "鸡蛋" and "鸡蛋（代表值）" in egg.alias_list


def test_place_names_that_slid_into_manganese_join_the_remark(foods):
    butter = foods.scalar(select(FoodRow).where(FoodRow.code == "105008"))  # 奶油 上海
    assert butter.manganese_mg is None and butter.mark_map["manganese_mg"] == "?"
    assert butter.remark == "上海" and butter.book_cells["manganese_mg"] == "上海"
    olive = foods.scalar(select(FoodRow).where(FoodRow.code == "192019"))  # 橄榄油 UK
    assert olive.remark == "UK" and olive.manganese_mg is None


def test_names_and_codes_are_unique_and_estimates_share_none_with_the_book(foods):
    rows = foods.scalars(select(FoodRow)).all()
    # the 1,851 book foods, the 85 estimates that remain (retired_estimates.csv) and 馒头
    assert len({r.code for r in rows}) == len({r.name for r in rows}) == len(rows) == 1937
    book_names = {r.name for r in rows if r.book_cells} | {r.book_cells["name"] for r in rows
                                                           if r.book_cells}
    estimates = [r for r in rows if r.certainty == "estimate"]
    assert len(estimates) == 349 - 264
    assert not {r.name for r in estimates} & book_names
    # the 22 names the book gives twice carry the code: 黄豆芽 045xxx
    sprouts = [r.name for r in rows if r.book_cells and r.book_cells["name"] == "黄豆芽"]
    assert len(sprouts) == 2 and all(n.startswith("黄豆芽（") for n in sprouts)


def test_counts_flagged_hidden_and_hand_read(foods):
    count = lambda *where: foods.scalar(select(func.count()).select_from(FoodRow).where(*where))
    assert count(FoodRow.book_cells.is_not(None)) == 1851
    assert count(FoodRow.check_flags != "") == 197
    assert count(FoodRow.hidden.is_(True)) == 192
    assert count(FoodRow.certainty == "reference") == 65  # 64 in the file and 馒头 011404x
    # 18 rows print no energy; DOMAIN.md gives 081110x its 153 kcal (and its 100 % edible)
    assert count(FoodRow.energy_kcal.is_(None)) == 17
    assert count(FoodRow.edible_fraction.is_(None), FoodRow.book_cells.is_not(None)) == 6  # 7 - 081110x


def test_every_flag_of_the_file_has_a_chinese_label(client):
    used = {f for r in FILE for f in book.split_flags(r["check_flags"])}
    assert used <= set(FLAG_LABELS) == set(book.FLAGS)
    assert str(FLAG_LABELS["energy_vs_macros"]) == "能量与宏量营养素不符，请核对原书"


def test_the_group_map_covers_every_book_group_and_decides_the_ambiguous_cases(foods):
    group_map = book.read_group_map()
    for cells in FILE:
        assert book.food_group_of(group_map, cells["book_group"], cells["book_subgroup"]) \
            in FOOD_GROUPS
    group = {r.book_cells["name"]: r.food_group for r in foods.scalars(
        select(FoodRow).where(FoodRow.book_cells.is_not(None)))}
    assert group["豆浆"] == "soy_nuts"                      # soy milk is soy, not dairy
    assert group["甘薯（红心）[山芋、红薯]"] == "cereals_tubers"  # sweet potato is a tuber
    assert group["芋头 [芋艿、毛芋]"] == "vegetables"           # taro stays with vegetables
    assert group["香菇（鲜）[香蕈，冬菇]"] == "fungi_algae"      # mushrooms apart
    assert group["海带（鲜）[江白菜]"] == "fungi_algae"          # kelp apart
    assert group["绿豆（干）"] == "cereals_tubers"             # other dried beans
    assert group["核桃（鲜）"] == "soy_nuts"                  # nuts with soy
    assert group["黄油"] == "other" and group["猪油（炼）"] == "other"


def test_dark_vegetables_and_liver_come_from_their_lists(foods):
    dark = book.read_pairs(book.DARK_VEGETABLES_CSV, "code", "name")
    liver = book.read_pairs(book.ORGAN_MEATS_CSV, "code", "name")
    rows = {r.code: r for r in foods.scalars(select(FoodRow).where(FoodRow.book_cells.is_not(None)))}
    for code, name in dark.items():
        assert rows[code].book_cells["name"] == name and rows[code].food_group == "vegetables"
    assert {c for c, r in rows.items() if r.dark_vegetable} == set(dark)
    assert {c for c, r in rows.items() if r.liver} == set(liver)
    assert rows["045301"].dark_vegetable and not rows["045101x"].dark_vegetable


def test_loading_writes_one_audit_entry_and_nothing_the_second_time(db):
    added = sync_builtin_foods(db)  # its speed: bench/nutrition_load.py (limit 5 s)
    assert added == 1851 + 86  # the book's foods, the remaining estimates and 馒头
    entries = db.scalars(select(AuditEntry).where(AuditEntry.record_type == "nutrition_food"))
    assert [(e.record_id, e.new_values["book_added"]) for e in entries] == [("builtin", 1851)]
    assert sync_builtin_foods(db) == 0  # nothing missing: nothing written
    assert db.scalar(select(func.count()).select_from(AuditEntry)) == 1
