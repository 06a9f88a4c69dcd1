"""Procurement pages: delivery entry, school scoping, roles, void, stocktake, suppliers,
licence warnings, the county price table and the monthly ledger with its Excel download."""
from __future__ import annotations

import html
import io
import re
from datetime import date, timedelta
from decimal import Decimal

import openpyxl
import pytest
from sqlalchemy import func, select

from procurement import services
from procurement.models import Delivery, DeliveryLine, ItemMapping, StockMove, Supplier
from suite.models import AuditEntry

from .conftest import TODAY, food_id

RICE, POTATO = "012001x", "021101"


@pytest.fixture
def en(client):
    client.set_cookie("locale", "en")
    return client


def counts(db, *models):
    db.expire_all()
    return tuple(db.scalar(select(func.count()).select_from(m)) for m in
                 (models or (Delivery, DeliveryLine, StockMove)))


def line(item, quantity, unit, price, accepted=True, **extra):
    values = {"item": item, "quantity": quantity, "unit": unit, "unit_price": price, **extra}
    if accepted:
        values["accepted"] = "y"
    return values


def delivery_form(supplier_id, lines, day="2026-11-02", invoice="FP-2026-118",
                  checker="王老师"):
    data = {"supplier_id": str(supplier_id), "delivery_date": day, "invoice_no": invoice,
            "checker": checker}
    for i, values in enumerate(lines):
        data.update({f"lines-{i}-{k}": v for k, v in values.items()})
    for i in range(len(lines), 6):  # a browser also posts the six rows' unit and checkbox
        data.update({f"lines-{i}-unit": "kg", f"lines-{i}-accepted": "y"})
    return data


def field_errors(page, name):
    """The error messages rendered next to the form field called `name`."""
    for block in re.findall(r'<div class="field[^"]*">(.*?)</div>', page, re.S):
        if f'name="{name}"' in block:
            return [html.unescape(e) for e in
                    re.findall(r'<p class="error" role="alert">(.*?)</p>', block, re.S)]
    raise AssertionError(f"no field {name} on the page")


def text(response):
    return html.unescape(response.get_data(as_text=True))


def test_entry_form_saves_lines_and_only_accepted_goods_enter_stock(en, login, org, supplier,
                                                                   db):
    school = org.schools[0]
    login("canteen_manager", school=school)
    response = en.post(f"/procurement/deliveries/new?school={school.id}", data=delivery_form(
        supplier.id, [line("大米", "25", "kg", "5.98"),                    # 149.50
                      line("土豆", "37.5", "jin", "1.33"),                  # 49.875 → 49.88
                      line("猪肉（瘦）", "10", "kg", "26.50", accepted=False,   # 265.00
                           reject_reason="有异味")]))
    assert response.status_code == 302
    delivery = db.scalar(select(Delivery))
    assert response.headers["Location"].endswith(f"/procurement/deliveries/{delivery.id}")
    assert (delivery.total, delivery.accepted_total) == (Decimal("464.38"), Decimal("199.38"))
    assert delivery.school_id == school.id and delivery.invoice_no == "FP-2026-118"
    page = text(en.get(response.headers["Location"]))
    assert "Delivery saved: 464.38 CNY." in page
    assert '<td class="num">464.38</td>' in page and "accepted: 199.38" in page
    assert "rejected: 有异味" in page
    stock = text(en.get(f"/procurement/stock?school={school.id}"))
    assert ('<td>012001x</td><td>大米</td><td class="num">25.00</td><td class="num">149.50</td>'
            in stock)
    assert ('<td>021101</td><td>马铃薯</td><td class="num">18.75</td><td class="num">49.88</td>'
            in stock)
    assert "猪肉" not in stock
    assert '<th colspan="3">Total</th><td class="num">199.38</td>' in stock
    listing = text(en.get("/procurement/deliveries"))
    assert "FP-2026-118" in listing and '<td class="num">464.38</td>' in listing


@pytest.mark.parametrize("change, field, message", [
    ({"lines-0-unit": "ton"}, "lines-0-unit", "Not a valid choice."),
    ({"lines-0-quantity": "0"}, "lines-0-quantity",
     "The quantity must be a number above 0 (at most 3 decimals)."),
    ({"lines-0-quantity": "abc"}, "lines-0-quantity",
     "The quantity must be a number above 0 (at most 3 decimals)."),
    ({"lines-0-unit_price": "1.234"}, "lines-0-unit_price",
     "The unit price must be an amount above 0 in yuan (at most 2 decimals)."),
    ({"lines-0-item": "外星菜"}, "lines-0-item",
     '"外星菜" is not in the food table: map it to a food first.'),
    ({"lines-0-unit": "piece"}, "lines-0-unit_weight_g",
     "Give the weight of one piece or box in grams."),
    ({"lines-0-accepted": None}, "lines-0-reject_reason",
     "Give the reason the line was rejected."),
    ({"invoice_no": ""}, "invoice_no", "Enter the invoice or ticket number."),
    ({"delivery_date": (date.today() + timedelta(days=1)).isoformat()}, "delivery_date",
     "The delivery date cannot be in the future."),
    ({"delivery_date": "2026-08-20"}, "delivery_date",
     "The date 2026-08-20 is outside every term."),
])
def test_bad_input_is_shown_next_to_its_field_and_saves_nothing(en, login, org, supplier, db,
                                                               change, field, message):
    school = org.schools[0]
    login("canteen_manager", school=school)
    data = delivery_form(supplier.id, [line("大米", "10", "kg", "5.00")])
    data.update(change)
    data = {k: v for k, v in data.items() if v is not None}
    before = counts(db)
    response = en.post(f"/procurement/deliveries/new?school={school.id}", data=data)
    assert response.status_code == 400
    assert message in field_errors(text(response), field)
    assert counts(db) == before


def test_expired_licence_is_reported_on_the_supplier(en, login, org, supplier, db):
    supplier.licence_expiry = date(2026, 10, 31)
    db.commit()
    login("canteen_manager", school=org.schools[0])
    before = counts(db)
    response = en.post(f"/procurement/deliveries/new?school={org.schools[0].id}",
                       data=delivery_form(supplier.id, [line("大米", "10", "kg", "5.00")]))
    assert response.status_code == 400
    assert field_errors(text(response), "supplier_id") == [
        "The food business licence of 县粮油公司 expired on 2026-10-31: the delivery cannot "
        "be accepted."]
    assert counts(db) == before


def test_unknown_item_gets_a_food_choice_and_the_mapping_is_learned(en, login, org, supplier,
                                                                  db):
    school = org.schools[0]
    login("canteen_manager", school=school)
    url = f"/procurement/deliveries/new?school={school.id}"
    data = delivery_form(supplier.id, [line("土豆（黄心）", "20", "kg", "2.10")])
    before = counts(db, Delivery, ItemMapping)
    response = en.post(url, data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert re.search(r'<select[^>]*name="lines-0-food_code"', page)
    assert '<option value="021101">马铃薯 (021101)</option>' in page
    assert counts(db, Delivery, ItemMapping) == before
    response = en.post(url, data={**data, "lines-0-food_code": POTATO})
    assert response.status_code == 302
    (saved,) = db.scalars(select(DeliveryLine)).all()
    assert (saved.item_name, saved.food_id) == ("土豆（黄心）", food_id(db, POTATO))
    mapping = db.scalar(select(ItemMapping).where(ItemMapping.item_name == "土豆（黄心）"))
    assert mapping.food_id == food_id(db, POTATO)
    response = en.post(url, data=delivery_form(supplier.id, [line("土豆（黄心）", "5", "kg", "2")],
                                               invoice="FP-2"))
    assert response.status_code == 302
    assert services.balance(db, school.id, food_id(db, POTATO)) == (Decimal("25000.0"),
                                                                    Decimal("52.00"))


def test_canteen_manager_cannot_reach_another_school(en, login, org, supplier, deliver, db):
    other = deliver([("大米", "10", "kg", "5")], school=org.schools[1], invoice_no="OTHER-1")
    login("canteen_manager", school=org.schools[0])
    before = counts(db) + counts(db, AuditEntry)
    sid = org.schools[1].id
    for url in (f"/procurement/deliveries/{other.id}", f"/procurement/stock?school={sid}",
                f"/procurement/ledger?school={sid}", f"/procurement/ledger.xlsx?school={sid}",
                f"/procurement/deliveries/new?school={sid}",
                f"/procurement/deliveries?school={sid}"):
        assert en.get(url).status_code == 404, url
    assert en.post(f"/procurement/deliveries/{other.id}/void",
                   data={"reason": "恶意作废"}).status_code == 404
    assert en.post(f"/procurement/deliveries/new?school={sid}", data=delivery_form(
        supplier.id, [line("大米", "1", "kg", "5")])).status_code == 404
    assert en.post(f"/procurement/stocktake?school={sid}", data={
        "take_date": "2026-11-20", "counted_by": "张三",
        f"counted-{food_id(db, RICE)}": "0"}).status_code == 404
    assert counts(db) + counts(db, AuditEntry) == before
    assert db.get(Delivery, other.id).voided_at is None
    assert "OTHER-1" not in text(en.get("/procurement/deliveries"))


@pytest.mark.parametrize("role, method, url, status", [
    ("nutritionist", "POST", "/procurement/deliveries/new?school={school}", 403),
    ("nutritionist", "POST", "/procurement/suppliers/new", 403),
    ("nutritionist", "POST", "/procurement/suppliers/{supplier}/edit", 403),
    ("canteen_manager", "GET", "/procurement/prices", 403),
    ("canteen_manager", "POST", "/procurement/suppliers/new", 403),
    ("bureau", "POST", "/procurement/deliveries/new?school={school}", 403),
    ("bureau", "GET", "/procurement/prices", 200),
    ("nutritionist", "GET", "/procurement/prices", 200),
])
def test_role_checks(en, login, org, supplier, db, role, method, url, status):
    login(role)
    before = counts(db, Delivery, Supplier)
    url = url.format(school=org.schools[0].id, supplier=supplier.id)
    data = {**delivery_form(supplier.id, [line("大米", "1", "kg", "5")]), "name": "新名字",
            "credit_code": "91440300708461136T", "licence_no": "JY1",
            "licence_expiry": "2027-12-31"}
    response = en.open(url, method=method, data=data if method == "POST" else None)
    assert response.status_code == status
    assert counts(db, Delivery, Supplier) == before
    assert db.get(Supplier, supplier.id).name == "县粮油公司"
