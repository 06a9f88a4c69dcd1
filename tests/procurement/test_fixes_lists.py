"""County-scale procurement lists (issue 9, item 25): deliveries paged, filtered by school,
supplier, month and status, with totals; the bureau's stock page shows every school's stock
with the county total instead of "choose a school"; stock values round half up (item 5)."""
from __future__ import annotations

import html
import re
from datetime import date

import pytest

from procurement import services

from .helpers import row_of, table_rows


@pytest.fixture
def app_config():
    return {"PAGE_SIZE": 3}  # short pages


def text(response):
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def totals(page):
    block = re.search(r'<p class="totals" id="totals">(.*?)</p>', page, re.S).group(1)
    return [" ".join(re.sub(r"<[^>]+>", " ", s).split())
            for s in re.findall(r"<span[^>]*>(.*?)</span>", block, re.S)]


def invoices(page):
    return [row[3] for row in table_rows(page)[1:] if len(row) == 7]


@pytest.fixture
def county_deliveries(db, org, supplier, deliver):
    other = services.save_supplier(db, {
        "name": "鹏城蔬菜配送有限公司", "credit_code": "91440300708461136T",
        "licence_no": "JY1", "licence_expiry": date(2027, 6, 30), "approved": True})
    db.commit()
    s0, s1 = org.schools[0], org.schools[1]
    made = {}
    for invoice, school, sup, day, price in (
            ("OCT-1", s0, supplier, date(2026, 10, 12), "10"),
            ("NOV-1", s0, supplier, date(2026, 11, 2), "20"),
            ("NOV-2", s0, other, date(2026, 11, 3), "30"),
            ("NOV-3", s0, supplier, date(2026, 11, 4), "40"),
            ("NOV-4", s0, supplier, date(2026, 11, 5), "50"),
            ("NOV-5", s1, supplier, date(2026, 11, 2), "60"),
            ("NOV-6", s1, other, date(2026, 11, 6), "70")):
        made[invoice] = services.create_delivery(
            db, school=school, supplier_id=sup.id, delivery_date=day, invoice_no=invoice,
            checker="王老师", lines=[services.LineIn("大米", "1", "kg", price)],
            today=date(2026, 11, 23))
    services.void_delivery(db, made["NOV-3"], "票据有误")
    db.commit()
    return {"other": other, **made}


def test_deliveries_are_paged_with_totals_of_everything_that_matches(client, login, org,
                                                                     county_deliveries):
    login("bureau")
    page = text(client.get("/procurement/deliveries?month=2026-11"))
    assert totals(page) == ["2026-11-01 至 2026-11-30", "入库单 6 张（其中作废 1 张）",
                            "合计 230.00 元", "验收合格 230.00 元", "金额不含已作废的入库单。"]
    # 20 + 30 + 50 + 60 + 70: the void 40.00 is left out
    assert invoices(page) == ["NOV-6", "NOV-4", "NOV-3"]  # newest first, three a page
    assert "第 1 页，共 2 页" in page
    second = text(client.get("/procurement/deliveries?month=2026-11&page=2"))
    assert invoices(second) == ["NOV-2", "NOV-5", "NOV-1"]
    assert invoices(text(client.get("/procurement/deliveries?month=2026-11&page=99"))) == \
        invoices(second)  # past the end: the last page
    assert 'href="/procurement/deliveries?page=2&amp;month=2026-11"' in \
        client.get("/procurement/deliveries?month=2026-11").get_data(as_text=True)


def test_deliveries_filter_by_school_supplier_month_and_status(client, login, org, supplier,
                                                               county_deliveries):
    login("bureau")
    base = (f"/procurement/deliveries?school={org.schools[0].id}&supplier={supplier.id}"
            "&month=2026-11")
    page = text(client.get(base))
    assert invoices(page) == ["NOV-4", "NOV-3", "NOV-1"]
    assert totals(page)[1:3] == ["入库单 3 张（其中作废 1 张）", "合计 70.00 元"]
    page = text(client.get(base + "&status=valid"))
    assert invoices(page) == ["NOV-4", "NOV-1"]
    assert totals(page)[1:3] == ["入库单 2 张（其中作废 0 张）", "合计 70.00 元"]
    page = text(client.get(base + "&status=void"))
    assert invoices(page) == ["NOV-3"]
    assert totals(page)[1:3] == ["入库单 1 张（其中作废 1 张）", "合计 0.00 元"]
    page = text(client.get(f"/procurement/deliveries?supplier={county_deliveries['other'].id}"
                           "&from=2026-10-01&to=2026-11-30"))
    assert invoices(page) == ["NOV-6", "NOV-2"]
    page = text(client.get(f"/procurement/deliveries?school={org.schools[0].id}&month=2026-10"))
    assert invoices(page) == ["OCT-1"] and totals(page)[2] == "合计 10.00 元"


def test_bureau_sees_every_schools_stock_with_the_county_total(client, login, org,
                                                               county_deliveries):
    login("bureau")
    page = text(client.get("/procurement/stock?date=2026-11-23"))
    assert "请选择学校" not in page
    assert '<option value="">全部学校</option>' in page  # no school is shown as chosen
    s0, s1, s2 = org.schools
    # school 0: rice 10 + 20 + 30 + 50 (40 void) = 110.00; school 1: 60 + 70 = 130.00
    assert row_of(page, s0.code) == [s0.code, s0.name, "1", "110.00"]
    assert row_of(page, s1.code) == [s1.code, s1.name, "1", "130.00"]
    assert row_of(page, s2.code) == [s2.code, s2.name, "0", "0.00"]
    assert row_of(page, "合计") == ["合计", "", "240.00"]
    # on an earlier day only what had arrived by then
    page = text(client.get("/procurement/stock?date=2026-11-02"))
    assert row_of(page, s0.code)[3] == "30.00" and row_of(page, "合计")[2] == "90.00"
    # and one school's foods when one is chosen
    page = text(client.get(f"/procurement/stock?school={s1.id}&date=2026-11-23"))
    assert row_of(page, "012001x")[:5] == ["012001x", "大米", "2.00", "130.00", "65.00"]


def test_average_price_on_the_stock_page_rounds_half_up(client, login, org, deliver):
    deliver([("大米", "1", "kg", "5.00"), ("大米", "1", "kg", "5.01")])
    login("canteen_manager", school=org.schools[0])
    page = text(client.get(f"/procurement/stock?school={org.schools[0].id}&date=2026-11-23"))
    # 10.01 for 2 kg: 5.005 per kg → 5.01 (as a float it printed 5.00)
    assert row_of(page, "012001x")[:5] == ["012001x", "大米", "2.00", "10.01", "5.01"]
