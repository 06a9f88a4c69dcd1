"""Delivery and stock pages as a second review found them: a void the page knows will be
refused, the form library's own message in Chinese, kilograms written exactly to Excel."""
from __future__ import annotations

from datetime import date

from procurement import services

from ..factories import food_id
from .helpers import delivery_form, field_errors, line, text, xlsx_rows

RICE = "012001x"


def test_a_delivery_whose_goods_were_issued_says_it_cannot_be_voided(en, login, org, deliver,
                                                                     db):
    """20 kg delivered, 15 kg issued: a void would be refused, so the page says why first and
    offers no void; the refusal is the void's own."""
    school, rice = org.schools[0], food_id(db, RICE)
    only = deliver([("大米", "20", "kg", "5.00")], day=date(2026, 11, 2))
    services.issue_stock(db, school_id=school.id, day=date(2026, 11, 4), meal="lunch",
                         food_id=rice, grams=15000)
    db.commit()
    login("canteen_manager", school=school)
    url = f"/procurement/deliveries/{only.id}"
    page = text(en.get(url))
    assert "It cannot be voided now: Only 5000.0 g of line 1 (大米) is still in stock: the rest " \
           "was issued. Record a stocktake instead." in page
    assert f'action="{url}/void"' not in en.get(url).get_data(as_text=True)
    refused = en.post(f"{url}/void", data={"reason": "单价录错"})
    assert "Only 5000.0 g of line 1 (大米)" in text(en.get(refused.headers["Location"]))
    db.expire_all()
    assert db.get(type(only), only.id).voided_at is None


def test_the_form_s_own_refusal_of_a_line_speaks_chinese(client, login, org, supplier, db):
    """A line's unit the list does not offer (a script, an old page) is refused by the form
    library, in the page's language like every other message."""
    login("canteen_manager", school=org.schools[0])
    data = {**delivery_form(supplier.id, [line("大米", "10", "kg", "5")]), "lines-0-unit": "ton"}
    response = client.post(f"/procurement/deliveries/new?school={org.schools[0].id}", data=data)
    assert response.status_code == 400
    assert field_errors(text(response), "lines-0-unit") == ["不是有效的选择。"]


def test_the_excel_ledger_writes_kilograms_exactly(en, login, org, deliver, db):
    """10 kg less 1586.8 g leaves 8413.2 g: 8.4132 kg in the sheet, not the float
    8.413200000000002 that a division in binary gives."""
    deliver([("大米", "10", "kg", "5")], day=date(2026, 11, 2))
    services.issue_stock(db, school_id=org.schools[0].id, day=date(2026, 11, 3), meal="lunch",
                         food_id=food_id(db, RICE), grams="1586.8")
    db.commit()
    login("canteen_manager", school=org.schools[0])
    rows = xlsx_rows(en.get(f"/procurement/ledger.xlsx?school={org.schools[0].id}"
                            "&month=2026-11"))
    issue = next(r for r in rows if r[2] == "Issue")
    assert (issue[5], issue[7]) == (1.5868, 8.4132)
