"""The food table as a file: the export writes every column of the book with its marks in the
cells, the flags, hidden and the book's group; importing the same file changes nothing; a hand
edit of one value is applied and audited; bad cells are refused in Chinese, all or nothing."""
from __future__ import annotations

import io

import openpyxl
from sqlalchemy import func, select

from nutrition import services
from nutrition.food_io import HEADERS
from nutrition.imports import import_foods
from nutrition.models import FoodRow
from suite.models import AuditEntry
from suite.tabular import read_table

# the sample: code -> why it is in it
SAMPLE = {
    "031519": "豆肝尖: four checks of the book file, edible part printed as -",
    "192001": "菜籽油: 899* kcal with its footnote, Tr protein, — fibre",
    "081115": "猪耳: Tr in vitamin A, retinol, vitamin C, copper (book columns too)",
    "134001": "an infant food, hidden",
    "012001x": "大米: hand-read from the book (DOMAIN.md)",
    "043124": "甜椒: hand-read, calcium —",
    "012212": "黑米: riboflavin ? (no readable value in the book file)",
    "192011": "麻子籽: nothing but its name",
    "L0301": "调和油: an estimate",
}
SKIP = {"id", "updated_at"}  # every other column of the food is compared
COL = {key: n for n, key in enumerate(HEADERS)}


def snapshot(db) -> dict:
    db.expire_all()
    columns = [c.key for c in FoodRow.__table__.columns if c.key not in SKIP]
    return {r.code: {c: getattr(r, c) for c in columns}
            for r in db.scalars(select(FoodRow).order_by(FoodRow.code))}


def food_audits(db) -> int:
    return db.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.record_type == "nutrition_food"))


def export(client, query: str = "") -> bytes:
    response = client.get(f"/nutrition/foods/export.xlsx{query}")
    assert response.status_code == 200
    return response.data


def sheet_rows(data: bytes) -> dict:
    rows = list(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert list(rows[0]) == list(HEADERS.values())
    return {r[0]: r for r in rows[1:]}


def edited(data: bytes, changes: dict) -> bytes:
    """The file with cells changed: {(code, column key): value}."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.active
    for row in sheet.iter_rows(min_row=2):
        for (code, key), value in changes.items():
            if row[0].value == code:
                row[COL[key]].value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, data: bytes):
    return client.post("/nutrition/foods/import", data={"file": (io.BytesIO(data), "foods.xlsx")},
                       follow_redirects=True)


def test_the_export_writes_every_column_with_the_books_marks(client, login, foods):
    login("nutritionist")
    rows = sheet_rows(export(client))
    assert set(SAMPLE) <= set(rows)
    assert len(rows) == foods.scalar(select(func.count()).select_from(FoodRow))
    oil = rows["192001"]
    assert (oil[COL["energy_kcal"]], oil[COL["energy_kj"]]) == ("899*", "3761*")
    assert (oil[COL["protein_g"]], oil[COL["fat_g"]], oil[COL["fibre_g"]]) == ("Tr", 99.9, "—")
    assert (oil[COL["ash_g"]], oil[COL["vitamin_e_alpha_mg"]]) == ("Tr", 10.81)
    assert (oil[COL["book_group"]], oil[COL["book_subgroup"]]) == ("植物油", None)
    ear = rows["081115"]
    assert [ear[COL[k]] for k in ("vitamin_a_ug_rae", "carotene_ug", "retinol_ug",
                                  "vitamin_c_mg", "copper_mg", "remark")] == \
        ["Tr", 0, "Tr", "Tr", "Tr", "山东"]
    liver = rows["031519"]
    # the row slid one cell to the right in the file: that is what the checks say
    assert liver[COL["edible_fraction"]] == "—" and liver[COL["water_g"]] == 100
    assert (liver[COL["energy_kcal"]], liver[COL["energy_kj"]]) == (57.6, 203)
    assert liver[COL["check_flags"]] == "kj_vs_kcal proximate_sum energy_vs_macros edible_range"
    assert "能量与宏量营养素不符，请核对原书" in liver[COL["flag_labels"]]
    assert rows["134001"][COL["hidden"]] == 1 and rows["031519"][COL["hidden"]] == 0
    assert rows["043124"][COL["calcium_mg"]] == "—"  # not empty, not 0
    assert rows["012212"][COL["riboflavin_mg"]] == "?"
    assert rows["192011"][COL["energy_kcal"]] == "?"
    estimate = rows["L0301"]
    assert estimate[COL["certainty"]] == "estimate" and estimate[COL["protein_g"]] == "Tr"
    assert estimate[COL["fibre_g"]] is None  # not measured, and no mark of the book


def test_the_export_shows_the_review_and_the_import_ignores_it(client, login, foods):
    user = login("nutritionist")
    egg = foods.scalar(select(FoodRow.id).where(FoodRow.code == "111101x"))
    services.confirm_food(foods, egg, page=118, user_id=user.id)
    foods.commit()
    data = export(client, "?group=eggs")
    rows = sheet_rows(data)
    assert [rows["111101x"][COL[k]] for k in ("review_state", "reviewed_by", "review_page")] \
        == ["已按原书核对无误", user.username, 118]
    assert rows["111101x"][COL["reviewed_at"]].startswith("20")
    assert rows["111102"][COL["review_state"]] == "尚未按原书核对"
    assert rows["111102"][COL["reviewed_by"]] is None
    before = snapshot(foods)
    page = upload(client, edited(data, {("111102", "review_state"): "已按原书核对无误"}))
    assert "修改 0 种" in page.get_data(as_text=True) and snapshot(foods) == before


def test_export_then_import_of_the_same_file_changes_nothing(client, login, foods):
    login("nutritionist")
    before, audits = snapshot(foods), food_audits(foods)
    result = import_foods(foods, read_table(export(client), "foods.xlsx"))
    assert result.ok and (result.created, result.updated) == (0, 0)
    assert result.unchanged == len(before) and result.changed == {}
    assert len(result.warnings) == 21  # the book foods that fail the plausibility check
    foods.commit()
    after = snapshot(foods)
    for code in SAMPLE:  # every column, mark and flag of the sample, one by one
        assert after[code] == before[code], code
    assert after == before and food_audits(foods) == audits
    assert before["192001"]["marks"]["energy_kcal"] == "*"
    assert before["134001"]["hidden"] is True
    assert before["031519"]["check_flags"] == \
        "kj_vs_kcal proximate_sum energy_vs_macros edible_range"


def test_foods_corrected_by_a_review_round_trip_too(client, login, foods):
    user = login("nutritionist")
    ear = foods.scalar(select(FoodRow.id).where(FoodRow.code == "081115"))
    oil = foods.scalar(select(FoodRow.id).where(FoodRow.code == "192001"))
    for food, column, value in ((ear, "retinol_ug", "5"), (ear, "carotene_ug", "Tr"),
                                (ear, "calcium_mg", "—"), (oil, "selenium_ug", "Tr"),
                                (oil, "fibre_g", "0.2")):
        services.correct_value(foods, food, column, value, page=200, user_id=user.id)
    foods.commit()
    before = snapshot(foods)
    assert "carotene_ug" in before["081115"]["trace"] and before["081115"]["retinol_ug"] == 5
    result = import_foods(foods, read_table(export(client, "?q=油"), "foods.xlsx"))
    result2 = import_foods(foods, read_table(export(client, "?q=081115"), "foods.xlsx"))
    assert result.ok and result2.ok and result.updated == result2.updated == 0
    assert result.unchanged > 1 and result2.unchanged == 1
    assert snapshot(foods) == before


def test_the_import_page_reports_no_change(client, login, foods):
    login("nutritionist")
    page = upload(client, export(client)).get_data(as_text=True)
    total = foods.scalar(select(func.count()).select_from(FoodRow))
    assert f"导入完成：新增 0 种食物，修改 0 种，{total} 种未变。" in page
    form = client.get("/nutrition/foods/import").get_data(as_text=True)
    assert "导出的食物表可以修改后再次导入：只有改动的数值会变化。" in form


def test_a_hand_edited_value_is_applied_and_audited(client, login, foods):
    login("nutritionist")
    data = edited(export(client), {("043124", "calcium_mg"): 12, ("192001", "fibre_g"): "Tr"})
    before, audits = snapshot(foods), food_audits(foods)
    page = upload(client, data).get_data(as_text=True)
    assert "导入完成：新增 0 种食物，修改 2 种" in page
    after = snapshot(foods)
    pepper, oil = after["043124"], after["192001"]
    assert pepper["calcium_mg"] == 12 and "calcium_mg" not in pepper["marks"]
    assert oil["fibre_g"] == 0 and oil["marks"]["fibre_g"] == "Tr" and "fibre_g" in oil["trace"]
    for code, row in after.items():  # nothing else changed
        if code not in ("043124", "192001"):
            assert row == before[code], code
    assert {k for k in pepper if pepper[k] != before["043124"][k]} == {"calcium_mg", "marks"}
    assert food_audits(foods) == audits + 2
    entry = foods.scalar(select(AuditEntry).where(AuditEntry.record_type == "nutrition_food")
                         .order_by(AuditEntry.id.desc()).offset(1).limit(1))
    assert entry.action == "update" and entry.user_id is not None
    assert (entry.old_values["calcium_mg"], entry.new_values["calcium_mg"]) == (None, 12)
    assert entry.old_values["marks"]["calcium_mg"] == "—"


def test_new_energy_in_kcal_carries_kj_and_drops_the_footnotes(client, login, foods):
    login("nutritionist")
    before = snapshot(foods)["192002"]  # 茶油: 899* kcal, 3761* kJ
    assert (before["energy_kj"], before["marks"]["energy_kj"]) == (3761, "*")
    upload(client, edited(export(client, "?q=192002"), {("192002", "energy_kcal"): 900}))
    after = snapshot(foods)["192002"]
    # 900 kcal ≈ 9 × 99.9 g fat; kJ follows: 900 × 4.184 = 3765.6
    assert (after["energy_kcal"], after["energy_kj"]) == (900, 3765.6)
    assert "energy_kcal" not in after["marks"] and "energy_kj" not in after["marks"]
    assert after["marks"]["protein_g"] == "Tr"


def test_bad_cells_are_refused_in_chinese_and_nothing_changes(client, login, foods):
    login("nutritionist")
    data = edited(export(client), {
        ("081115", "iron_mg"): "很多", ("L0301", "calcium_mg"): -1,
        ("192001", "edible_fraction"): "Tr", ("031519", "check_flags"): "made_up",
        ("134001", "hidden"): 2, ("012001x", "book_group"): "谷" * 41})
    before, audits = snapshot(foods), food_audits(foods)
    response = upload(client, data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "未导入任何数据：共 6 个问题" in page
    for cells in ("<td>铁(mg)</td><td>很多</td><td>不是数字</td>",
                  "<td>钙(mg)</td><td>-1</td><td>不能为负数</td>",
                  "<td>可食部</td><td>Tr</td><td>不是数字</td>",
                  "<td>核对标记</td><td>made_up</td><td>不是原书文件的核对标记（应为 "
                  "kcal_kj_were_swapped, kj_vs_kcal, energy_vs_macros, proximate_sum, "
                  "edible_range, code_format, code_repeated 之一）</td>",
                  "<td>默认隐藏</td><td>2</td><td>必须为 0 或 1</td>",
                  f"<td>原书类别</td><td>{'谷' * 41}</td><td>超过 40 个字符</td>"):
        assert cells in page, cells
    assert snapshot(foods) == before and food_audits(foods) == audits


def test_a_footnote_and_the_unreadable_mark_are_read_back(foods):
    from nutrition.food_rows import read_value

    assert read_value("899*", "energy_kcal") == (899.0, "*")
    assert read_value("?", "riboflavin_mg") == (None, "?")
    assert read_value("——", "fibre_g") == (None, "—")
    assert read_value(".Tr", "fibre_g") == (0.0, "Tr")
    assert read_value(0.87, "edible_fraction") == (0.87, "")


def test_a_guidance_row_under_the_header_is_passed_over_and_said(client, login, foods):
    login("nutritionist")
    book = openpyxl.load_workbook(io.BytesIO(export(client)))
    sheet = book.active
    sheet.insert_rows(2)
    for column in range(1, sheet.max_column + 1):
        sheet.cell(2, column, "必填" if column == 1 else "选填")
    out = io.BytesIO()
    book.save(out)
    before = snapshot(foods)
    page = upload(client, out.getvalue()).get_data(as_text=True)
    assert "表头下第 2 行是填写说明或示例，未导入。" in page
    assert "导入完成：新增 0 种食物，修改 0 种" in page and snapshot(foods) == before
