"""Food pages: search, detail, edit (audited), import (all or nothing), export, analysis."""
from __future__ import annotations

import io

import openpyxl
import pytest
from sqlalchemy import func, select

from nutrition.models import FoodRow
from suite.models import AuditEntry

EGG = "111101x"


def _food(db, code):
    db.expire_all()
    return db.scalar(select(FoodRow).where(FoodRow.code == code))


def _count(db):
    return db.scalar(select(func.count()).select_from(FoodRow))


def _form(row, **changes):
    values = {"code": row.code, "name": row.name, "aliases": row.aliases,
              "food_group": row.food_group, "edible_fraction": f"{row.edible_fraction:g}",
              "source": row.source, "notes": row.notes, "liver": "", "dark_vegetable": ""}
    for n in ("energy_kcal", "protein_g", "fat_g", "carbohydrate_g", "fibre_g", "calcium_mg",
              "iron_mg", "zinc_mg", "vitamin_a_ug_rae", "thiamin_mg", "riboflavin_mg",
              "vitamin_c_mg", "sodium_mg"):
        v = getattr(row, n)
        values[n] = "Tr" if n in row.trace_set else ("" if v is None else f"{v:g}")
    values.update(changes)
    return values


def test_search_by_alias_and_group(en, login, foods):
    login("canteen_manager")
    page = en.get("/nutrition/foods?q=土豆").get_data(as_text=True)
    assert "马铃薯" in page and "021101" in page
    page = en.get("/nutrition/foods?group=fruit").get_data(as_text=True)
    assert "香蕉" in page and "马铃薯" not in page


def test_detail_shows_not_measured_and_trace(en, login, foods):
    login("nutritionist")
    page = en.get("/nutrition/foods/043124").get_data(as_text=True)  # 甜椒: no minerals
    assert "not measured" in page
    page = en.get(f"/nutrition/foods/{EGG}").get_data(as_text=True)
    assert "trace" in page and "87%" in page


def test_estimates_are_labelled(en, login, foods):
    login("nutritionist")
    page = en.get("/nutrition/foods/L0308").get_data(as_text=True)  # 酱油 remains an estimate
    assert "These values are an estimate" in page


def test_edit_is_saved_audited_and_marks_local_data(en, login, foods, db):
    login("nutritionist")
    row = _food(db, EGG)
    response = en.post(f"/nutrition/foods/{EGG}/edit", data=_form(row, energy_kcal="140",
                                                                  aliases="鸡子|蛋"))
    assert response.status_code == 302
    row = _food(db, EGG)
    assert row.energy_kcal == 140 and row.alias_list == ["鸡子", "蛋"]
    assert row.certainty == "user" and row.energy_kj == 585.8  # 140 × 4.184
    entry = db.scalar(select(AuditEntry).where(AuditEntry.record_type == "nutrition_food",
                                               AuditEntry.action == "update"))
    assert entry.old_values["energy_kcal"] == 139 and entry.new_values["energy_kcal"] == 140


def test_renaming_only_keeps_the_reference_label(en, login, foods, db):
    login("nutritionist")
    row = _food(db, EGG)
    en.post(f"/nutrition/foods/{EGG}/edit", data=_form(row, aliases="鸡子"))
    assert _food(db, EGG).certainty == "reference"


@pytest.mark.parametrize("change, message", [
    ({"edible_fraction": "1.5"}, "must be above 0 and at most 1"),
    ({"edible_fraction": "0"}, "must be above 0 and at most 1"),
    ({"protein_g": "-1"}, "must not be negative"),
    ({"calcium_mg": "lots"}, "is not a number"),
    ({"energy_kcal": "500"}, "500 kcal differs by more than 15 % from what the protein"),
    ({"name": "马铃薯"}, "马铃薯 is already used by food 021101"),
])
def test_bad_edit_is_refused_and_changes_nothing(en, login, foods, db, change, message):
    login("nutritionist")
    before = _form(_food(db, EGG))
    response = en.post(f"/nutrition/foods/{EGG}/edit", data=_form(_food(db, EGG), **change))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _form(_food(db, EGG)) == before


def test_new_food(en, login, foods, db):
    login("nutritionist")
    data = {"code": "L9001", "name": "本地野菜", "food_group": "vegetables",
            "edible_fraction": "0.9", "energy_kcal": "25", "protein_g": "2", "fat_g": "0.3",
            "carbohydrate_g": "4.5", "dark_vegetable": "y"}
    assert en.post("/nutrition/foods/new", data=data).status_code == 302
    row = _food(db, "L9001")
    assert row.certainty == "user" and row.dark_vegetable and row.calcium_mg is None


def test_every_unreadable_number_of_a_new_food_is_shown_at_once(en, login, foods, db):
    login("nutritionist")
    data = {"code": "L9001", "name": "本地野菜", "food_group": "vegetables",
            "edible_fraction": "0.9", "energy_kcal": "25", "protein_g": "two", "fat_g": "0.3",
            "carbohydrate_g": "4.5", "calcium_mg": "lots", "iron_mg": "<b>"}
    response = en.post("/nutrition/foods/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and page.count("is not a number") == 3
    assert _food(db, "L9001") is None


def test_canteen_manager_cannot_edit(en, login, foods, db):
    login("canteen_manager")
    row = _food(db, EGG)
    assert en.post(f"/nutrition/foods/{EGG}/edit",
                   data=_form(row, energy_kcal="140")).status_code == 403
    assert _food(db, EGG).energy_kcal == 139


CSV_HEADER = "食物编码,食物名称,食物类别,可食部,能量(kcal),蛋白质(g),脂肪(g),碳水化合物(g),钙(mg)\n"


def _upload(client, text, name="foods.csv"):
    return client.post("/nutrition/foods/import",
                       data={"file": (io.BytesIO(text.encode("utf-8-sig")), name)})


def test_import_creates_and_updates(en, login, foods, db):
    login("nutritionist")
    before = _count(db)
    response = _upload(en, CSV_HEADER + "L9101,高山土豆,cereals_tubers,0.9,80,2.5,0.2,17,8\n"
                       f"{EGG},鸡蛋,eggs,0.88,139,13.1,8.6,2.4,56\n")
    assert response.status_code == 302
    assert _count(db) == before + 1
    assert _food(db, EGG).edible_fraction == 0.88 and _food(db, "L9101").calcium_mg == 8


def test_import_with_bad_rows_imports_nothing_and_lists_every_one(en, login, foods, db):
    login("nutritionist")
    before = _count(db)
    text = CSV_HEADER + ("L9101,好菜,vegetables,0.9,25,2,0.3,4.5,60\n"
                         "L9102,坏菜,veg,0.9,25,2,0.3,4.5,60\n"
                         "L9103,怪菜,vegetables,1.2,25,2,0.3,4.5,60\n"
                         "L9101,重复,vegetables,0.9,25,2,0.3,4.5,x\n")
    response = _upload(en, text)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Nothing was imported: 4 problems" in page
    groups = ("is not a food group: write one of Cereals and tubers, Vegetables, Fruit, Meat "
              "and poultry, Fish and shrimp, Eggs, Milk and dairy, Soy and nuts, Vegetable oil, "
              "Salt, Fungi and algae, Condiments, Other")
    for row, reason in ((3, groups), (4, "must be above 0 and at most 1"),
                        (5, "is not a number"), (5, "the same code is on row 2")):
        assert f'<td class="num">{row}</td>' in page and reason in page
    assert _count(db) == before and _food(db, "L9101") is None


def test_a_food_group_may_be_written_by_its_name_in_either_language(en, login, foods, db):
    login("nutritionist")
    response = _upload(en, CSV_HEADER + "L9101,高山土豆,薯类,0.9,80,2.5,0.2,17,8\n"
                       "L9102,山羊肉,畜禽肉类,0.9,120,20,4,0,9\n"
                       "L9103,野菜,vegetables,0.9,25,2,0.3,4.5,60\n"
                       "L9104,海带丝,fungi and algae,1,13,1.2,0.1,2.1,46\n")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Nothing was imported: 1 problem" in page
    assert '<td class="num">2</td>' in page and "薯类" in page
    response = _upload(en, CSV_HEADER + "L9101,高山土豆,谷薯类,0.9,80,2.5,0.2,17,8\n"
                       "L9102,山羊肉,畜禽肉类,0.9,120,20,4,0,9\n"
                       "L9104,海带丝,fungi and algae,1,13,1.2,0.1,2.1,46\n")
    assert response.status_code == 302
    assert [_food(db, c).food_group for c in ("L9101", "L9102", "L9104")] == [
        "cereals_tubers", "meat_poultry", "fungi_algae"]


def test_import_xlsx_and_refuses_other_files(en, login, foods, db):
    login("nutritionist")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["食物编码", "食物名称", "食物类别", "可食部", "能量(kcal)", "蛋白质(g)", "脂肪(g)",
                  "碳水化合物(g)"])
    sheet.append(["L9201", "荞麦面条", "cereals_tubers", 1, 340, 10, 2, 70])
    out = io.BytesIO()
    book.save(out)
    response = en.post("/nutrition/foods/import",
                       data={"file": (io.BytesIO(out.getvalue()), "foods.xlsx")})
    assert response.status_code == 302 and _food(db, "L9201").energy_kcal == 340
    response = en.post("/nutrition/foods/import", data={"file": (io.BytesIO(b"x"), "f.txt")})
    assert response.status_code == 400 and "Upload an .xlsx or .csv file." in \
        response.get_data(as_text=True)


def test_export_is_a_real_workbook_without_formulas(en, login, foods, db):
    login("nutritionist")
    row = _food(db, EGG)
    en.post(f"/nutrition/foods/{EGG}/edit", data=_form(row, notes="=HYPERLINK(\"x\")"))
    response = en.get("/nutrition/foods/export.xlsx?q=鸡蛋")
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "食物编码"
    egg = next(r for r in rows if r[0] == EGG)
    assert egg[-1] == "'=HYPERLINK(\"x\")" and egg[7] == 139


def test_template_download(en, login, foods):
    login("canteen_manager")
    response = en.get("/nutrition/foods/template.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    assert sheet.cell(1, 1).value == "食物编码" and sheet.cell(2, 1).value == "L9001"
    assert sheet.column_dimensions["A"].number_format == "@"  # codes stay text


def test_quick_analysis_page(en, login, foods, org):
    login("nutritionist")
    page = en.get("/nutrition/analyze?meal=lunch&eaters=9-11/M&food=大米&grams=100"
                  "&food=鸡蛋&grams=60&food=西红柿&grams=100&food=花生油&grams=10"
                  ).get_data(as_text=True)
    # 523.008 kcal is shown to the whole kcal
    assert '<td class="num">523' in page and "523.01" not in page
    assert "<svg" in page and "Result: Lunch" in page
    page = en.get("/nutrition/analyze?food=不存在的菜&grams=10").get_data(as_text=True)
    assert "Unknown food." in page and "Result:" not in page


def test_quick_analysis_with_a_schools_enrolment_is_scoped(en, login, foods, org):
    login("bureau")
    ok = en.get(f"/nutrition/analyze?eaters=school/{org.schools[0].id}&food=大米&grams=100")
    assert ok.status_code == 200 and "Result:" in ok.get_data(as_text=True)
