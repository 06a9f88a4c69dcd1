"""A county's file in a database that holds other counties too (a province's): its pupils are
looked up in the roster by their own keys (student number, ID number, document) when the
roster is much larger than the file, with the answers of reading the roster whole (updates,
transfers, unchanged family members, an ID number that belongs to another pupil refused); and
the enrolment it catches up is its own counties' only."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event, func, select

from roster import import_write, services
from roster.headers import score
from roster.idcard import mask_student_no
from roster.models import Guardian, SchoolHistory, Student
from roster.synth import students
from roster.synth_registration import registration_rows
from suite.models import Enrolment
from suite.tabular import read_table

from .helpers import students_csv
from .helpers_registration import as_xlsx

TODAY = date(2026, 11, 22)

pytestmark = pytest.mark.usefixtures("en")


@pytest.fixture(params=["looked up", "read whole"])
def lookup(request, monkeypatch, db):
    """Both ways of reading the roster; "looked up" in chunks of 7 keys, and it counts the
    lookups it made (statements with an IN list on the pupils' keys)."""
    statements = []
    if request.param == "looked up":
        monkeypatch.setattr(import_write, "WHOLE_ROSTER_FACTOR", 0)
        monkeypatch.setattr(import_write, "CHUNK", 7)

    def seen(_conn, _cursor, statement, *_args):
        if any(f"roster_student.{key} IN (" in statement
               for key in ("student_no", "id_number", "document_number")):
            statements.append(statement)
    engine = db.get_bind()
    event.listen(engine, "before_cursor_execute", seen)
    yield request.param, statements
    event.remove(engine, "before_cursor_execute", seen)


def run(db, data, name="roster.csv"):
    table = read_table(data, name, header_finder=score)
    result = services.import_students(db, table, filename=name, data=data, today=TODAY)
    db.commit()
    return result


def test_updates_transfers_and_refusals_agree(db, org, lookup):
    how, statements = lookup
    rows = students(40, [org.schools[0].code, org.schools[1].code], seed=11)
    assert run(db, students_csv(rows)).counts["new"] == 40
    changed = [dict(rows[0], 班级="9班"), dict(rows[7], 学校代码=org.schools[2].code),
               dict(rows[9])] + students(3, [org.schools[0].code], seed=12)
    statements.clear()
    result = run(db, students_csv(changed))
    assert result.ok and result.counts == {"new": 3, "updated": 1, "unchanged": 1,
                                           "transferred": 1}
    assert (len(statements) > 0) == (how == "looked up")
    first = db.scalar(select(Student).where(Student.student_no == rows[0]["学籍号"]))
    moved = db.scalar(select(Student).where(Student.student_no == rows[7]["学籍号"]))
    assert first.class_name == "9班" and moved.school_id == org.schools[2].id
    (stay,) = db.scalars(select(SchoolHistory).where(SchoolHistory.student_id == moved.id))
    assert stay.end_date == TODAY
    # a new pupil whose ID number is pupil 5's: refused, nothing written
    other = students(1, [org.schools[0].code], seed=13)[0]
    other.update(身份证号=rows[5]["身份证号"], 出生日期=rows[5]["出生日期"], 性别=rows[5]["性别"])
    before = db.scalar(select(func.count(Student.id)))
    (error,) = run(db, students_csv([other])).errors
    assert error.column == "身份证号" and mask_student_no(rows[5]["学籍号"]) in error.reason
    assert db.scalar(select(func.count(Student.id))) == before == 43


def test_family_members_of_a_registration_export_compare_alike(db, org, lookup):
    how, statements = lookup
    rows = registration_rows(30, [s.code for s in org.schools[:2]], date(2026, 9, 1))
    data = as_xlsx(rows)
    assert run(db, data, "export.xlsx").counts["new"] == 30
    statements.clear()
    again = run(db, data, "export.xlsx")
    assert again.counts == {"new": 0, "updated": 0, "unchanged": 30, "transferred": 0}
    assert (len(statements) > 0) == (how == "looked up")
    assert db.scalar(select(func.count(Guardian.id))) == 60


def test_only_the_files_counties_are_caught_up(db, org, factory):
    """A school of another county with pupils on the roster and no figures for its term is
    counted by an import naming one of its county's schools, not by another county's file."""
    county = factory.county()
    other = factory.school(factory.township(county))
    term = factory.term(county)
    theirs = students(5, [other.code], seed=21)
    assert run(db, students_csv(theirs)).counts["new"] == 5

    def total():
        return db.scalar(select(func.sum(Enrolment.student_count)).where(
            Enrolment.school_id == other.id, Enrolment.term_id == term.id))
    assert total() == 5
    db.execute(Enrolment.__table__.delete().where(Enrolment.school_id == other.id))
    db.commit()
    mine = students(4, [org.schools[0].code], seed=22)
    assert run(db, students_csv(mine)).counts["new"] == 4
    assert total() is None  # another county's file leaves it alone
    assert run(db, students_csv(theirs)).counts["unchanged"] == 5
    assert total() == 5
