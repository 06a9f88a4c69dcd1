"""Who was enrolled at a school on a given day, by grade: the roster's answer to the canteen's
"how many could have eaten". One aggregate over the roster; the host's enrolment figures of
the term when the roster holds nobody for the school."""
from __future__ import annotations

from datetime import date

from sqlalchemy import and_, case, exists, func, literal, or_, select, union
from sqlalchemy.orm import Session, aliased

from suite import services as org
from suite.db import among
from suite.models import Enrolment, School, Township

from .models import AidCategory, PlanExclusion, SchoolHistory, Student, StudentAid

GONE = ("left", "graduated", "transferred")


def _stays_on(school_id: int, day: date):
    """Ids of the students at the school on the day. A student's current stay runs from
    `status_date` (no earlier stay of theirs may end after the day); one who left, graduated
    or moved away was there before `status_date`; closed stays come from the history
    (start inclusive, end exclusive: the end is the first day at the next school)."""
    moved_later = exists().where(SchoolHistory.student_id == Student.id,
                                 SchoolHistory.end_date > day)
    current = select(Student.id.label("student_id")).where(
        Student.school_id == school_id, ~moved_later,
        or_(and_(Student.status == "enrolled",
                 or_(Student.status_date.is_(None), Student.status_date <= day)),
            and_(Student.status.in_(GONE), Student.status_date > day)))
    history = select(SchoolHistory.student_id.label("student_id")).where(
        SchoolHistory.school_id == school_id, SchoolHistory.start_date <= day,
        or_(SchoolHistory.end_date.is_(None), SchoolHistory.end_date > day))
    return union(current, history).subquery()


def enrolled_by_grade(session: Session, school_id: int, day: date) -> dict[int, tuple[int, int]]:
    """grade -> (students enrolled at the school on the day, of whom nutrition-plan students).
    Plan students: all of a plan school's students but those left out of the plan for the
    term covering the day. A school the roster knows nobody of falls back to the host's
    enrolment of that term (every student a plan student in a plan school)."""
    row = session.execute(select(School.in_plan, Township.county_id).join(Township)
                          .where(School.id == school_id)).first()
    if row is None:
        return {}
    in_plan, county_id = row
    term = org.term_on(session, county_id, day)
    stays = _stays_on(school_id, day)
    if term is not None and in_plan:
        excluded = exists().where(PlanExclusion.student_id == Student.id,
                                  PlanExclusion.term_id == term.id)
        plan = func.sum(case((excluded, 0), else_=1))
    else:
        plan = func.count(Student.id) if in_plan else literal(0)
    rows = session.execute(select(Student.grade, func.count(Student.id), plan)
                           .join(stays, stays.c.student_id == Student.id)
                           .group_by(Student.grade).order_by(Student.grade)).all()
    if rows:
        return {grade: (int(n), int(p)) for grade, n, p in rows}
    if session.scalar(select(exists().where(or_(
            Student.school_id == school_id,
            Student.id.in_(select(SchoolHistory.student_id).where(
                SchoolHistory.school_id == school_id)))))):
        return {}
    if term is None:
        return {}
    totals = session.execute(select(Enrolment.grade, func.sum(Enrolment.student_count))
                             .where(Enrolment.school_id == school_id,
                                    Enrolment.term_id == term.id)
                             .group_by(Enrolment.grade).order_by(Enrolment.grade)).all()
    return {grade: (int(n), int(n) if in_plan else 0) for grade, n in totals if n}


def _current(day: date):
    """The students whose current stay (`_stays_on`'s rule) covers the day."""
    later = aliased(SchoolHistory)
    # the students who moved away after the day: one list, not a probe per student
    moved_later = Student.id.in_(select(later.student_id).where(later.end_date > day))
    return and_(~moved_later, or_(
        and_(Student.status == "enrolled",
             or_(Student.status_date.is_(None), Student.status_date <= day)),
        and_(Student.status.in_(GONE), Student.status_date > day)))


def _counts_of_schools(school_ids: list[int], day: date, plan_of, by_grade=False) -> list:
    """(school_id, students, plan) statements of the students at each of the schools on the
    day, by the rule of `_stays_on`: the current stays grouped straight from the students
    (their index), the closed stays from the history (distinct), less those the first
    already counts, so that nobody is counted twice. `by_grade`: (school_id, grade, students,
    plan)."""
    current = _current(day)
    grade = [Student.grade] if by_grade else []
    here = (select(Student.school_id, *grade, func.count(), plan_of(Student.id))
            .where(among(Student.school_id, school_ids), current)
            .group_by(Student.school_id, *grade))
    return [here, _closed_stays(school_ids, day, current, plan_of, by_grade)]


def _closed_stays(school_ids: list[int], day: date, current, plan_of, by_grade=False):
    """The second statement of `_counts_of_schools`: the closed stays covering the day."""
    stays = (select(SchoolHistory.school_id.label("school_id"),
                    SchoolHistory.student_id.label("student_id"),
                    *([Student.grade.label("grade")] if by_grade else []))
             .join(Student, Student.id == SchoolHistory.student_id)
             .where(among(SchoolHistory.school_id, school_ids), SchoolHistory.start_date <= day,
                    or_(SchoolHistory.end_date.is_(None), SchoolHistory.end_date > day),
                    case((and_(Student.school_id == SchoolHistory.school_id, current), 1),
                         else_=0) == 0)
             .distinct().subquery())
    grade = [stays.c.grade] if by_grade else []
    return (select(stays.c.school_id, *grade, func.count(), plan_of(stays.c.student_id))
            .group_by(stays.c.school_id, *grade))


def _schools_and_terms(session: Session, ids: list[int], day: date) -> tuple[dict, dict]:
    """({school id: (in_plan, county id)}, {county id: the term on the day or None})."""
    schools = {sid: (in_plan, county_id) for sid, in_plan, county_id in session.execute(
        select(School.id, School.in_plan, Township.county_id).join(Township)
        .where(School.id.in_(ids)))}
    return schools, {cid: org.term_on(session, cid, day)
                     for cid in {c for _p, c in schools.values()}}


def _plan_count(term):
    """The plan-student count of a counting statement: every student, less the term's
    exclusions (the term's list read once, not probed per student)."""
    def plan_of(student_id):
        if term is None:
            return func.count()
        excluded = student_id.in_(select(PlanExclusion.student_id).where(
            PlanExclusion.term_id == term.id))
        return func.sum(case((excluded, 0), else_=1))
    return plan_of


def enrolled_by_school(session: Session, school_ids, day: date) -> dict[int, tuple[int, int]]:
    """school id -> (students enrolled on the day, of whom plan students): what
    `enrolled_by_grade` gives summed over grades, for many schools in a few statements (one
    per county for the roster, one for the host's enrolment). Every school asked about is in
    the answer ((0, 0) when nobody is known)."""
    return enrolled_by_school_on_days(session, school_ids, [day])[day]


def enrolled_by_school_on_days(session: Session, school_ids,
                               days) -> dict[date, dict[int, tuple[int, int]]]:
    """day -> `enrolled_by_school` of that day, the students read once for the days of one
    term (a month's first and last day: one pass over the roster instead of two)."""
    ids, days = sorted(set(school_ids)), sorted(set(days))
    result = {d: dict.fromkeys(ids, (0, 0)) for d in days}
    if not ids or not days:
        return result
    schools, _terms = _schools_and_terms(session, ids, days[0])
    terms_on = {d: {cid: org.term_on(session, cid, d) for cid in _terms} for d in days}
    for county_id in _terms:
        group = [sid for sid, (_p, cid) in schools.items() if cid == county_id]
        by_term: dict = {}
        for d in days:
            term = terms_on[d][county_id]
            by_term.setdefault(term.id if term is not None else None, (term, []))[1].append(d)
        for term, term_days in by_term.values():
            plan_of = _plan_count(term)
            if len(term_days) == 1 or session.get_bind().dialect.name == "sqlite":
                # SQLite groups by the days' conditions slower than it counts each day
                for d in term_days:
                    for sid, n, p in session.execute(_counts_of_schools(group, d, plan_of)[0]):
                        _add(result[d], schools, sid, n, p)
            else:
                for sid, *covered, excluded, n in session.execute(
                        _here_on_days(group, term_days, term)):
                    for d, covers in zip(term_days, covered):
                        if covers:
                            _add(result[d], schools, sid, n, 0 if excluded else n)
            for d in term_days:
                for sid, n, p in session.execute(
                        _closed_stays(group, d, _current(d), plan_of)):
                    _add(result[d], schools, sid, n, p)
    for d in days:
        _enrolment_fallback(session, result[d], ids, schools, terms_on[d])
    return result


def _here_on_days(group: list[int], days: list[date], term):
    """(school_id, covers each day (1/0)…, left out of the plan (1/0), students) of the
    current stays: `_counts_of_schools`' first statement for several days in one pass, each
    condition worked out once per student (cheaper than a filtered count per day)."""
    covers = [case((_current(d), 1), else_=0) for d in days]
    excluded = literal(0) if term is None else case((Student.id.in_(select(
        PlanExclusion.student_id).where(PlanExclusion.term_id == term.id)), 1), else_=0)
    return (select(Student.school_id, *covers, excluded, func.count())
            .where(among(Student.school_id, group))
            .group_by(Student.school_id, *covers, excluded))


def _add(result: dict, schools: dict, sid: int, n, p) -> None:
    old_n, old_p = result[sid]
    result[sid] = (old_n + int(n or 0), old_p + (int(p or 0) if schools[sid][0] else 0))


def _enrolment_fallback(session: Session, result: dict, ids, schools, terms) -> None:
    """Schools the roster knows nobody of: the host's enrolment of the term (in `result`)."""
    empty = [sid for sid in ids if result[sid] == (0, 0) and sid in schools]
    if not empty:
        return
    known = set(session.scalars(union(
        select(Student.school_id).where(Student.school_id.in_(empty)),
        select(SchoolHistory.school_id).where(SchoolHistory.school_id.in_(empty)))))
    by_term = {sid: terms[schools[sid][1]] for sid in empty if sid not in known}
    term_ids = {t.id for t in by_term.values() if t is not None}
    if not term_ids:
        return
    totals = {(sid, tid): int(n or 0) for sid, tid, n in session.execute(
        select(Enrolment.school_id, Enrolment.term_id, func.sum(Enrolment.student_count))
        .where(Enrolment.school_id.in_(list(by_term)), Enrolment.term_id.in_(term_ids))
        .group_by(Enrolment.school_id, Enrolment.term_id))}
    for sid, term in by_term.items():
        n = totals.get((sid, term.id), 0) if term is not None else 0
        result[sid] = (n, n if schools[sid][0] else 0)


def enrolled_by_grade_of_schools(session: Session, school_ids,
                                 day: date) -> dict[int, dict[int, tuple[int, int]]]:
    """school id -> `enrolled_by_grade` of the school on the day, for many schools in a few
    statements (one per county for the roster, one for the host's enrolment); a school
    nobody is known of is {} (every school asked about is in the answer)."""
    ids = sorted(set(school_ids))
    result: dict[int, dict[int, tuple[int, int]]] = {sid: {} for sid in ids}
    schools, terms = _schools_and_terms(session, ids, day) if ids else ({}, {})
    for county_id, term in terms.items():
        group = [sid for sid, (_p, cid) in schools.items() if cid == county_id]
        for statement in _counts_of_schools(group, day, _plan_count(term), by_grade=True):
            for sid, grade, n, p in session.execute(statement):
                old_n, old_p = result[sid].get(grade, (0, 0))
                result[sid][grade] = (old_n + int(n),
                                      old_p + (int(p or 0) if schools[sid][0] else 0))
    empty = [sid for sid in schools if not result[sid]]
    if not empty:
        return result
    known = set(session.scalars(union(
        select(Student.school_id).where(Student.school_id.in_(empty)),
        select(SchoolHistory.school_id).where(SchoolHistory.school_id.in_(empty)))))
    by_term = {sid: terms[schools[sid][1]] for sid in empty
               if sid not in known and terms[schools[sid][1]] is not None}
    if not by_term:
        return result
    for sid, tid, grade, n in session.execute(
            select(Enrolment.school_id, Enrolment.term_id, Enrolment.grade,
                   func.sum(Enrolment.student_count))
            .where(Enrolment.school_id.in_(list(by_term)),
                   Enrolment.term_id.in_({t.id for t in by_term.values()}))
            .group_by(Enrolment.school_id, Enrolment.term_id, Enrolment.grade)):
        if tid == by_term[sid].id and n:
            result[sid][grade] = (int(n), int(n) if schools[sid][0] else 0)
    return result


def aided_plan_students(session: Session, school_ids, day: date, codes, *, other_codes=False,
                        boarders: bool | None = None) -> dict[int, int]:
    """school id -> the plan students on the roster at the school on the day (the students of
    `enrolled_by_school`'s plan count) with an aid category in force on the day (not withdrawn)
    whose code is in `codes` (`other_codes`: whose code is not), boarders only (True),
    non-boarders only (False) or either (None). Schools the roster knows nobody of count 0:
    the host's enrolment has no pupils to look at."""
    ids = sorted(set(school_ids))
    result = dict.fromkeys(ids, 0)
    if not ids:
        return result
    schools = {sid: (in_plan, county_id) for sid, in_plan, county_id in session.execute(
        select(School.id, School.in_plan, Township.county_id).join(Township)
        .where(School.id.in_(ids)))}
    code = AidCategory.code.not_in(list(codes)) if other_codes else AidCategory.code.in_(
        list(codes))
    for county_id in {c for _p, c in schools.values()}:
        term = org.term_on(session, county_id, day)
        group = [sid for sid, (in_plan, cid) in schools.items() if cid == county_id and in_plan]
        if not group:
            continue

        def plan_of(student_id, term=term):
            pupil = aliased(Student)
            wanted = [exists().where(
                StudentAid.student_id == student_id, StudentAid.start_date <= day,
                or_(StudentAid.end_date.is_(None), StudentAid.end_date >= day),
                StudentAid.withdrawn_at.is_(None), AidCategory.id == StudentAid.category_id,
                code)]
            if boarders is not None:
                wanted.append(exists().where(pupil.id == student_id,
                                             pupil.boarding.is_(bool(boarders))))
            if term is not None:
                wanted.append(~exists().where(PlanExclusion.student_id == student_id,
                                              PlanExclusion.term_id == term.id))
            return func.sum(case((and_(*wanted), 1), else_=0))

        for statement in _counts_of_schools(group, day, plan_of):
            for sid, _n, p in session.execute(statement):
                result[sid] += int(p or 0)
    return result
