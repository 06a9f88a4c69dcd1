"""Who was enrolled at many schools on many days, by grade, counted only on the days the answer
can change: a month's checks ask about every day with counts, while a roster changes on a few
of them (a status date, a stay's start or end, a new term)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select, union
from sqlalchemy.orm import Session

from suite import services as org
from suite.models import School, Township

from .headcount import enrolled_by_grade_of_schools
from .models import SchoolHistory, Student


def change_days(session: Session, school_ids, first: date, last: date) -> set[date]:
    """Days after `first`, up to `last`, on which `enrolled_by_grade` of the schools may differ
    from the day before: the status date of a student of theirs (an enrolment starts, or a
    departure ends a stay, on it) and the start or end of any closed stay (one at another
    school decides where a student is)."""
    ids = sorted(set(school_ids))
    if not ids or last <= first:
        return set()
    return set(session.scalars(union(
        select(Student.status_date).where(Student.school_id.in_(ids),
                                          Student.status_date > first,
                                          Student.status_date <= last),
        select(SchoolHistory.start_date).where(SchoolHistory.start_date > first,
                                               SchoolHistory.start_date <= last),
        select(SchoolHistory.end_date).where(SchoolHistory.end_date > first,
                                             SchoolHistory.end_date <= last))))


def enrolled_by_grade_on_days(session: Session, school_ids,
                              days) -> dict[date, dict[int, dict[int, tuple[int, int]]]]:
    """day -> `enrolled_by_grade_of_schools` of that day: counted on the first day and again
    only where the roster changed (`change_days`) or a county's term did; other days share
    the answer of the day before them (read-only: do not change it)."""
    ids, days = sorted(set(school_ids)), sorted(set(days))
    if not ids or not days:
        return {d: {sid: {} for sid in ids} for d in days}
    changes = change_days(session, ids, days[0], days[-1])
    counties = set(session.scalars(select(Township.county_id).join(
        School, School.township_id == Township.id).where(School.id.in_(ids))))
    out, before, terms_before = {}, None, None
    for day in days:
        terms = tuple(getattr(org.term_on(session, cid, day), "id", None)
                      for cid in sorted(counties))
        if before is None or terms != terms_before or any(
                before[0] < e <= day for e in changes):
            before = (day, enrolled_by_grade_of_schools(session, ids, day))
        out[day], terms_before = before[1], terms
    return out
