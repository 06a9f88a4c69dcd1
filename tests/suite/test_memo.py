"""Reads answered once per transaction (`suite.memo`): asked again, no query; a write of the
watched model, a savepoint's end or the transaction's end forgets the answer, so a memo never
says what a query would not."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text, update

from suite import services as org_services
from suite.models import Term

DAY = date(2027, 3, 10)


@pytest.fixture
def term_reads(sql_seen):
    return lambda: [s for s in sql_seen if "suite_term" in s]


def test_the_term_of_a_day_is_read_once_per_transaction(db, org, term_reads):
    county = org.county.id
    assert org_services.term_on(db, county, date(2026, 10, 9)).id == org.term.id
    assert org_services.term_on(db, county, date(2026, 10, 9)).id == org.term.id
    assert org_services.term_on(db, county, DAY) is None
    assert org_services.term_on(db, county, DAY) is None
    assert len(term_reads()) == 2  # one per day asked


def test_a_term_added_in_the_same_transaction_is_seen(db, org, factory):
    assert org_services.term_on(db, org.county.id, DAY) is None
    spring = factory.term(org.county, date(2027, 2, 20), date(2027, 7, 10), "2027春")
    assert org_services.term_on(db, org.county.id, DAY) is spring
    db.add(Term(county_id=org.county.id, name="2027暑", start_date=date(2027, 7, 11),
                end_date=date(2027, 8, 30)))  # pending, not flushed: asking flushes it first
    assert org_services.term_on(db, org.county.id, date(2027, 7, 20)).name == "2027暑"


def test_a_term_moved_by_a_bulk_update_is_seen(db, org):
    assert org_services.term_on(db, org.county.id, DAY) is None
    db.execute(update(Term).where(Term.id == org.term.id).values(end_date=date(2027, 6, 30)))
    db.expire_all()
    assert org_services.term_on(db, org.county.id, DAY).id == org.term.id


def test_a_term_of_a_rolled_back_savepoint_is_forgotten(db, org, factory):
    savepoint = db.begin_nested()
    factory.term(org.county, date(2027, 2, 20), date(2027, 7, 10), "2027春")
    assert org_services.term_on(db, org.county.id, DAY) is not None
    savepoint.rollback()
    assert org_services.term_on(db, org.county.id, DAY) is None


def test_nothing_is_remembered_across_transactions(db, org, term_reads):
    org_services.term_on(db, org.county.id, DAY)
    db.commit()  # the test's outer transaction keeps the data; the session's ends here
    org_services.term_on(db, org.county.id, DAY)
    assert len(term_reads()) == 2


def test_a_term_moved_by_sql_text_is_seen(db, org):
    assert org_services.term_on(db, org.county.id, DAY) is None
    db.execute(text("UPDATE suite_term SET end_date = :end WHERE id = :id"),
               {"end": date(2027, 6, 30), "id": org.term.id})
    db.expire_all()
    assert org_services.term_on(db, org.county.id, DAY).id == org.term.id
