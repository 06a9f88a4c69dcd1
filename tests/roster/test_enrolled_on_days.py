"""enrolled_by_grade_on_days: a month of days counted only where the roster or the term
changes, each day the same answer as counting that day alone."""
from __future__ import annotations

from datetime import date, timedelta

from roster.headcount_days import change_days
from roster.models import PlanExclusion, SchoolHistory
from roster.services import enrolled_by_grade_of_schools, enrolled_by_grade_on_days

from .helpers import add_pupil


def _days(first, last):
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def test_every_day_is_the_day_counted_alone(db, org, factory):
    first, second, third = org.schools
    for _ in range(3):
        add_pupil(db, first, 3)
    add_pupil(db, first, 3, since=date(2026, 11, 17))                  # joins on the 17th
    add_pupil(db, first, 5, status="left", since=date(2026, 11, 18))   # leaves on the 18th
    excluded = add_pupil(db, first, 5)
    db.add(PlanExclusion(student_id=excluded.id, term_id=org.term.id, reason="家长自带餐"))
    moved = add_pupil(db, second, 4, since=date(2026, 11, 20))         # moves on the 20th
    db.add(SchoolHistory(student_id=moved.id, school_id=first.id, start_date=date(2026, 9, 1),
                         end_date=date(2026, 11, 20), reason="transfer"))
    # the term ends on 2027-01-20; the next starts on 2027-01-25
    factory.term(org.county, start=date(2027, 1, 25), end=date(2027, 6, 30), name="2027春")
    db.flush()
    ids = [s.id for s in org.schools] + [999999]
    days = _days(date(2026, 11, 1), date(2026, 11, 30)) + \
        _days(date(2027, 1, 18), date(2027, 1, 27))
    got = enrolled_by_grade_on_days(db, ids, days)
    assert sorted(got) == days
    for day in days:
        assert got[day] == enrolled_by_grade_of_schools(db, ids, day), day
    assert got[date(2026, 11, 16)][first.id] == {3: (3, 3), 4: (1, 1), 5: (2, 1)}
    assert got[date(2026, 11, 17)][first.id] == {3: (4, 4), 4: (1, 1), 5: (2, 1)}
    assert got[date(2026, 11, 18)][first.id] == {3: (4, 4), 4: (1, 1), 5: (1, 0)}
    assert got[date(2026, 11, 20)][first.id] == {3: (4, 4), 5: (1, 0)}
    assert got[date(2026, 11, 20)][second.id] == {4: (1, 1)}
    # between terms the host's enrolment of no term: the roster still counts its students
    assert got[date(2027, 1, 22)][third.id] == {}
    # the days between two changes share one answer, counted once
    assert got[date(2026, 11, 2)] is got[date(2026, 11, 16)]
    assert got[date(2026, 11, 16)] is not got[date(2026, 11, 17)]
    assert got[date(2026, 11, 21)] is got[date(2026, 11, 30)]


def test_change_days_are_the_roster_dates_after_the_first(db, org):
    first, second, _third = org.schools
    add_pupil(db, first, 2, since=date(2026, 11, 1))      # the first day itself: no change
    add_pupil(db, first, 2, since=date(2026, 11, 9))
    add_pupil(db, second, 7, status="left", since=date(2026, 11, 12))
    other = add_pupil(db, second, 7)
    db.add(SchoolHistory(student_id=other.id, school_id=first.id, start_date=date(2026, 11, 3),
                         end_date=date(2026, 11, 26), reason="transfer"))
    db.flush()
    assert change_days(db, [first.id], date(2026, 11, 1), date(2026, 11, 30)) == {
        date(2026, 11, 9), date(2026, 11, 3), date(2026, 11, 26)}
    assert change_days(db, [second.id], date(2026, 11, 1), date(2026, 11, 30)) == {
        date(2026, 11, 12), date(2026, 11, 3), date(2026, 11, 26)}
    assert change_days(db, [first.id], date(2026, 11, 30), date(2026, 11, 30)) == set()
    assert enrolled_by_grade_on_days(db, [], [date(2026, 11, 3)]) == {date(2026, 11, 3): {}}
    assert enrolled_by_grade_on_days(db, [first.id], []) == {}
