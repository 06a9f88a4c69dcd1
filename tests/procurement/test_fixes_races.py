"""Races on a real threaded server with committed data (issue 9, items 13 and 14): twenty
concurrent issues of a quarter of the stock each, and twenty concurrent voids of one delivery.
Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL."""
from __future__ import annotations

import json
import os
import threading
import urllib.error
import urllib.request
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from nutrition.services import get_food, sync_builtin_foods
from procurement import services
from procurement.models import Delivery, StockBalance, StockMove
from suite import accounts, create_app
from suite.audit import acting_as

from ..factories import Factory
from ..live import new_database, serve

THREADS = 20
TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """A server on its own database: a county, a supplier, a canteen manager's token."""
    url = new_database(tmp_path_factory.mktemp("races"))
    os.environ["SUITE_INSTANCE_PATH"] = str(tmp_path_factory.mktemp("instance"))
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "race-secret"})
    with app.app_context(), acting_as(None, "test"):
        session = app.extensions["suite_db"].session()
        sync_builtin_foods(session)
        factory = Factory(session, app)
        org = factory.org(today=TODAY)
        supplier = services.save_supplier(session, {
            "name": "县粮油公司", "credit_code": "91350100M000100Y43",
            "licence_no": "JY13501000001", "licence_expiry": date(2027, 6, 30),
            "approved": True})
        manager = factory.user("canteen_manager", school=org.schools[0])
        token = accounts.create_token(session, manager)
        session.commit()
        ids = {"school": org.schools[0].id, "supplier": supplier.id}
        app.extensions["suite_db"].session.remove()
    with serve(app) as base:
        yield {"app": app, "base": base, "token": token, **ids}


def _session(live):
    return live["app"].extensions["suite_db"].factory()


def _post(live, path, body):
    request = urllib.request.Request(
        live["base"] + "/api/v1/procurement" + path, data=json.dumps(body).encode(),
        method="POST", headers={"Authorization": f"Bearer {live['token']}",
                                "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"null")


def _all_at_once(live, path, body) -> list[tuple[int, dict]]:
    """THREADS identical requests released together; each thread bounded in time."""
    gate, answers = threading.Barrier(THREADS), []

    def one():
        gate.wait(timeout=30)
        answers.append(_post(live, path, body))

    threads = [threading.Thread(target=one) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "requests still running after 2 minutes"
    return answers


def _deliver(live, code, kg, price, day):
    with live["app"].app_context(), acting_as(None, "test"):
        session = _session(live)
        from suite.models import School
        delivery = services.create_delivery(
            session, school=session.get(School, live["school"]), supplier_id=live["supplier"],
            delivery_date=day, invoice_no=f"R-{code}", checker="王老师",
            lines=[services.LineIn(code, kg, "kg", price)], today=TODAY)
        session.commit()
        food = get_food(session, code)
        session.close()
        return delivery.id, food.id


def _stock(live, food_id):
    session = _session(live)
    try:
        moves = session.execute(select(StockMove.kind, func.count(), func.sum(StockMove.grams),
                                       func.sum(StockMove.value)).where(
            StockMove.school_id == live["school"], StockMove.food_id == food_id)
            .group_by(StockMove.kind)).all()
        row = session.get(StockBalance, (live["school"], food_id))
        return ({k: (n, Decimal(g).quantize(Decimal("0.1")), Decimal(v).quantize(Decimal("0.01")))
                 for k, n, g, v in moves}, (row.grams, row.value))
    finally:
        session.close()


def test_twenty_concurrent_issues_of_a_quarter_never_take_stock_below_zero(live):
    _deliver(live, "012001x", "100", "6.25", date(2026, 11, 2))   # 100 kg, 625.00
    # the token's use is noted once (a write of its own) before the race
    assert _post(live, "/issues", {"school": live["school"]})[0] == 400
    answers = _all_at_once(live, "/issues", {
        "school": live["school"], "date": "2026-11-03", "meal": "lunch", "food": "012001x",
        "grams": "25000"})
    statuses = sorted(status for status, _body in answers)
    assert statuses == [201] * 4 + [400] * 16
    assert {json.dumps(b["errors"], ensure_ascii=False) for s, b in answers if s == 400} == {
        '{"grams": "2026-11-03 大米 库存只有 0.0 克，无法出库 25000.0 克。"}'}
    # each accepted quarter costs 625.00 / 4 = 156.25; the last takes exactly what is left
    assert sorted(b["value"] for s, b in answers if s == 201) == ["156.25"] * 4
    rice = _deliver(live, "012001x", "1", "1", date(2026, 11, 4))[1]  # 1 kg, 1.00 after
    moves, row = _stock(live, rice)
    assert moves == {"receipt": (2, Decimal("101000.0"), Decimal("626.00")),
                     "issue": (4, Decimal("-100000.0"), Decimal("-625.00"))}
    assert row == (Decimal("1000.0"), Decimal("1.00"))


def test_twenty_concurrent_voids_reverse_a_delivery_exactly_once(live):
    delivery_id, flour = _deliver(live, "011201x", "10", "5.00", date(2026, 11, 2))
    answers = _all_at_once(live, f"/deliveries/{delivery_id}/void", {"reason": "票据有误"})
    assert sorted(s for s, _b in answers) == [200] + [409] * 19
    assert {b["errors"]["reason"] for s, b in answers if s == 409} == {"该入库单已作废。"}
    moves, row = _stock(live, flour)
    assert moves == {"receipt": (1, Decimal("10000.0"), Decimal("50.00")),
                     "void": (1, Decimal("-10000.0"), Decimal("-50.00"))}
    assert row == (Decimal("0.0"), Decimal("0.00"))
    session = _session(live)
    delivery = session.get(Delivery, delivery_id)
    assert delivery.voided_at is not None and delivery.void_reason == "票据有误"
    session.close()
