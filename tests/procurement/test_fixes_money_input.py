"""Forgiving money input (issue 9, item 26): the shared money field takes "3.5元", full-width
digits, spaces around and a ¥ sign, on the delivery form and the rates form; anything else is
refused with a Chinese message and nothing is saved."""
from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from procurement.models import Delivery, DeliveryLine, StockMove
from suite.forms import parse_money
from suite.models import SubsidyRate

from .helpers import delivery_form, field_errors, line


@pytest.mark.parametrize("text, amount", [
    ("3.5", "3.5"), ("3.5元", "3.5"), ("３.５", "3.5"), ("３．５０", "3.50"), ("  5.17 ", "5.17"),
    ("¥5.17", "5.17"), ("￥ ５.１７ 元", "5.17"), (" 12元 ", "12"), (".5", "0.5")])
def test_amounts_as_people_type_them(text, amount):
    assert parse_money(text) == Decimal(amount)


@pytest.mark.parametrize("text", ["三块五", "3.5.1", "3,50", "5 17", "1e3", "¥", "元", "NaN",
                                  "Infinity", "²", "3.5美元", "9" * 30])
def test_anything_else_is_not_an_amount(text):
    assert parse_money(text) is None


def _counts(db):
    db.expire_all()
    return tuple(db.scalar(select(func.count()).select_from(m))
                 for m in (Delivery, DeliveryLine, StockMove))


def test_delivery_form_takes_forgiving_prices(client, login, org, supplier, db):
    school = org.schools[0]
    login("canteen_manager", school=school)
    response = client.post(f"/procurement/deliveries/new?school={school.id}",
                           data=delivery_form(supplier.id, [
                               line("大米", "2.5", "kg", " ５.１７元 "),  # 12.925 → 12.93
                               line("土豆", "10", "jin", "¥1.5")]))      # 15.00
    assert response.status_code == 302
    delivery = db.scalar(select(Delivery))
    assert [(ln.unit_price, ln.amount) for ln in delivery.lines] == [
        (Decimal("5.17"), Decimal("12.93")), (Decimal("1.50"), Decimal("15.00"))]
    assert delivery.total == Decimal("27.93")


def test_delivery_form_refuses_a_price_that_is_not_an_amount(client, login, org, supplier, db):
    school = org.schools[0]
    login("canteen_manager", school=school)
    response = client.post(f"/procurement/deliveries/new?school={school.id}",
                           data=delivery_form(supplier.id, [
                               line("大米", "2.5", "kg", "三块五"), line("土豆", "10", "jin", "2")]))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert field_errors(page, "lines-0-unit_price") == ["请输入以元为单位的金额，例如 3.50。"]
    assert 'value="三块五"' in page  # kept for correcting
    assert _counts(db) == (0, 0, 0)


def test_rate_form_takes_full_width_and_yuan_and_refuses_words(client, login, db, org):
    login("admin")
    before = db.scalar(select(func.count()).select_from(SubsidyRate))
    response = client.post("/rates/new", data={
        "scope": "county", "start_date": "2021-09-01", "amount": "０.５元"})
    assert response.status_code == 302
    rate = db.scalar(select(SubsidyRate).where(SubsidyRate.county_id.is_not(None)))
    assert rate.amount == Decimal("0.50")
    response = client.post("/rates/new", data={
        "scope": "county", "start_date": "2021-09-01", "amount": "五毛"})
    assert field_errors(response.get_data(as_text=True), "amount") == [
        "请输入以元为单位的金额，例如 3.50。"]
    assert db.scalar(select(func.count()).select_from(SubsidyRate)) == before + 1
