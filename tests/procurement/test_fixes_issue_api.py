"""The issue and void endpoints of the JSON API (used by the race tests): exact values, and
bad input refused with 400 or 404 in Chinese, changing nothing."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from procurement import services

from ..factories import food_id
from .helpers import URL, counted, counts

RICE = "012001x"


def test_issue_answers_the_cost_and_the_balance_left(api, org, deliver, db):
    deliver([("大米", "3", "kg", "4.33"), ("大米", "2.5", "kg", "5.17")])  # 12.99 + 12.93
    counted(db, org.schools[0].id, date(2026, 11, 3))
    manager = api("canteen_manager")
    response = manager("POST", f"{URL}/issues", json={
        "school": org.schools[0].id, "date": "2026-11-03", "meal": "lunch", "food": RICE,
        "grams": "4200"})
    assert response.status_code == 201
    # 25.92 × 4.2 / 5.5 = 19.7927… → 19.79; 1.3 kg worth 6.13 left
    assert {k: response.json[k] for k in ("grams", "value", "balance_grams",
                                          "balance_value")} == {
        "grams": "4200.0", "value": "19.79", "balance_grams": "1300.0",
        "balance_value": "6.13"}


@pytest.mark.parametrize("body, errors", [
    ({"date": "2026-11-03", "meal": "lunch", "food": RICE, "grams": "1e999"},
     {"grams": "数量必须大于 0 克。"}),
    ({"date": "2026-11-03", "meal": "lunch", "food": "无此食物", "grams": "100"},
     {"food": "未知食物。"}),
    ({"date": "2026-11-03", "meal": "supper", "food": RICE, "grams": "100"},
     {"meal": "未知餐次：supper。"}),
    ({"date": "2026-11-02", "meal": "lunch", "food": RICE, "grams": "100000"},
     {"grams": "2026-11-02 大米 库存只有 5500.0 克，无法出库 100000.0 克。"}),
])
def test_bad_issues_are_refused_and_change_nothing(api, org, deliver, db, body, errors):
    deliver([("大米", "3", "kg", "4.33"), ("大米", "2.5", "kg", "5.17")])
    for day in (date(2026, 11, 2), date(2026, 11, 3)):
        counted(db, org.schools[0].id, day)
    manager = api("canteen_manager")
    before = counts(db)
    response = manager("POST", f"{URL}/issues", json={"school": org.schools[0].id, **body})
    assert response.status_code == 400
    assert response.json["errors"] == errors
    assert counts(db) == before


def test_a_nul_character_is_refused_before_the_view(api, org, deliver, db):
    deliver([("大米", "3", "kg", "4.33")])
    before = counts(db)
    response = api("canteen_manager")("POST", f"{URL}/issues", json={
        "school": org.schools[0].id, "date": "2026-11-03", "meal": "lunch",
        "food": "大米\x00", "grams": "100"})
    assert response.status_code == 400
    assert response.json["detail"] == "请求中含有空字符（NUL），任何字段都不能包含该字符。"
    assert counts(db) == before


def test_void_twice_answers_409_and_changes_nothing(api, org, deliver, db):
    delivery = deliver([("大米", "10", "kg", "5.00")])
    manager = api("canteen_manager")
    assert manager("POST", f"{URL}/deliveries/{delivery.id}/void",
                   json={"reason": ""}).json["errors"] == {"reason": "请填写作废原因。"}
    first = manager("POST", f"{URL}/deliveries/{delivery.id}/void", json={"reason": "重复录入"})
    assert first.status_code == 200 and first.json["void"] is True
    before = counts(db)
    again = manager("POST", f"{URL}/deliveries/{delivery.id}/void", json={"reason": "再次"})
    assert again.status_code == 409
    assert again.json["errors"] == {"reason": "该入库单已作废。"}
    assert counts(db) == before
    assert services.balance(db, org.schools[0].id, food_id(db, RICE)) == (
        Decimal("0.0"), Decimal("0.00"))
    assert manager("POST", f"{URL}/deliveries/3000000000/void",
                   json={"reason": "x"}).status_code == 404


@pytest.mark.parametrize("day, meal, errors", [
    ("2026-12-10", "lunch", {"date": "不能为将来的日期出库。"}),
    ("2026-11-03", "breakfast", {"meal": "本餐尚未就餐登记，请先登记就餐人数。"}),
    ("2026-11-07", "lunch", {"meal": "本餐尚未就餐登记，请先登记就餐人数。"}),   # a Saturday
    ("2027-01-25", "lunch", {"date": "不能为将来的日期出库。"}),   # after the term
])
def test_food_goes_only_to_a_meal_the_canteen_counted(api, org, deliver, db, day, meal,
                                                      errors):
    """As the canteen's own issue: no future day, no meal that was not counted (which also
    keeps out days outside the term and days not served)."""
    deliver([("大米", "3", "kg", "4.33")], day=date(2026, 11, 2))
    counted(db, org.schools[0].id, date(2026, 11, 3))
    before = counts(db)
    response = api("canteen_manager")("POST", f"{URL}/issues", json={
        "school": org.schools[0].id, "date": day, "meal": meal, "food": RICE, "grams": "100"})
    assert (response.status_code, response.json["errors"]) == (400, errors)
    assert counts(db) == before
