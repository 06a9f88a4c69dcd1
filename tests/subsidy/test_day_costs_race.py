"""The ledger's day figures under concurrent writes on a real threaded server with committed
data: twenty canteen issues of twenty different foods for the same school, day and meal
(nothing but the day's figures row is shared between them), with a back-dated delivery that
values them all again racing them. Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL."""
from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import func, select

from nutrition.models import FoodRow
from procurement.models import StockMove
from subsidy.day_costs import stale
from subsidy.models import DayCost
from tests.procurement.helpers_live import count_meal
from tests.procurement.helpers_live import deliver as _deliver
from tests.procurement.helpers_live import live_server
from tests.procurement.helpers_live import post as _post
from tests.procurement.helpers_live import session_of as _session

DAY = date(2026, 11, 5)


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    with live_server(tmp_path_factory) as server:
        yield server


@pytest.fixture(scope="module")
def foods(live):
    """Twenty foods, 10 kg of each delivered at 2.00 a kg on 2026-11-02."""
    session = _session(live)
    codes = session.scalars(select(FoodRow.code).order_by(FoodRow.code).limit(20)).all()
    session.close()
    for code in codes:
        _deliver(live, code, "10", "2.00", date(2026, 11, 2))
    count_meal(live, DAY)  # food is issued only to a counted meal
    return codes


def test_twenty_issues_and_a_back_dated_delivery_at_once_leave_the_day_right(live, foods):
    # the token's use is noted once (a write of its own) before the race
    assert _post(live, "/issues", {"school": live["school"]})[0] == 400
    # SQLite runs every write after the other (a busy wait of 5 s): on a loaded 2-core
    # machine twenty saves may outlast it, so SQLite races eight of them
    sqlite = live["app"].config["DATABASE_URL"].startswith("sqlite")
    racing = foods[:8] if sqlite else foods
    answers, gate = [], threading.Barrier(len(racing) + 1)

    def issue(code):
        gate.wait(timeout=30)
        answers.append(_post(live, "/issues", {"school": live["school"], "date": DAY.isoformat(),
                                               "meal": "lunch", "food": code,
                                               "grams": "5000"}))

    def deliver():  # 10 kg more of the first food at 4.00, dated before the issues
        gate.wait(timeout=30)
        try:
            _deliver(live, foods[0], "10", "4.00", date(2026, 11, 3))
        except Exception as exc:  # noqa: BLE001 shown by the assertion below
            answers.append((repr(exc), None))

    threads = [threading.Thread(target=issue, args=(c,)) for c in racing]
    threads.append(threading.Thread(target=deliver))
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads)
    assert [s for s, _b in answers] == [201] * len(racing)
    session = _session(live)
    try:
        issued = session.scalar(select(-func.sum(StockMove.value)).where(
            StockMove.school_id == live["school"], StockMove.move_date == DAY))
        # the other foods × 5 kg × 2.00, and the first food at the average of 10 kg at 2.00
        # and 10 kg at 4.00 (whether its issue was valued before the delivery and again
        # after it, or after it): 15.00
        expected = (len(racing) - 1) * 1000 + 1500
        assert len(foods) == 20 and issued * 100 == expected
        row = session.get(DayCost, (live["school"], DAY))
        assert row.issued_fen == expected
        assert stale(session) == []
    finally:
        session.close()


def test_the_migration_fills_the_table_of_a_database_in_use(live, foods):
    """Migrations 0013 and 0023 on a database with records: every day worked out from
    them once the table has all its columns."""
    from alembic import command

    from suite import migrate

    def stored():
        session = _session(live)
        try:
            return {(r.school_id, r.day, r.issued_fen, r.net_fen)
                    for r in session.scalars(select(DayCost))}
        finally:
            session.close()

    before = stored()
    assert (live["school"], date(2026, 11, 2), 0, 20 * 2000) in before
    url = live["app"].config["DATABASE_URL"]
    command.downgrade(migrate.alembic_config(url), "0012")
    migrate.upgrade(url)
    assert stored() == before

