"""The closed-month check of a save is one query, asked once per transaction: an issue asks
for its meal and again for each food's stock. A month submitted in the same transaction is
refused at once (the answer is forgotten when a month's record is written).
Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event

from subsidy import services
from subsidy.closing import meal_refusal, refusal, stock_refusal

from .helpers_closing import CLOSED, NOV, OCT, SUBMITTED, close, install_ledger

SEP = date(2026, 9, 15)
LATER = ("2026-10 is submitted or closed: the stock cannot change on an earlier day, since "
         "that would change the cost of that month's meals. Ask the education bureau to "
         "reopen it first.")


@pytest.fixture
def ledger(monkeypatch):
    return install_ledger(monkeypatch)


@pytest.fixture
def people(factory, org):
    users = factory.user("canteen_manager", school=org.schools[0]), factory.user("bureau")
    factory.session.commit()
    return users


@pytest.fixture
def month_queries(engine):
    seen = []

    def note(_conn, _cursor, statement, *_args):
        if "subsidy_month_close" in statement:
            seen.append(statement)
    event.listen(engine, "before_cursor_execute", note)
    yield seen
    event.remove(engine, "before_cursor_execute", note)


def test_each_answer_names_the_first_month_it_would_change(db, org, en, ledger, people):
    school = org.schools[0].id
    close(db, org.schools[0], *people)
    assert stock_refusal(db, school, SEP) == LATER
    assert stock_refusal(db, school, OCT) == meal_refusal(db, school, OCT) == CLOSED
    assert stock_refusal(db, school, NOV) is None and refusal(db, school, SEP) is None
    assert stock_refusal(db, org.schools[1].id, SEP) is None


def test_asked_again_in_a_transaction_it_reads_nothing(db, org, en, month_queries):
    school = org.schools[0].id
    assert meal_refusal(db, school, OCT) is None
    assert stock_refusal(db, school, OCT) is None
    assert stock_refusal(db, school, date(2026, 10, 2)) is None  # the same month
    assert len(month_queries) == 1
    db.commit()
    assert stock_refusal(db, school, OCT) is None
    assert len(month_queries) == 2  # a new transaction asks again


def test_a_month_submitted_in_the_same_transaction_refuses_at_once(db, org, en, ledger,
                                                                   people):
    school = org.schools[0].id
    assert stock_refusal(db, school, SEP) is None
    services.submit_month(db, school_id=school, year=2026, month=10, user_id=people[0].id,
                          today=date(2026, 11, 23))
    assert stock_refusal(db, school, OCT) == SUBMITTED
    assert stock_refusal(db, school, SEP) == LATER
