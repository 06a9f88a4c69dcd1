"""Issue 10 (signals): `roster.signals.student_enrolment_changed` reaches a subscriber with the
documented payload, after the change is flushed, and a refused or dry-run import sends nothing."""
from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from sqlalchemy import func, select

from roster import services
from roster.models import Student
from roster.signals import REASONS, student_enrolment_changed
from roster.synth import students
from suite.models import Enrolment
from suite.tabular import read_table

TODAY = date(2026, 11, 22)


def _csv(rows) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def _import(db, rows, dry_run=False):
    data = _csv(rows)
    return services.import_students(db, read_table(data, "r.csv"), filename="r.csv", data=data,
                                    today=TODAY, dry_run=dry_run)


@pytest.fixture
def received(db):
    """Every send as (sender, payload, students on the roster then, roster enrolment rows)."""
    calls = []

    def subscriber(sender, **payload):
        calls.append((sender, payload, sender.scalar(select(func.count(Student.id))),
                      sender.scalar(select(func.count(Enrolment.id)).where(
                          Enrolment.source == "roster"))))

    student_enrolment_changed.connect(subscriber)
    yield calls
    student_enrolment_changed.disconnect(subscriber)


@pytest.fixture
def rows(org):
    return students(6, [org.schools[0].code, org.schools[1].code], seed=5)


def test_an_import_sends_its_schools_after_the_flush(db, org, rows, received):
    result = _import(db, rows)
    assert result.ok
    sender, payload, on_roster, figures = received[0]
    assert len(received) == 1 and sender is db
    assert payload == {"school_ids": tuple(sorted({org.schools[0].id, org.schools[1].id})),
                       "day": TODAY, "reason": "import"}
    assert on_roster == 6 and figures > 0  # the students and the host's figures are written


def test_a_transfer_names_both_schools_and_an_unchanged_import_sends_nothing(db, org, rows,
                                                                            received):
    first = [dict(r, 学校代码=org.schools[0].code) for r in rows]
    _import(db, first)
    received.clear()
    assert _import(db, first).ok and received == []  # nothing changed
    moved = [dict(r) for r in first]
    moved[2]["学校代码"] = org.schools[2].code
    assert _import(db, moved).counts["transferred"] == 1
    assert [p for _s, p, _n, _f in received] == [
        {"school_ids": tuple(sorted({org.schools[0].id, org.schools[2].id})), "day": TODAY,
         "reason": "import"}]


def test_a_refused_or_dry_run_import_sends_nothing(db, rows, received):
    bad = [dict(r) for r in rows]
    bad[3]["学校代码"] = "NO-SUCH-SCHOOL"
    assert not _import(db, bad).ok
    assert _import(db, rows, dry_run=True).ok
    assert received == []
    assert db.scalar(select(func.count(Student.id))) == 0


def test_a_status_change_sends_its_reason_and_day(db, org, rows, received):
    _import(db, rows)
    student = db.scalar(select(Student).order_by(Student.id))
    received.clear()
    left_on, back_on = date(2026, 11, 20), date(2026, 11, 21)
    services.set_status(db, student, "left", left_on, today=TODAY)
    services.set_status(db, student, "enrolled", back_on, today=TODAY)
    services.set_status(db, student, "enrolled", TODAY, today=TODAY)
    services.set_status(db, student, "graduated", TODAY, today=TODAY)
    assert [p for _s, p, _n, _f in received] == [
        {"school_ids": (student.school_id,), "day": left_on, "reason": "withdrawal"},
        {"school_ids": (student.school_id,), "day": back_on, "reason": "re-enrolment"},
        {"school_ids": (student.school_id,), "day": TODAY, "reason": "edit"},
        {"school_ids": (student.school_id,), "day": TODAY, "reason": "graduation"}]
    assert {p["reason"] for _s, p, _n, _f in received} <= set(REASONS)


def test_a_refused_status_change_sends_nothing(db, rows, received):
    _import(db, rows)
    student = db.scalar(select(Student).order_by(Student.id))
    received.clear()
    with pytest.raises(services.RosterError):
        services.set_status(db, student, "transferred", TODAY, today=TODAY)
    with pytest.raises(services.RosterError):
        services.set_status(db, student, "left", None, today=TODAY)
    assert received == []
