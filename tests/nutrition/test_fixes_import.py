"""The food import matches headers tolerantly, refuses unknown and missing columns by name,
never clears a value whose column is not in the file, and keeps every digit of a number."""
from __future__ import annotations

import io

import openpyxl
from sqlalchemy import func, select

from nutrition.models import FoodRow

RICE = "012001x"  # 大米: vitamin A 0, calcium 8, sodium 1.8, protein 7.9 in the built-in table


def upload(client, data: bytes, name: str):
    return client.post("/nutrition/foods/import", data={"file": (io.BytesIO(data), name)})


def food(db, code):
    db.expire_all()
    return db.scalar(select(FoodRow).where(FoodRow.code == code))


def state(db):
    db.expire_all()
    return [tuple(getattr(r, c) for c in ("code", "protein_g", "calcium_mg", "vitamin_a_ug_rae",
                                          "sodium_mg", "notes", "certainty"))
            for r in db.scalars(select(FoodRow).order_by(FoodRow.code))]


def test_a_gbk_csv_from_excel_keeps_the_vitamin_a_column(client, login, foods, db):
    login("nutritionist")
    # Chinese Excel saves CSV as GBK, which has no µ: the header arrives as 维生素A(?gRAE)
    text = ("食物编码,食物名称,食物类别,可食部,能量(kcal),维生素A(µgRAE)\n"
            f"{RICE},大米,cereals_tubers,1,346,5\n")
    data = text.encode("gbk", errors="replace")
    assert "维生素A(?gRAE)".encode("gbk") in data
    response = upload(client, data, "foods.csv")
    assert response.status_code == 302
    rice = food(db, RICE)
    assert rice.vitamin_a_ug_rae == 5
    # the columns that were not in the file keep their values
    assert (rice.protein_g, rice.calcium_mg, rice.sodium_mg) == (7.9, 8, 1.8)
    assert rice.certainty == "reference" and rice.notes.startswith("book name: ")


def test_headers_match_whatever_the_brackets_spaces_case_and_micro_sign(client, login, foods, db):
    login("nutritionist")
    header = ["食物编码", "食物名称", "食物类别", "可食部", "能量（KCAL）", "蛋白质 （g）",
              " 钙(mg) ", "维生素A(μg RAE)", "脂肪(G)", "碳水化合物 (g)"]
    # full-width brackets, spaces, Greek mu, upper case; energy 60 ≈ 4 × 1.5 + 9 × 0.2 + 4 × 12.5
    text = ",".join(header) + "\nL9301,测试山药豆,cereals_tubers,0.9,60,1.5,10,2,0.2,12.5\n"
    response = upload(client, text.encode("utf-8"), "foods.csv")
    assert response.status_code == 302
    row = food(db, "L9301")
    assert (row.energy_kcal, row.protein_g, row.calcium_mg, row.vitamin_a_ug_rae) == (60, 1.5,
                                                                                      10, 2)


def test_a_title_row_above_the_header_is_passed_over(client, login, foods, db):
    login("nutritionist")
    text = ("食物成分表导出\n\n食物编码,食物名称,食物类别,可食部,能量(kcal),维生素A(µgRAE)\n"
            f"{RICE},大米,cereals_tubers,1,346,7\n")
    response = upload(client, text.encode("utf-8"), "foods.csv")
    assert response.status_code == 302
    assert food(db, RICE).vitamin_a_ug_rae == 7


def test_an_unknown_or_missing_column_is_an_error_that_names_it(client, login, foods, db):
    login("nutritionist")
    before = state(db)
    text = ("食物编码,食物名称,食物类别,可食部,维生素D(µg),蛋白质(g),蛋白质（g）\n"
            f"{RICE},大米,cereals_tubers,1,1,7.9,7.9\n")
    response = upload(client, text.encode("utf-8"), "foods.csv")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "未导入任何数据：共 3 个问题" in page
    assert "<td>维生素D(µg)</td><td>维生素D(µg)</td><td>无法识别的列</td>" in page
    # the reader writes headers half-width and names a repeated one by its place
    assert "<td>蛋白质(g)(2)</td><td>蛋白质(g)(2)</td><td>该列重复出现</td>" in page
    assert "<td>能量(kcal)</td><td></td><td>缺少必需的列</td>" in page
    assert state(db) == before


def test_an_xlsx_number_keeps_every_digit(client, login, foods, db):
    login("nutritionist")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["食物编码", "食物名称", "食物类别", "可食部", "能量(kcal)", "蛋白质(g)", "脂肪(g)",
                  "碳水化合物(g)", "钠(mg)", "维生素C(mg)"])
    # energy 30 ≈ 4 × 1 + 9 × 0.2 + 4 × 6 = 29.8 kcal
    sheet.append(["L9302", "测试萝卜干", "vegetables", 1, 30, 1, 0.2, 6, 1234567, 12.345678])
    out = io.BytesIO()
    book.save(out)
    response = upload(client, out.getvalue(), "foods.xlsx")
    assert response.status_code == 302
    row = food(db, "L9302")
    # 1234567 was read as 1.23457e+06, stored as 1234570
    assert row.sodium_mg == 1234567 and row.vitamin_c_mg == 12.345678
    assert db.scalar(select(func.count()).select_from(FoodRow).where(
        FoodRow.code == "L9302")) == 1
