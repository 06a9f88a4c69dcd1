"""What a person sees of the book file: flags in Chinese on the food page and list, marks and
the new columns, the "?" on a doubtful value in the analysis, infant foods hidden from
searches, and the plausibility check reporting the book's own numbers without refusing them."""
from __future__ import annotations

from sqlalchemy import select

from nutrition.analysis import analyze_meal
from nutrition.imports import import_foods, row_text
from nutrition.models import FoodRow
from nutrition.services import check_food, food_table, save_food, search_foods, to_food
from nutrition.standard import builtin_standards
from suite.tabular import Table

CHESTNUT = "071032"  # 栗子仁（熟）: energy_vs_macros, riboflavin blank in the file, remark 河北
BOY = [("9-11", "M", 1)]
NUMBERS = ("edible_fraction", "energy_kcal", "energy_kj", "protein_g", "fat_g", "carbohydrate_g",
           "fibre_g", "water_g", "manganese_mg")


def food(db, code):
    return db.scalar(select(FoodRow).where(FoodRow.code == code))


def test_the_food_page_shows_flags_marks_and_every_column_in_chinese(client, login, foods):
    login("nutritionist")
    page = client.get(f"/nutrition/foods/{CHESTNUT}").get_data(as_text=True)
    assert "能量与宏量营养素不符，请核对原书" in page
    assert "原书备注" in page and "河北" in page and "原书类别" in page and "坚果种子类" in page
    assert "水分" in page and "锰" in page and "维生素E（β+γ）" in page
    assert 'title="原书文件中无可读数值">?</span>' in page      # riboflavin: a blank cell
    assert "原书文件中的本行" in page and "栗子仁（熟）" in page
    assert "未检测" in page  # fibre and vitamin A: "—" in the book
    rice = client.get("/nutrition/foods/012001x").get_data(as_text=True)
    assert "请核对原书" not in rice and "稻米（代表值）" in rice


def test_the_food_list_shows_the_flag(client, login, foods):
    login("nutritionist")
    page = client.get("/nutrition/foods?q=栗子仁（熟）").get_data(as_text=True)
    assert "能量与宏量营养素不符，请核对原书" in page


def test_a_flagged_value_is_marked_in_the_analysis(client, login, foods, org):
    wst = builtin_standards()["WS/T 554-2017"]
    table = food_table(foods)
    doubtful = {n["nutrient"] for n in analyze_meal(
        table, [(CHESTNUT, 100)], wst, BOY, "lunch").to_dict(wst)["nutrients"] if n["doubtful"]}
    # energy_vs_macros casts doubt on energy and the macronutrients; riboflavin is unreadable
    assert doubtful == {"energy_kcal", "protein_g", "fat_g", "carbohydrate_g", "fibre_g",
                        "riboflavin_mg"}
    plain = analyze_meal(table, [("012001x", 100)], wst, BOY, "lunch").to_dict(wst)
    assert not any(n["doubtful"] for n in plain["nutrients"])
    login("nutritionist")
    page = client.get(f"/nutrition/analyze?meal=lunch&eaters=9-11/M&food={CHESTNUT}&grams=100"
                      ).get_data(as_text=True)
    assert "其中有食物的该营养素数值在原书文件中有提示或标记，请核对原书。" in page


def test_infant_foods_are_left_out_of_searches_but_have_their_page(client, login, foods):
    rows, total = search_foods(foods, "米粉（贝因美")  # the plain rice flours it contains
    assert total == len(rows) and not any(r.hidden or r.book_group == "婴幼儿食品" for r in rows)
    rows, total = search_foods(foods, "米粉（贝因美", include_hidden=True)
    assert total == 2 and all(r.hidden and r.book_group == "婴幼儿食品" for r in rows)
    login("nutritionist")
    assert client.get("/nutrition/foods/134001").status_code == 200


def _implausible(db):
    return [r for r in db.scalars(select(FoodRow).order_by(FoodRow.code))
            if check_food(to_food(r))]


def test_the_plausibility_check_reports_21_book_foods_and_refuses_none(foods):
    rows = _implausible(foods)
    assert len(rows) == 21 and all(r.certainty == "book" for r in rows)
    before = [tuple(getattr(r, c) for c in NUMBERS) for r in rows]
    for row in rows:  # saved again as the form would send it: accepted, nothing changed
        save_food(foods, row_text(row), row)
    foods.expire_all()
    assert [tuple(getattr(food(foods, r.code), c) for c in NUMBERS) for r in rows] == before
    result = import_foods(foods, Table(columns=list(row_text(rows[0])),
                                       rows=[row_text(r) for r in rows]))
    # given as they are: nothing changes, and each is reported, not refused
    assert result.ok and (result.updated, result.unchanged) == (0, 21)
    assert len(result.warnings) == 21
    assert {w.column for w in result.warnings} == {"energy_kcal"}
    foods.expire_all()
    assert [tuple(getattr(food(foods, r.code), c) for c in NUMBERS) for r in rows] == before


def test_new_implausible_numbers_on_a_book_food_are_still_refused(foods):
    row = food(foods, "071033")  # 松子（熟）
    values = row_text(row) | {"energy_kcal": "50"}
    result = import_foods(foods, Table(columns=list(values), rows=[values]))
    assert not result.ok and [e.column for e in result.errors] == ["energy_kcal"]
    assert food(foods, "071033").energy_kcal == 553  # the book's


def test_a_book_food_of_unknown_energy_and_edible_part_opens_everywhere(client, login, foods):
    row = food(foods, "192011")  # 麻子籽: the file has its name and nothing else
    assert row.energy_kcal is None and row.edible_fraction is None
    assert row.mark_map["energy_kcal"] == "?" and row.check_flags == "edible_range"
    login("nutritionist")
    for url in ("/nutrition/foods/192011", "/nutrition/foods/192011/edit",
                "/nutrition/foods?q=麻子籽"):
        assert client.get(url).status_code == 200, url


def test_hand_read_values_are_not_doubtful_though_the_file_flags_the_row(foods):
    lean = food(foods, "081110x")  # 猪瘦肉: half the row unread in the file, DOMAIN.md's values
    assert lean.check_flags == "edible_range" and lean.certainty == "reference"
    assert to_food(lean).doubtful == frozenset() and lean.energy_kcal == 153
