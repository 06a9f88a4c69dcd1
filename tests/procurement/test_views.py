"""Procurement pages: delivery entry, school scoping, roles, void, stocktake, suppliers,
licence warnings, the county price table and the monthly ledger with its Excel download."""
from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from procurement import services
from procurement.models import Delivery, DeliveryLine, ItemMapping, StockMove, Supplier
from suite import clock
from suite.models import AuditEntry

from ..factories import food_id
from .helpers import (counts, delivery_form, field_errors, line, row_of, table_rows, text,
                      xlsx_rows)

RICE, POTATO = "012001x", "021101"
# set when the tests are collected: a run that crosses midnight (China time) must still see
# it in the future, so a week ahead rather than tomorrow
FUTURE = (clock.today() + timedelta(days=7)).isoformat()


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
    assert (delivery.school_id, delivery.total, delivery.accepted_total) == (
        school.id, Decimal("464.38"), Decimal("199.38"))
    page = text(en.get(response.headers["Location"]))
    assert "Delivery saved: 464.38 CNY." in page
    assert table_rows(page)[1:] == [
        ["1", "大米", "大米", "25 kg", "5.98", "149.50", "25000", "passed"],
        ["2", "土豆", "马铃薯", "37.5 jin", "1.33", "49.88", "18750", "passed"],
        ["3", "猪肉（瘦）", "猪肉（瘦）", "10 kg", "26.50", "265.00", "10000", "rejected: 有异味"],
        ["Total", "464.38", "accepted: 199.38"]]
    stock = text(en.get(f"/procurement/stock?school={school.id}"))
    assert row_of(stock, RICE)[:5] == [RICE, "大米", "25.00", "149.50", "5.98"]
    assert row_of(stock, POTATO)[:5] == [POTATO, "马铃薯", "18.75", "49.88", "2.66"]
    assert "猪肉" not in stock and row_of(stock, "Total")[:2] == ["Total", "199.38"]
    listing = text(en.get("/procurement/deliveries?from=2026-11-01&to=2026-11-30"))
    assert row_of(listing, "2026-11-02")[:6] == [
        "2026-11-02", school.name, "县粮油公司", "FP-2026-118", "464.38", "199.38"]


@pytest.mark.parametrize("change, field, message", [
    ({"lines-0-unit": "ton"}, "lines-0-unit", "Not a valid choice."),  # refused by the form
    ({"lines-0-quantity": "0"}, "lines-0-quantity",
     "The quantity must be a number above 0 (at most 3 decimals)."),
    ({"lines-0-unit_price": "1.234"}, "lines-0-unit_price",
     "The unit price must be an amount above 0 in yuan (at most 2 decimals)."),
    ({"lines-0-item": "外星菜"}, "lines-0-item",
     '"外星菜" is not in the food table: map it to a food first.'),
    ({"lines-0-unit": "piece"}, "lines-0-unit_weight_g",
     "Give the weight of one piece or box in grams."),
    ({"lines-0-accepted": None}, "lines-0-reject_reason", "Give the reason the line was rejected."),
    ({"delivery_date": FUTURE}, "delivery_date", "The delivery date cannot be in the future."),
    ({"delivery_date": "2026-08-20"}, "delivery_date",
     "The date 2026-08-20 is outside every term."),
    ({"expire": date(2026, 10, 31)}, "supplier_id", "The food business licence of 县粮油公司 "
     "expired on 2026-10-31: the delivery cannot be accepted."),
])
def test_bad_input_is_shown_next_to_its_field_and_saves_nothing(en, login, org, supplier, db,
                                                               change, field, message):
    change = dict(change)
    if "expire" in change:
        supplier.licence_expiry = change.pop("expire")
        db.commit()
    login("canteen_manager", school=org.schools[0])
    data = {k: v for k, v in {**delivery_form(supplier.id, [line("大米", "10", "kg", "5")]),
                              **change}.items() if v is not None}
    before = counts(db)
    response = en.post(f"/procurement/deliveries/new?school={org.schools[0].id}", data=data)
    assert response.status_code == 400
    assert field_errors(text(response), field) == [message]
    assert counts(db) == before


def test_unknown_item_gets_a_food_choice_and_the_mapping_is_learned(en, login, org, supplier,
                                                                  db):
    school, potato = org.schools[0], food_id(db, POTATO)
    login("canteen_manager", school=school)
    url = f"/procurement/deliveries/new?school={school.id}"
    data = delivery_form(supplier.id, [line("土豆（黄心）", "20", "kg", "2.10")])
    before = counts(db, Delivery, ItemMapping)
    response = en.post(url, data=data)
    assert response.status_code == 400 and counts(db, Delivery, ItemMapping) == before
    page = response.get_data(as_text=True)
    assert re.search(r'<select[^>]*name="lines-0-food_code"', page)
    assert '<option value="021101">马铃薯 (021101)</option>' in page
    assert en.post(url, data={**data, "lines-0-food_code": POTATO}).status_code == 302
    (saved,) = db.scalars(select(DeliveryLine)).all()
    assert (saved.item_name, saved.food_id) == ("土豆（黄心）", potato)
    assert db.scalar(select(ItemMapping.food_id).where(
        ItemMapping.item_name == "土豆（黄心）")) == potato
    response = en.post(url, data=delivery_form(supplier.id, [line("土豆（黄心）", "5", "kg", "2")],
                                               invoice="FP-2026-119"))
    assert response.status_code == 302  # the name alone now resolves
    assert services.balance(db, school.id, potato) == (Decimal("25000.0"), Decimal("52.00"))


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
    for url, data in ((f"/procurement/deliveries/{other.id}/void", {"reason": "恶意作废"}),
                      (f"/procurement/deliveries/new?school={sid}",
                       delivery_form(supplier.id, [line("大米", "1", "kg", "5")])),
                      (f"/procurement/stocktake?school={sid}", {
                          "take_date": "2026-11-20", "counted_by": "张三",
                          f"counted-{food_id(db, RICE)}": "0"})):
        assert en.post(url, data=data).status_code == 404, url
    assert counts(db) + counts(db, AuditEntry) == before
    assert db.get(Delivery, other.id).voided_at is None
    listing = text(en.get("/procurement/deliveries?from=2026-11-01&to=2026-11-30"))
    assert "OTHER-1" not in listing and "No deliveries in this period." in listing


@pytest.mark.parametrize("role, method, url, status", [
    ("nutritionist", "POST", "/procurement/deliveries/new?school={school}", 403),
    ("nutritionist", "POST", "/procurement/suppliers/new", 403),
    ("nutritionist", "POST", "/procurement/suppliers/{supplier}/edit", 403),
    ("canteen_manager", "GET", "/procurement/prices", 403),
    ("bureau", "POST", "/procurement/deliveries/new?school={school}", 403),
    ("bureau", "GET", "/procurement/prices", 200),
])
def test_role_checks(en, login, org, supplier, db, role, method, url, status):
    login(role)
    before = counts(db, Delivery, Supplier)
    data = {**delivery_form(supplier.id, [line("大米", "1", "kg", "5")]), "name": "新名字",
            "credit_code": "91440300708461136T", "licence_no": "JY1",
            "licence_expiry": "2027-12-31"}
    response = en.open(url.format(school=org.schools[0].id, supplier=supplier.id),
                       method=method, data=data if method == "POST" else None)
    assert response.status_code == status
    assert counts(db, Delivery, Supplier) == before
    assert db.get(Supplier, supplier.id).name == "县粮油公司"


def test_void_through_the_page_takes_the_goods_out_and_is_audited(en, login, org, deliver, db):
    d = deliver([("大米", "10", "kg", "5"), ("土豆", "4", "kg", "2")])
    school, rice, url = org.schools[0].id, food_id(db, RICE), f"/procurement/deliveries/{d.id}"
    login("canteen_manager", school=org.schools[0])
    before = counts(db) + counts(db, AuditEntry)
    response = en.post(f"{url}/void", data={"reason": " "})
    assert "Give the reason for voiding." in text(en.get(response.headers["Location"]))
    assert counts(db) + counts(db, AuditEntry) == before
    assert services.balance(db, school, rice) == (Decimal("10000.0"), Decimal("50.00"))
    response = en.post(f"{url}/void", data={"reason": "重复录入"})
    assert response.status_code == 302 and response.headers["Location"].endswith(url)
    db.expire_all()
    voided = db.get(Delivery, d.id)
    assert voided.voided_at is not None and voided.void_reason == "重复录入"
    for food in (rice, food_id(db, POTATO)):
        assert services.balance(db, school, food) == (Decimal("0.0"), Decimal("0.00"))
    (entry,) = db.scalars(select(AuditEntry).where(
        AuditEntry.record_type == "procurement_delivery", AuditEntry.action == "void")).all()
    assert entry.record_id == str(d.id) and "重复录入" in entry.note
    assert "Void: 重复录入" in text(en.get(url))
    assert "Nothing in stock." in text(en.get(f"/procurement/stock?school={school}"))
    before = counts(db)
    en.post(f"{url}/void", data={"reason": "again"})  # already void: refused
    assert counts(db) == before


def test_stocktake_form_books_the_variance(en, login, org, deliver, db):
    deliver([("大米", "50", "kg", "6.00"), ("土豆", "20", "kg", "2.50")])
    school, rice, potato = org.schools[0].id, food_id(db, RICE), food_id(db, POTATO)
    login("canteen_manager", school=org.schools[0])
    assert f'name="counted-{rice}"' in text(en.get(f"/procurement/stock?school={school}"))
    url, before = f"/procurement/stocktake?school={school}", counts(db)
    for bad in ({"counted_by": "", f"counted-{rice}": "48500"},
                {"counted_by": "李四", f"counted-{rice}": "-5"}):
        assert en.post(url, data={"take_date": "2026-11-20", **bad}).status_code == 302
    assert counts(db) == before
    response = en.post(url, data={"take_date": "2026-11-20", "counted_by": "李四",
                                  f"counted-{rice}": "48500", f"counted-{potato}": ""})
    assert "Stocktake saved: 1 foods counted." in text(en.get(response.headers["Location"]))
    # 48.5 − 50 kg at 6.00 a kg = −9.00
    assert services.balance(db, school, rice) == (Decimal("48500.0"), Decimal("291.00"))
    assert services.balance(db, school, potato) == (Decimal("20000.0"), Decimal("50.00"))
    (move,) = db.scalars(select(StockMove).where(StockMove.kind == "adjust")).all()
    assert (move.food_id, move.grams, move.value) == (rice, Decimal("-1500.0"), Decimal("-9.00"))


@pytest.mark.parametrize("day, counted", ids=["future-date", "unknown-food"], argvalues=[
    pytest.param(FUTURE, RICE),
    pytest.param("2026-11-20", 999999),
])
def test_stocktake_refuses_a_future_date_and_unknown_foods(en, login, org, deliver, db, day,
                                                           counted):
    deliver([("大米", "50", "kg", "6.00")])
    login("canteen_manager", school=org.schools[0])
    key = f"counted-{food_id(db, counted) if counted == RICE else counted}"
    before = counts(db)
    response = en.post(f"/procurement/stocktake?school={org.schools[0].id}",
                       data={"take_date": day, "counted_by": "李四", key: "40000"})
    assert response.status_code == 302 and counts(db) == before


def supplier_form(**changes):
    return {"name": "鹏城蔬菜配送有限公司", "credit_code": "91440300708461136T",
            "licence_no": "JY14403000002", "licence_expiry": "2027-12-31", "contact": "陈经理",
            "phone": "0755-1234567", "food_groups": ["vegetables", "fruit"], "approved": "y",
            "active": "y", **changes}


def test_bureau_creates_and_edits_a_supplier(en, login, supplier, db):
    login("bureau")
    assert en.post("/procurement/suppliers/new", data=supplier_form()).status_code == 302
    created = db.scalar(select(Supplier).where(Supplier.credit_code == "91440300708461136T"))
    assert (created.name, created.licence_expiry, created.group_list, created.approved) == (
        "鹏城蔬菜配送有限公司", date(2027, 12, 31), ["vegetables", "fruit"], True)
    response = en.post(f"/procurement/suppliers/{created.id}/edit", data=supplier_form(
        credit_code="91440300708461136t", phone="13800000000", licence_expiry="2028-06-30"))
    assert response.status_code == 302
    db.expire_all()
    edited = db.get(Supplier, created.id)
    assert (edited.phone, edited.licence_expiry, edited.credit_code) == (
        "13800000000", date(2028, 6, 30), "91440300708461136T")
    assert counts(db, Supplier) == (2,)


@pytest.mark.parametrize("code, message", [
    ("91440300708461136A", "The credit code's check character is wrong: please check every "
                           "character."),
    ("91350100M000100Y43", "Supplier 县粮油公司 already has this credit code."),
    ("9144030070846113", "The credit code must have 18 characters."),
])
def test_bad_credit_code_is_refused(en, login, supplier, db, code, message):
    login("bureau")
    before = counts(db, Supplier, AuditEntry)
    response = en.post("/procurement/suppliers/new", data=supplier_form(credit_code=code))
    assert response.status_code == 400
    assert field_errors(text(response), "credit_code") == [message]
    assert counts(db, Supplier, AuditEntry) == before


def test_expiring_licences_are_shown_to_the_bureau_and_the_schools_they_supply(
        en, login, org, supplier, deliver, db):
    deliver([("大米", "5", "kg", "5")], day=date(2026, 11, 2), school=org.schools[0])
    services.save_supplier(db, {"name": "远期供应商", "credit_code": "91440300708461136T",
                                "licence_no": "JY9", "licence_expiry": date(2027, 12, 31)})
    supplier.licence_expiry = clock.today() + timedelta(days=20)
    db.commit()
    for role, school, shown in (("bureau", None, True), ("canteen_manager", org.schools[0], True),
                                ("canteen_manager", org.schools[1], False)):
        login(role, school=school)
        page = text(en.get("/"))
        assert ("Supplier licences expiring within 30 days" in page) is shown, (role, school)
        assert ("县粮油公司: licence JY13501000001 valid until" in page) is shown
        assert "远期供应商" not in page


def test_county_price_table_page(en, login, org, deliver):
    deliver([("大米", "10", "kg", "5.00")], school=org.schools[0])
    deliver([("大米", "10", "kg", "5.20")], school=org.schools[1])
    deliver([("大米", "10", "kg", "6.80")], school=org.schools[2])  # 6.80 > 1.3 × 5.20 = 6.76
    deliver([("土豆", "10", "jin", "1.20")], school=org.schools[0])  # 2.40 a kg
    login("bureau")
    page = text(en.get("/procurement/prices?date=2026-11-20"))
    # code, food, median, lowest, highest, (spread chart), lines, schools above the median
    rice, potato = row_of(page, RICE), row_of(page, POTATO)
    assert rice[:5] + rice[-2:] == [RICE, "大米", "5.20", "5.00", "6.80", "3", "西乡教学点 6.80"]
    assert '<span class="status-high">西乡教学点 6.80</span>' in page
    assert potato[:5] + potato[-2:] == [POTATO, "马铃薯", "2.40", "2.40", "2.40", "1", ""]


def _ledger_month(deliver, db, org):
    deliver([("大米", "10", "kg", "5")], day=date(2026, 10, 28))
    deliver([("大米", "20", "kg", "6"), ("土豆", "10", "kg", "2")], day=date(2026, 11, 2))
    services.issue_stock(db, school_id=org.schools[0].id, day=date(2026, 11, 3), meal="lunch",
                         food_id=food_id(db, RICE), grams=15000)  # 15 kg of 30 at 170.00
    db.commit()


def test_monthly_ledger_page_and_excel(en, login, org, deliver, db):
    _ledger_month(deliver, db, org)
    login("canteen_manager", school=org.schools[0])
    page = text(en.get("/procurement/ledger?month=2026-11"))
    assert "Monthly stock ledger · 东镇中心小学 · 2026-11" in page
    rows = [r for r in table_rows(page) if len(r) > 2]
    assert rows[1][:3] + rows[1][-3:-1] == ["2026-11-01", "大米", "Opening balance", "10.00",
                                            "50.00"]
    assert [r[:3] for r in rows[2:5]] == [["2026-11-02", "大米", "Receipt"],
                                          ["2026-11-02", "马铃薯", "Receipt"],
                                          ["2026-11-03", "大米", "Issue"]]
    assert rows[-1][:4] == ["Total", "140.00", "", "85.00"]
    response = en.get(f"/procurement/ledger.xlsx?school={org.schools[0].id}&month=2026-11")
    assert response.headers["Content-Disposition"] == (
        f"attachment; filename=stock-ledger-{org.schools[0].code}-2026-11.xlsx")
    rows = xlsx_rows(response)
    assert rows[0] == ["Date", "Food", "Kind", "In (kg)", "In (CNY)", "Out (kg)", "Out (CNY)",
                       "Balance (kg)", "Balance (CNY)", "Meal or note"]
    assert rows[1:4] == [["2026-11-02", "大米", "Receipt", 20, 120, 0, 0, 30, 170, ""],
                         ["2026-11-02", "马铃薯", "Receipt", 10, 20, 0, 0, 10, 20, ""],
                         ["2026-11-03", "大米", "Issue", 0, 0, 15, 85, 15, 85, "Lunch"]]
    assert len(rows) == 5 and rows[4][:7] == ["Total", "", "", None, 140, None, 85]
    assert rows[4][4] == sum(r[4] for r in rows[1:4])
    assert rows[4][6] == sum(r[6] for r in rows[1:4])


def test_ledger_totals_equal_the_columns_when_a_delivery_is_voided(en, login, org, deliver,
                                                                   db):
    d = deliver([("大米", "10", "kg", "5")], day=date(2026, 11, 2))
    deliver([("土豆", "10", "kg", "2")], day=date(2026, 11, 2))
    services.void_delivery(db, d, "录错")
    db.commit()
    login("canteen_manager", school=org.schools[0])
    rows = xlsx_rows(en.get("/procurement/ledger.xlsx?month=2026-11"))
    # the void reversal is a negative receipt: 50 + 20 − 50 = 20 came in, nothing went out
    assert rows[1:] == [["2026-11-02", "大米", "Receipt", 10, 50, 0, 0, 10, 50, ""],
                        ["2026-11-02", "马铃薯", "Receipt", 10, 20, 0, 0, 10, 20, ""],
                        ["2026-11-02", "大米", "Void reversal", -10, -50, 0, 0, 0, 0, "录错"],
                        ["Total", "", "", None, 20, None, 0, None, None, ""]]
    page = row_of(text(en.get("/procurement/ledger?month=2026-11")), "Total")
    assert page[:4] == ["Total", "20.00", "", "0.00"]


def test_excel_ledger_names_the_meal_as_the_page_does(en, login, org, deliver, db):
    _ledger_month(deliver, db, org)
    login("canteen_manager", school=org.schools[0])
    page_note = row_of(text(en.get("/procurement/ledger?month=2026-11")), "2026-11-03")[-1]
    assert xlsx_rows(en.get("/procurement/ledger.xlsx?month=2026-11"))[3][-1] == page_note


def test_a_void_says_which_issues_it_values_again(en, login, org, deliver, db):
    """Rice at 5.00 then at 8.00 the next day; 15 kg issued after both is valued at their
    average (6.50). Voiding the dearer delivery values it again at 5.00, and says so."""
    school, rice = org.schools[0], food_id(db, RICE)
    deliver([("大米", "20", "kg", "5.00")], day=date(2026, 11, 2))
    dear = deliver([("大米", "20", "kg", "8.00")], day=date(2026, 11, 3))
    move = services.issue_stock(db, school_id=school.id, day=date(2026, 11, 4), meal="lunch",
                                food_id=rice, grams=15000)
    db.commit()
    assert -move.value == Decimal("97.50")
    login("canteen_manager", school=school)
    url = f"/procurement/deliveries/{dear.id}"
    assert "Its food was issued to meals since (1 issues): voiding it works out their cost " \
           "again without it." in text(en.get(url))
    response = en.post(f"{url}/void", data={"reason": "单价录错"})
    page = text(en.get(response.headers["Location"]))
    assert "The delivery was voided and its goods taken out of stock. Issues of its food to " \
           "meals since 2026-11-03, worked out again without it: 1." in page
    db.expire_all()
    assert -db.get(StockMove, move.id).value == Decimal("75.00")
    assert "issued to meals since" not in page  # a void delivery offers no void


def test_an_empty_delivery_form_says_everything_it_lacks_at_once(en, login, org, db):
    login("canteen_manager", school=org.schools[0])
    before = counts(db)
    empty = {**delivery_form(0, [], day="", invoice=""), "checker": ""}  # as a browser posts
    response = en.post(f"/procurement/deliveries/new?school={org.schools[0].id}", data=empty)
    page = text(response)
    assert response.status_code == 400
    assert field_errors(page, "delivery_date") == ["Enter the delivery date."]
    assert field_errors(page, "invoice_no") == ["Enter the invoice or ticket number."]
    assert field_errors(page, "checker") == ["Enter who inspected the delivery."]
    assert field_errors(page, "supplier_id") == ["Choose a supplier."]
    assert "A delivery needs at least one line." in page
    assert counts(db) == before
