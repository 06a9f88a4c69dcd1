"""Every refused import answers 400 with the reason, pages and API alike, and changes nothing
(issue 9 #11): header-only files, formula cells without a value, a missing file."""
from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from nutrition.models import FoodRow as Food
from roster.models import HouseholdChild, ImportRun, ReconRun, Student
from suite import accounts

from .xlsx_parts import row, text_cell, xlsx

HEADER_ONLY = "学籍号,姓名,性别,学校代码,年级\r\n".encode("utf-8-sig")
EMPTY = "文件在表头下没有数据行。"
FORMULA = xlsx(row(1, text_cell("A1", "学籍号"), text_cell("B1", "姓名"))
               + row(2, text_cell("A2", "G1"), '<c r="B2"><f>C9</f></c>'))
FORMULA_REASON = "不能导入没有计算结果的公式单元格（第 2 行“姓名”列）"


def count(db, model) -> int:
    return db.scalar(select(func.count()).select_from(model))


def post(client, url, data, name, **form):
    return client.post(url, data={"file": (io.BytesIO(data), name)} | form,
                       content_type="multipart/form-data")


@pytest.mark.parametrize("data,name,reason", [(HEADER_ONLY, "r.csv", EMPTY),
                                              (FORMULA, "r.xlsx", FORMULA_REASON)])
def test_roster_import_page_and_api_refuse_with_400(client, login, db, factory, org, data, name,
                                                    reason):
    login("bureau")
    response = post(client, "/roster/import", data, name)
    assert response.status_code == 400
    assert reason in response.get_data(as_text=True)
    assert "新增 0" not in response.get_data(as_text=True)
    raw = accounts.create_token(db, factory.user("bureau"))
    db.commit()
    response = client.post("/api/v1/roster/imports", headers={"Authorization": f"Bearer {raw}"},
                           data={"file": (io.BytesIO(data), name)})
    assert response.status_code == 400
    assert response.get_json()["errors"]["file"].startswith(reason)
    assert (count(db, Student), count(db, ImportRun)) == (0, 0)


def test_roster_import_without_a_file_is_400(client, login, org):
    login("bureau")
    assert client.post("/roster/import", data={}).status_code == 400


def test_household_import_refusal_is_400_and_saves_nothing(client, login, db, org):
    login("township_officer", township=org.townships[0])
    response = post(client, "/roster/household/import",
                    "姓名,身份证号,户类别,学段,就读地,就读学校\r\n".encode("utf-8-sig"), "h.csv")
    assert response.status_code == 400
    assert EMPTY in response.get_data(as_text=True)
    response = client.post("/roster/household/import", data={})
    assert response.status_code == 400
    assert count(db, HouseholdChild) == 0


def test_food_import_refusal_is_400(client, login, db, org):
    login("nutritionist")
    before = count(db, Food)
    response = post(client, "/nutrition/foods/import", "编码,名称\r\n".encode("utf-8-sig"),
                    "f.csv")
    assert response.status_code == 400
    assert EMPTY in response.get_data(as_text=True)
    assert client.post("/nutrition/foods/import", data={}).status_code == 400
    assert count(db, Food) == before


def test_reconciliation_refuses_an_empty_list_with_400(client, login, db, org):
    login("bureau")
    response = post(client, "/roster/reconcile/new", "姓名,身份证号\r\n".encode("utf-8-sig"),
                    "l.csv", compare="roster-list", title="名单")
    assert response.status_code == 400
    assert EMPTY in response.get_data(as_text=True)
    assert count(db, ReconRun) == 0
