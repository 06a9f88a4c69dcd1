"""enrolled_by_grade: who was at a school on a day, by grade, and the plan students among
them; the host's enrolment when the roster knows nobody of the school."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event

from roster.models import PlanExclusion, SchoolHistory
from roster.services import (enrolled_by_grade, enrolled_by_grade_of_schools, enrolled_by_school,
                             enrolled_by_school_on_days)

from .helpers import add_pupil

DAY = date(2026, 11, 16)


@pytest.fixture
def student(db):
    return lambda *args, **kw: add_pupil(db, *args, **kw)


def test_roster_counts_by_grade_with_plan_exclusions(db, org, student):
    school = org.schools[0]
    for _ in range(3):
        student(school, 3)
    excluded = student(school, 3)
    db.add(PlanExclusion(student_id=excluded.id, term_id=org.term.id, reason="家长自带餐"))
    student(school, 5)
    student(school, 5, since=date(2026, 11, 17))                 # joined after the day
    student(school, 5, status="left", since=date(2026, 11, 17))  # left after the day: counted
    student(school, 5, status="left", since=date(2026, 11, 16))  # left that day: not counted
    student(school, 5, status="graduated", since=date(2026, 7, 1))
    student(org.schools[1], 5)                                    # another school
    db.flush()
    assert enrolled_by_grade(db, school.id, DAY) == {3: (4, 3), 5: (2, 2)}


def test_transfers_count_at_the_school_of_the_day(db, org, student):
    old, new = org.schools[0], org.schools[1]
    moved = student(new, 4, since=date(2026, 11, 20))
    db.add(SchoolHistory(student_id=moved.id, school_id=old.id, start_date=date(2026, 9, 1),
                         end_date=date(2026, 11, 20), reason="transfer"))
    student(old, 4)
    db.flush()
    assert enrolled_by_grade(db, old.id, DAY) == {4: (2, 2)}
    assert enrolled_by_grade(db, new.id, DAY) == {}  # roster has students: no fallback
    assert enrolled_by_grade(db, old.id, date(2026, 11, 20)) == {4: (1, 1)}
    assert enrolled_by_grade(db, new.id, date(2026, 11, 20)) == {4: (1, 1)}


def test_a_transfer_in_who_left_later_is_not_counted_before_arriving(db, org, student):
    old, new = org.schools[0], org.schools[1]
    s = student(new, 4, status="left", since=date(2026, 11, 25))
    db.add(SchoolHistory(student_id=s.id, school_id=old.id, start_date=date(2026, 9, 1),
                         end_date=date(2026, 11, 20), reason="transfer"))
    db.flush()
    assert enrolled_by_grade(db, new.id, DAY) == {}
    assert enrolled_by_grade(db, old.id, DAY) == {4: (1, 1)}
    assert enrolled_by_grade(db, new.id, date(2026, 11, 23)) == {4: (1, 1)}


def test_school_outside_the_plan_has_no_plan_students(db, org, student):
    school = org.schools[2]
    school.in_plan = False
    student(school, 1)
    db.flush()
    assert enrolled_by_grade(db, school.id, DAY) == {1: (1, 0)}


def test_fallback_to_the_host_enrolment_of_the_term(db, org):
    assert enrolled_by_grade(db, org.schools[0].id, DAY) == {1: (38, 38), 4: (32, 32)}
    assert enrolled_by_grade(db, org.schools[1].id, DAY) == {7: (78, 78)}
    assert enrolled_by_grade(db, org.schools[2].id, DAY) == {}
    assert enrolled_by_grade(db, org.schools[0].id, date(2027, 3, 1)) == {}  # outside term
    org.schools[0].in_plan = False
    db.flush()
    assert enrolled_by_grade(db, org.schools[0].id, DAY) == {1: (38, 0), 4: (32, 0)}


def test_at_most_two_statements_without_n_plus_one(db, org, student, engine):
    school = org.schools[0]
    for grade in range(1, 7):
        for _ in range(5):
            student(school, grade)
    db.flush()
    statements = []

    def seen(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        result = enrolled_by_grade(db, school.id, DAY)
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert result == {g: (5, 5) for g in range(1, 7)}
    assert len(statements) == 3  # the school, the term, the aggregate


def test_by_school_is_enrolled_by_grade_summed_for_many_schools_at_once(db, org, student):
    """The same answers as enrolled_by_grade summed over grades: exclusions, a transfer, a
    school outside the plan, the host's enrolment when the roster knows nobody, nobody."""
    first, second, third = org.schools
    for _ in range(3):
        student(first, 3)
    excluded = student(first, 3)
    db.add(PlanExclusion(student_id=excluded.id, term_id=org.term.id, reason="家长自带餐"))
    moved = student(third, 4, since=date(2026, 11, 20))
    db.add(SchoolHistory(student_id=moved.id, school_id=first.id, start_date=date(2026, 9, 1),
                         end_date=date(2026, 11, 20), reason="transfer"))
    third.in_plan = False
    db.flush()
    ids = [s.id for s in org.schools] + [999999]
    for day in (DAY, date(2026, 11, 20), date(2027, 3, 1)):
        expected = {s.id: tuple(map(sum, zip((0, 0), *enrolled_by_grade(db, s.id, day).values())))
                    for s in org.schools}
        assert enrolled_by_school(db, ids, day) == {**expected, 999999: (0, 0)}, day
        assert enrolled_by_grade_of_schools(db, ids, day) == {
            **{s.id: enrolled_by_grade(db, s.id, day) for s in org.schools}, 999999: {}}, day
    # several days at once (one pass over the roster for the days of one term): the same
    days = [DAY, date(2026, 11, 19), date(2026, 11, 20), date(2027, 3, 1)]
    assert enrolled_by_school_on_days(db, ids, days) == {
        d: enrolled_by_school(db, ids, d) for d in days}
    both = enrolled_by_school_on_days(db, ids, [date(2026, 11, 19), date(2026, 11, 20)])
    assert [both[d][first.id] for d in sorted(both)] == [(5, 4), (4, 3)]  # one moved away
    # 4 on the roster of whom 3 in the plan, and the transferred pupil before the move;
    # the host's 78 of the second school; the third is out of the plan
    assert enrolled_by_school(db, ids, DAY) == {first.id: (5, 4), second.id: (78, 78),
                                                third.id: (0, 0), 999999: (0, 0)}
    assert enrolled_by_school(db, [], DAY) == {}


def test_by_school_counts_nobody_twice_or_not_at_all(db, org, student):
    """A history row still open at the pupil's current school, and one of a pupil who left
    on no known date: the same as enrolled_by_grade."""
    first, second, _third = org.schools
    back = student(first, 2)
    db.add(SchoolHistory(student_id=back.id, school_id=first.id, start_date=date(2026, 9, 1),
                         end_date=None, reason="duplicate"))
    gone = student(second, 6, status="left", since=None)
    db.add(SchoolHistory(student_id=gone.id, school_id=second.id, start_date=date(2026, 9, 1),
                         end_date=None, reason="old"))
    db.flush()
    for school in (first, second):
        grades = enrolled_by_grade(db, school.id, DAY)
        assert enrolled_by_grade_of_schools(db, [school.id], DAY) == {school.id: grades}
        assert enrolled_by_school(db, [school.id], DAY)[school.id] == (
            sum(n for n, _p in grades.values()), sum(p for _n, p in grades.values()))
    assert enrolled_by_school(db, [first.id], DAY)[first.id] == (1, 1)
