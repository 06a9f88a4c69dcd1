"""The procurement JSON API with bearer tokens: deliveries, stock, suppliers and prices."""
from __future__ import annotations

import os
from datetime import date

import pytest

from .helpers import URL, counts

ON_POSTGRESQL = os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql")


pytestmark = pytest.mark.usefixtures("en")  # English pages and messages


def body(school, supplier, lines, day="2026-11-02", invoice="API-001"):
    return {"school": school.id, "date": day, "supplier": supplier.id, "invoice_no": invoice,
            "checker": "王老师", "lines": lines}


LINES = [
    {"item": "大米", "quantity": "25", "unit": "kg", "unit_price": "5.98"},         # 149.50
    {"food": "021101", "quantity": 37.5, "unit": "jin", "unit_price": 1.33},       # 49.88
    {"item": "豆油", "quantity": 2, "unit": "box", "unit_price": "68.9",             # 137.80
     "unit_weight_g": 4500.5},
    {"item": "猪肉（瘦）", "quantity": "10", "unit": "kg", "unit_price": "26.50",       # 265.00
     "temperature_c": "3.5"},
    {"item": "鸡蛋", "quantity": "5", "unit": "kg", "unit_price": "9.60", "accepted": False,
     "reject_reason": "破损"},                                                       # 48.00
]


def test_post_delivery_returns_exact_amounts(api, org, supplier, db):
    call = api("canteen_manager")
    response = call("POST", f"{URL}/deliveries", json=body(org.schools[0], supplier, LINES))
    assert response.status_code == 201
    d = response.get_json()
    assert (d["school_id"], d["supplier_id"], d["date"], d["invoice_no"], d["void"]) == (
        org.schools[0].id, supplier.id, "2026-11-02", "API-001", False)
    # 149.50 + 49.88 + 137.80 + 265.00 + 48.00 = 650.18; the egg line was rejected
    assert (d["total"], d["accepted_total"]) == ("650.18", "602.18")
    assert [(ln["line_no"], ln["food"], ln["amount"], ln["grams"], ln["accepted"])
            for ln in d["lines"]] == [
        (1, "012001x", "149.50", "25000.0", True), (2, "021101", "49.88", "18750.0", True),
        (3, "192004", "137.80", "9001.0", True), (4, "081110", "265.00", "10000.0", True),
        (5, "111101x", "48.00", "5000.0", False)]
    assert d["lines"][4]["reject_reason"] == "破损"
    assert d["lines"][3]["temperature_c"] == "3.5"
    assert counts(db) == (1, 5, 4)


def test_bad_body_reports_every_field_and_saves_nothing(api, org, supplier, db):
    call = api("canteen_manager")
    before = counts(db)
    response = call("POST", f"{URL}/deliveries", json={
        "school": org.schools[0].id, "date": "2026-11-31", "supplier": 999999, "invoice_no": "",
        "checker": "王老师", "lines": [
            {"item": "大米", "quantity": "-1", "unit": "ton", "unit_price": "5"},
            {"item": "外星菜", "quantity": "1", "unit": "kg", "unit_price": "abc"},
            {"item": "鸡蛋", "quantity": "1", "unit": "piece", "unit_price": "1",
             "accepted": False}]})
    assert response.status_code == 400
    assert response.get_json()["errors"] == {
        "supplier_id": "Choose a supplier.",
        "delivery_date": "Enter the delivery date.",
        "invoice_no": "Enter the invoice or ticket number.",
        "lines[0].quantity": "The quantity must be a number above 0 (at most 3 decimals).",
        "lines[0].unit": "Unknown unit: ton.",
        "lines[1].item": '"外星菜" is not in the food table: map it to a food first.',
        "lines[1].unit_price": "The unit price must be an amount above 0 in yuan (at most 2 "
                               "decimals).",
        "lines[2].unit_weight_g": "Give the weight of one piece or box in grams.",
        "lines[2].reject_reason": "Give the reason the line was rejected.",
    }
    assert call("POST", f"{URL}/deliveries", data="not json",
                content_type="application/json").status_code == 400
    response = call("POST", f"{URL}/deliveries", json={**body(org.schools[0], supplier, []),
                                                       "date": "2026-11-02"})
    assert response.get_json()["errors"] == {"lines": "A delivery needs at least one line."}
    assert counts(db) == before


def test_post_for_another_school_or_by_the_bureau_is_refused(api, client, org, supplier, db):
    before = counts(db)
    call = api("canteen_manager")
    response = call("POST", f"{URL}/deliveries", json=body(org.schools[1], supplier, LINES))
    assert response.status_code == 404
    response = api("bureau")("POST", f"{URL}/deliveries",
                             json=body(org.schools[0], supplier, LINES))
    assert response.status_code == 403
    response = client.post(f"{URL}/deliveries", json=body(org.schools[0], supplier, LINES))
    assert response.status_code == 401
    assert counts(db) == before


def test_delivery_list_is_scoped_and_filtered(api, org, deliver):
    own1 = deliver([("大米", "10", "kg", "5")], day=date(2026, 11, 2), invoice_no="A1")
    own2 = deliver([("土豆", "10", "kg", "2")], day=date(2026, 11, 9), invoice_no="A2")
    other = deliver([("大米", "10", "kg", "5.2")], day=date(2026, 11, 5), invoice_no="B1",
                    school=org.schools[1])
    manager = api("canteen_manager")

    def ids(call, query=""):
        response = call("GET", f"{URL}/deliveries{query}")
        assert response.status_code == 200
        return [d["id"] for d in response.get_json()["deliveries"]]

    assert ids(manager) == [own1.id, own2.id]
    assert manager("GET", f"{URL}/deliveries?school={org.schools[1].id}").status_code == 404
    for school in ("abc", "2147483648", "1e3"):  # not an id: not "every school", as it was
        assert api("bureau")("GET", f"{URL}/deliveries?school={school}").status_code == 404
    assert ids(manager, "?from=2026-11-03&to=2026-11-30") == [own2.id]
    bureau = api("bureau")
    assert ids(bureau) == [own1.id, other.id, own2.id]
    assert ids(bureau, f"?school={org.schools[1].id}") == [other.id]
    assert ids(bureau, "?from=2026-11-03&to=2026-11-08") == [other.id]
    assert ids(bureau, "?to=2026-11-02") == [own1.id]
    assert ids(bureau, "?from=%202026-11-03&to=2026-11-08%0A") == [other.id]  # spaces around
    # a filter that is not a day is refused, not left out (which would answer every delivery)
    for query, errors in (("?from=2026-11-31", {"from": "Enter the date as 2026-11-02."}),
                          ("?from=2026-11-03&to=9999-12-31",
                           {"to": "Enter a date between 1900 and 2099."})):
        refused = bureau("GET", f"{URL}/deliveries{query}")
        assert (refused.status_code, refused.get_json()["errors"]) == (400, errors)
    detail = manager("GET", f"{URL}/deliveries").get_json()["deliveries"][0]
    assert (detail["invoice_no"], detail["total"], detail["lines"][0]["food"],
            detail["lines"][0]["amount"]) == ("A1", "50.00", "012001x", "50.00")


def test_stock_with_exact_grams_and_value(api, org, deliver, db):
    deliver([("大米", "25", "kg", "5.98"), ("土豆", "37.5", "jin", "1.33")],
            day=date(2026, 11, 2))
    deliver([("大米", "10", "kg", "6.10")], day=date(2026, 11, 9))
    deliver([("豆油", "5", "kg", "12")], day=date(2026, 11, 9), school=org.schools[1])
    manager = api("canteen_manager")
    stock = manager("GET", f"{URL}/stock?date=2026-11-05").get_json()
    assert stock == {"school_id": org.schools[0].id, "date": "2026-11-05", "total_value": "199.38",
                     "stock": [{"food": "012001x", "name": "大米", "grams": "25000.0",
                                "value": "149.50"},
                               {"food": "021101", "name": "马铃薯", "grams": "18750.0",
                                "value": "49.88"}]}
    stock = manager("GET", f"{URL}/stock?school={org.schools[0].id}&date=2026-11-20").get_json()
    assert stock["stock"][0] == {"food": "012001x", "name": "大米", "grams": "35000.0",
                                 "value": "210.50"}
    assert stock["total_value"] == "260.38"
    assert manager("GET", f"{URL}/stock?school={org.schools[1].id}").status_code == 404
    assert api("bureau")("GET", f"{URL}/stock").status_code == 400  # which school?
    other = api("bureau")("GET", f"{URL}/stock?school={org.schools[1].id}&date=2026-11-20")
    assert other.get_json()["stock"] == [{"food": "192004", "name": "大豆油",
                                          "grams": "5000.0", "value": "60.00"}]


def test_suppliers(api, supplier):
    response = api("canteen_manager")("GET", f"{URL}/suppliers")
    assert response.get_json() == {"suppliers": [{
        "id": supplier.id, "name": "县粮油公司", "credit_code": "91350100M000100Y43",
        "licence_no": "JY13501000001", "licence_expiry": "2027-06-30", "approved": True,
        "active": True, "food_groups": ["cereals_tubers", "vegetable_oil"]}]}


def test_prices_are_scoped_to_the_own_school(api, org, deliver):
    deliver([("大米", "10", "kg", "5.00")], day=date(2026, 11, 2))
    deliver([("大米", "4", "jin", "2.90")], day=date(2026, 11, 6))       # 5.80 a kg
    deliver([("大米", "10", "kg", "5.20")], day=date(2026, 11, 4), school=org.schools[1])
    own, other = org.schools[0], org.schools[1]
    response = api("canteen_manager")("GET", f"{URL}/prices?food=012001x")
    assert response.get_json() == {"food": "012001x", "prices": [
        {"school_id": own.id, "school": own.name, "date": "2026-11-02", "per_kg": "5.00"},
        {"school_id": own.id, "school": own.name, "date": "2026-11-06", "per_kg": "5.80"}]}
    response = api("bureau")("GET", f"{URL}/prices?food=012001x")
    assert [(p["school_id"], p["date"], p["per_kg"]) for p in response.get_json()["prices"]] == [
        (own.id, "2026-11-02", "5.00"), (other.id, "2026-11-04", "5.20"),
        (own.id, "2026-11-06", "5.80")]
    assert api("bureau")("GET", f"{URL}/prices?food=NOPE").status_code == 404


def test_a_price_per_kg_is_the_tickets_not_the_rounded_amounts(api, org, deliver):
    """0.5 kg at 7.35 is an amount of 3.68 (3.675 half up), but 7.35 a kg, not 7.36; 3 jin
    at 2.35 is 7.05 for 1.5 kg: 4.70 a kg."""
    deliver([("小白菜", "0.5", "kg", "7.35"), ("大米", "3", "jin", "2.35")],
            day=date(2026, 11, 2))
    call = api("canteen_manager")
    for code, per_kg in (("045120", "7.35"), ("012001x", "4.70")):
        response = call("GET", f"{URL}/prices?food={code}")
        assert [p["per_kg"] for p in response.get_json()["prices"]] == [per_kg]


def test_created_delivery_reads_back_as_posted(api, org, supplier):
    call = api("canteen_manager")
    created = call("POST", f"{URL}/deliveries",
                   json=body(org.schools[0], supplier, LINES)).get_json()
    (listed,) = call("GET", f"{URL}/deliveries").get_json()["deliveries"]
    assert listed == created
    assert [(ln["quantity"], ln["unit_price"], ln["unit_weight_g"]) for ln in listed["lines"]] == [
        ("25.000", "5.98", None), ("37.500", "1.33", None), ("2.000", "68.90", "4500.5"),
        ("10.000", "26.50", None), ("5.000", "9.60", None)]


def test_school_id_as_text_is_refused_not_replaced_by_the_own_school(api, org, supplier, db):
    before = counts(db)
    for school in (str(org.schools[1].id), str(org.schools[0].id), True):
        response = api("canteen_manager")("POST", f"{URL}/deliveries", json={
            **body(org.schools[0], supplier, LINES), "school": school})
        assert response.status_code == 400
        assert response.get_json()["errors"] == {"school": "must be a school id (a number)"}
    assert counts(db) == before


BIG = [{"item": "大米", "quantity": "100000", "unit": "kg", "unit_price": "100000"}]


@pytest.mark.parametrize("change, status", ids=[
    "lines-not-a-list", "long-invoice-no", "amount-too-large", "supplier-not-a-number",
    "school-id-too-large"], argvalues=[
    pytest.param({"lines": 5}, 400),
    pytest.param({"invoice_no": "x" * 61}, 400),
    pytest.param({"lines": BIG}, 400),
    pytest.param({"supplier": "abc"}, 400),
    pytest.param({"school": 10 ** 12}, 404),
])
def test_malformed_body_is_refused_and_saves_nothing(api, org, supplier, db, change, status):
    before = counts(db)
    response = api("canteen_manager")("POST", f"{URL}/deliveries", json={
        **body(org.schools[0], supplier, LINES), **change})
    assert response.status_code == status
    assert counts(db) == before
