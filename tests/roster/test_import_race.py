"""The same roster file imported many times at once (a double-clicked button, an impatient
officer, a script), on a database of its own: every import finishes without a server error,
one of them creates the pupils and the others find them unchanged. PostgreSQL races twenty;
SQLite eight (its writers queue behind a 5 s busy wait)."""
from __future__ import annotations

import threading
from datetime import date

import pytest

from roster import services
from roster.models import ImportRun, Student
from roster.synth import students
from suite.audit import acting_as
from suite.tabular import read_table

from ..live import is_postgres, race_app
from .helpers import students_csv

TODAY = date(2026, 11, 22)


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    yield from race_app(tmp_path_factory, "import_race", TODAY, lambda f, org: {"codes": [s.code for s in org.schools[:2]]})


def test_the_same_file_imported_many_times_at_once(live):
    data = students_csv(students(30, live["codes"], seed=5))
    factory = live["app"].extensions["suite_db"].factory
    racers = 20 if is_postgres() else 8
    start, outcome = threading.Barrier(racers), []

    def one():
        with live["app"].app_context(), acting_as(None, "test"):
            session = factory()
            try:
                start.wait(timeout=30)
                result = services.import_students(session, read_table(data, "r.csv"),
                                                  filename="r.csv", data=data, today=TODAY)
                session.commit()
                outcome.append((result.ok, result.counts["new"], result.counts["unchanged"]))
            except Exception as exc:  # noqa: BLE001 - the test reports what went wrong
                session.rollback()
                outcome.append(repr(exc))
            finally:
                session.close()

    threads = [threading.Thread(target=one) for _ in range(racers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert sorted(outcome, key=str, reverse=True) == [(True, 30, 0)] + [(True, 0, 30)] * (racers - 1)
    with live["app"].app_context():
        session = factory()
        assert session.query(Student).count() == 30
        assert session.query(ImportRun).count() == racers
        session.close()
