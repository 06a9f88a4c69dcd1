"""The review pages in Chinese: the food page's two forms (nutritionists and administrators
only), what it shows afterwards, refusals on the form, the list of foods to check and its
Excel file."""
from __future__ import annotations

import io
import re

import openpyxl
import pytest
from sqlalchemy import func, or_, select

from nutrition.models import FoodRow
from nutrition.review_models import FoodReview
from suite.models import AuditEntry

EGG = "111101x"


def _food(db, code=EGG):
    db.expire_all()
    return db.scalar(select(FoodRow).where(FoodRow.code == code))


def _text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def _count(db, model):
    return db.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("role", ["nutritionist", "admin"])
def test_confirm_and_correct_from_the_food_page(client, login, db, foods, role):
    user = login(role)
    page = _text(client.get(f"/nutrition/foods/{EGG}"))
    assert "尚未按原书核对" in page and "按原书核对无误" in page and "更正数值" in page
    response = client.post(f"/nutrition/foods/{EGG}/correct", data={
        "correct-column": "iron_mg", "correct-value": "2.0", "correct-page": "224",
        "correct-note": "原书为2.0"})
    assert response.status_code == 302
    assert _food(db).iron_mg == 2.0
    response = client.post(f"/nutrition/foods/{EGG}/confirm",
                           data={"confirm-page": "224", "confirm-note": ""})
    assert response.status_code == 302
    page = _text(client.get(f"/nutrition/foods/{EGG}"))
    assert "已确认该食物与原书一致。" in page
    assert "已按原书核对无误" in page
    name = user.display_name or user.username
    assert f"1.6 → 2.0，第224页，{name}" in page
    assert f"{name} · 按原书核对无误，第224页" in page
    assert f"{name} · 更正铁（毫克）：1.6 → 2.0，第224页 · 原书为2.0" in page
    assert [r.action for r in db.scalars(select(FoodReview).order_by(FoodReview.id))] == [
        "correct", "confirm"]


def test_a_refused_correction_shows_why_and_changes_nothing(client, login, db, foods):
    login("nutritionist")
    audit = _count(db, AuditEntry)
    response = client.post(f"/nutrition/foods/{EGG}/correct", data={
        "correct-column": "edible_fraction", "correct-value": "Tr", "correct-page": ""})
    assert response.status_code == 400
    page = _text(response)
    assert "此项必须是数字。" in page and "请填写原书的页码。" in page
    response = client.post(f"/nutrition/foods/{EGG}/correct", data={
        "correct-column": "name", "correct-value": "蛋", "correct-page": "224"})
    assert response.status_code == 400
    assert "请选择要更正的食物数值。" in _text(response)
    assert (_food(db).edible_fraction, _food(db).name) == (0.87, "鸡蛋")
    assert (_count(db, FoodReview), _count(db, AuditEntry)) == (0, audit)


@pytest.mark.parametrize("role", ["canteen_manager", "bureau"])
def test_others_cannot_review(client, login, db, foods, role):
    login(role)
    page = client.get(f"/nutrition/foods/{EGG}").get_data(as_text=True)
    assert "更正数值" not in page and 'name="confirm-page"' not in page
    for action, data in (("confirm", {"confirm-page": "224"}),
                         ("correct", {"correct-column": "iron_mg", "correct-value": "2",
                                      "correct-page": "224"})):
        assert client.post(f"/nutrition/foods/{EGG}/{action}", data=data).status_code == 403
    assert _food(db).iron_mg == 1.6
    assert _count(db, FoodReview) == 0


def test_the_list_of_foods_to_check_and_its_excel_file(client, login, db, foods):
    login("nutritionist")
    client.post(f"/nutrition/foods/{EGG}/confirm", data={"confirm-page": "224"})
    total = db.scalar(select(func.count()).where(  # the hidden (infant) foods only if flagged
        FoodRow.active.is_(True), or_(FoodRow.hidden.is_(False), FoodRow.check_flags != ""))) - 1
    eggs = db.scalar(select(func.count()).where(FoodRow.food_group == "eggs")) - 1
    login("bureau")
    response = client.get("/nutrition/review")
    assert f"/nutrition/foods/{EGG}#review" not in response.get_data(as_text=True)
    eggs_page = client.get("/nutrition/review?group=eggs").get_data(as_text=True)
    assert "/nutrition/foods/112101#review" in eggs_page  # duck egg
    page = _text(response)
    assert f"{total}种食物尚未按原书核对。" in page
    assert re.search(rf"蛋类 {eggs} 0 0 ", page)
    # the overview lists the first 15 of a group; ?group= lists all of it
    assert page.count("本类全部") == len([g for g in queue_counts(db) if g > 15])
    whole = client.get("/nutrition/review?group=eggs").get_data(as_text=True)
    assert whole.count('#review">') == eggs and "全部食物类别" in whole
    response = client.get("/nutrition/review.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.values)
    assert rows[0] == ("食物类别", "代码", "名称", "核对原因", "已发布食谱使用")
    assert len(rows) == total + 1
    assert EGG not in {r[1] for r in rows}


def test_the_audit_log_names_the_review_in_chinese(client, login, db, foods):
    login("admin")
    client.post(f"/nutrition/foods/{EGG}/correct", data={
        "correct-column": "iron_mg", "correct-value": "2.0", "correct-page": "224"})
    page = _text(client.get("/audit"))
    assert "食物按原书核对" in page
    assert "铁（毫克）" in page and "已按原书更正" in page
    assert "iron_mg" not in page and "correct " not in page


def queue_counts(db):
    from nutrition import services as nutrition_services
    return [g["count"] for g in nutrition_services.review_queue(db)]
