"""Two people recording the same meal's accompanying-meal log at the same moment, on a
database of its own: on PostgreSQL the second insert meets the first's row in the unique index
and is refused with a message (no server error); SQLite runs the two one after the other and
the second edits the first's record. Either way the database holds one record."""
from __future__ import annotations

import threading
import time
from datetime import date

import pytest

from canteen import services
from canteen.models import AccompaniedMeal

from ..live import is_postgres, race_app

TODAY = date(2026, 11, 23)
DAY = date(2026, 11, 20)


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    yield from race_app(tmp_path_factory, "logs_race", TODAY, lambda f, org: {"school": org.schools[0].id})


def _save(live, session, leader):
    return services.save_accompanied_meal(
        session, school_id=live["school"], day=DAY, meal="lunch", leader=leader,
        quality="good", hygiene="good", dining_order="good", service="good", today=TODAY)


def test_two_first_records_of_a_meal_at_once(live):
    flushed, go, outcome = threading.Event(), threading.Event(), {}
    factory = live["app"].extensions["suite_db"].factory

    def first():
        with live["app"].app_context():
            session = factory()
            try:
                _save(live, session, "张校长")
                flushed.set()
                go.wait(timeout=30)
                session.commit()
                outcome["first"] = "saved"
            finally:
                flushed.set()
                session.close()

    def second():
        with live["app"].app_context():
            session = factory()
            try:
                _save(live, session, "李副校长")
                session.commit()
                outcome["second"] = "saved"
            except services.CanteenError as exc:
                session.rollback()
                outcome["second"] = exc.message()
            finally:
                session.close()

    a = threading.Thread(target=first)
    a.start()
    assert flushed.wait(timeout=30)
    b = threading.Thread(target=second)
    b.start()
    time.sleep(0.5)  # B waits on A's row in the index (PostgreSQL) or on the write lock
    go.set()
    a.join(timeout=30)
    b.join(timeout=30)
    with live["app"].app_context():
        session = factory()
        leaders = [r.leader for r in session.query(AccompaniedMeal).all()]
        session.close()
    assert outcome["first"] == "saved"
    if is_postgres():
        assert outcome["second"] == ("Someone saved this record at the same moment: reload "
                                     "the page and check it.")
        assert leaders == ["张校长"]
    else:
        assert outcome["second"] == "saved"
        assert leaders == ["李副校长"]
