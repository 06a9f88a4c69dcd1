"""Races on a real threaded server with committed data (issue 9, items 13 and 14): twenty
concurrent issues of a quarter of the stock each, and twenty concurrent voids of one delivery.
Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL."""
from __future__ import annotations

import json
import threading
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from procurement.models import Delivery, StockBalance, StockMove

from .helpers_live import count_meal, deliver, live_server, post, session_of

THREADS = 20


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """A server on its own database: a county, a supplier, a canteen manager's token."""
    with live_server(tmp_path_factory) as server:
        yield server


_session, _post, _deliver = session_of, post, deliver


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
    count_meal(live, date(2026, 11, 3))
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


def test_twenty_concurrent_saves_of_one_invoice_enter_it_once(live):
    answers = _all_at_once(live, "/deliveries", {
        "school": live["school"], "date": "2026-11-05", "supplier": live["supplier"],
        "invoice_no": "RACE-001", "checker": "王老师",
        "lines": [{"item": "大米", "quantity": "10", "unit": "kg", "unit_price": "5.00"}]})
    assert sorted(s for s, _b in answers) == [201] + [400] * 19
    assert {b["errors"]["invoice_no"] for s, b in answers if s == 400} == {
        "县粮油公司 的票据号 RACE-001 已登记在 2026-11-05 的入库单上。同一张票据只能入库一次；"
        "如需更正那张入库单，请先作废它，再重新录入。"}
    session = _session(live)
    assert session.scalar(select(func.count()).select_from(Delivery).where(
        Delivery.invoice_no == "RACE-001")) == 1
    session.close()
