"""Two officers saving a column choice for the same new file shape at the same moment, on a
database of its own: the second does not fail on the unique (county, shape) index; it updates
the first's row (PostgreSQL: it meets the row in the index and retries as an update; SQLite:
it waits for the write lock, then finds the row). One saved choice remains, the later one."""
from __future__ import annotations

import threading
import time
from datetime import date

import pytest

from roster import services
from roster.models_mapping import ColumnMapping
from suite.audit import acting_as

from ..live import race_app

COLUMNS = ["编号", "学生名字", "性别", "学校", "年级", "备用列"]
FIRST = {"编号": "student_no", "学生名字": "name", "性别": "sex", "学校": "school_code",
         "年级": "grade", "备用列": ""}
SECOND = dict(FIRST, 备用列="class_name")


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    yield from race_app(tmp_path_factory, "mapping_race", date(2026, 11, 23), lambda f, org: {"county": org.county.id})


def test_two_first_saves_of_one_shape_at_once(live):
    flushed, go, outcome = threading.Event(), threading.Event(), {}
    factory = live["app"].extensions["suite_db"].factory

    def save(name, mapping, hold):
        with live["app"].app_context(), acting_as(None, "test"):
            session = factory()
            try:
                services.save_mapping(session, live["county"], COLUMNS, mapping)
                if hold:
                    flushed.set()
                    go.wait(timeout=30)
                session.commit()
                outcome[name] = "saved"
            except Exception as exc:  # noqa: BLE001 - the test reports what went wrong
                session.rollback()
                outcome[name] = repr(exc)
            finally:
                flushed.set()
                session.close()

    a = threading.Thread(target=save, args=("first", FIRST, True))
    a.start()
    assert flushed.wait(timeout=30)
    b = threading.Thread(target=save, args=("second", SECOND, False))
    b.start()
    time.sleep(0.5)  # B waits on A's row in the index (PostgreSQL) or on the write lock
    go.set()
    a.join(timeout=30)
    b.join(timeout=30)
    assert outcome == {"first": "saved", "second": "saved"}
    with live["app"].app_context():
        session = factory()
        rows = [(r.county_id, r.mapping) for r in session.query(ColumnMapping).all()]
        session.close()
    assert rows == [(live["county"], SECOND)]
