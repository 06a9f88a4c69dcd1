"""Changes of who is enrolled where: the roster's import as one entry point and a student's
status (graduated, left, enrolled again). Each keeps the host's enrolment figures (by grade,
age band and sex) current and then sends `signals.student_enrolment_changed`. Plain
functions over a session; the caller commits."""
from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from suite import clock
from suite import services as org
from suite.db import among
from suite.models import Enrolment, School, Township
from suite.vocabulary import AGE_BANDS, age_band_for

from . import imports
from .errors import RosterError
from .imports import ImportResult
from .models import Student
from .signals import student_enrolment_changed


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _born_by(start: date, age: int) -> date:
    """The last birth date of a pupil aged `age` or more on `start` by age_on's rule (a term
    starting on 29 February counts those born up to the 28th of a common year)."""
    try:
        return start.replace(year=start.year - age)
    except ValueError:  # 29 February in a common year
        return date(start.year - age, 2, 28)


def _age_band(start: date):
    """SQL: the pupil's age band on the term's first day, NULL outside school ages."""
    whens = []
    for band in AGE_BANDS:
        low, high = (int(x) for x in band.split("-"))
        whens.append((and_(Student.birth_date <= _born_by(start, low),
                           Student.birth_date > _born_by(start, high + 1)), band))
    return case(*whens, else_=None)


def sync_enrolment(session: Session, school_ids, today: date) -> int:
    """Replace the host's enrolment of these schools for the term in force (or next) with
    the enrolled students counted by grade, age band (age on the first day of term) and sex.
    Returns the number of schools updated. Counted in SQL: a county's 100,000 pupils come
    back as a few thousand groups."""
    school_ids = sorted(set(school_ids))
    if not school_ids:
        return 0
    county_of = dict(session.execute(select(School.id, Township.county_id).join(Township)
                                     .where(School.id.in_(school_ids))).all())
    counts: dict[int, Counter] = {sid: Counter() for sid in school_ids}
    terms = {c: org.current_term(session, c, today) for c in set(county_of.values())}
    for county_id, term in terms.items():
        ids = [sid for sid in school_ids if county_of[sid] == county_id]
        if term is None or not ids:
            continue
        band = _age_band(term.start_date).label("band")
        rows = session.execute(select(Student.school_id, Student.grade, Student.sex, band,
                                      func.count()).where(
            among(Student.school_id, ids), Student.status == "enrolled")
            .group_by(Student.school_id, Student.grade, Student.sex, band)).all()
        for school_id, grade, sex, age_band, n in rows:
            # no birth date, or an age outside the bands: the usual age of the grade
            age_band = age_band or age_band_for(grade + 5)
            counts[school_id][(grade, age_band, sex)] += n
    updated = 0
    for school_id in school_ids:
        term = terms[county_of[school_id]]
        if term is not None:
            org.set_enrolment(session, school_id, term.id, dict(counts[school_id]),
                              source="roster")
            updated += 1
    return updated


def roster_schools(session: Session) -> set[int]:
    """Schools whose enrolment the roster keeps: those with students on the roster, and those
    whose figures came from it before (a school that lost its last student goes to zero)."""
    with_students = set(session.scalars(select(Student.school_id).distinct()))
    from_roster = set(session.scalars(select(Enrolment.school_id).where(
        Enrolment.source == "roster").distinct()))
    return with_students | from_roster


def without_figures(session: Session, school_ids, today: date, counties=None) -> set[int]:
    """Those of the schools (of `counties` only, when given) with no enrolment figures yet
    for the term in force (or next) of their county: a term begun since the roster last
    counted them."""
    ids = sorted(set(school_ids))
    if not ids:
        return set()
    county_of = dict(session.execute(select(School.id, Township.county_id).join(Township)
                                     .where(School.id.in_(ids))).all())
    if counties is not None:
        county_of = {sid: c for sid, c in county_of.items() if c in counties}
        ids = [sid for sid in ids if sid in county_of]
    terms = {c: org.current_term(session, c, today) for c in set(county_of.values())}
    term_ids = {t.id for t in terms.values() if t is not None}
    counted = set(session.execute(select(Enrolment.school_id, Enrolment.term_id).where(
        Enrolment.term_id.in_(term_ids)).distinct()).all()) if term_ids else set()
    return {sid for sid in ids if terms[county_of[sid]] is not None
            and (sid, terms[county_of[sid]].id) not in counted}


def import_students(session: Session, table, *, today: date, dry_run: bool = False,
                    **kwargs) -> ImportResult:
    """The import (all rows or none), then the host's enrolment recomputed for the schools it
    wrote to (and any roster school of the file's counties not yet counted for the term in
    force): the one entry point for pages, API and CLI. Only those: recounting every school
    made one county's file cost 7.7 times as much in a province's database as in a county's,
    and catching up the other counties' schools 5 times."""
    result = imports.import_students(session, table, today=today, dry_run=dry_run, **kwargs)
    if result.ok and not dry_run:
        counties = set(session.scalars(select(Township.county_id).join(School).where(
            School.id.in_(result.named_school_ids)))) if result.named_school_ids else set()
        sync_enrolment(session, set(result.school_ids) | without_figures(
            session, roster_schools(session), today, counties), today)
        if result.school_ids:
            student_enrolment_changed.send(session, school_ids=result.school_ids, day=today,
                                           reason="import")
    return result


def _status_reason(before: str, status: str) -> str:
    if status == "enrolled":
        return "edit" if before == "enrolled" else "re-enrolment"
    return {"graduated": "graduation", "left": "withdrawal"}[status]


def set_status(session: Session, student: Student, status: str, day, *,
               today: date | None = None) -> None:
    """Graduated, left or back to enrolled, from a date; a transfer goes through the import
    (the new school's roster), which keeps the history. The school's enrolment figures are
    recomputed for the term in force on `today` (default: the clock's today)."""
    if status not in ("enrolled", "graduated", "left"):
        raise RosterError({"status": _("Choose enrolled, graduated or left.")})
    if not isinstance(day, date):
        raise RosterError({"status_date": _("Enter the date.")})
    latest = (today or clock.today()) + timedelta(days=366)  # a graduation may be set ahead
    if not date(2000, 1, 1) <= day <= latest:
        raise RosterError({"status_date": _("The date must fall between 2000-01-01 and "
                                            "%(last)s.", last=latest.isoformat())})
    reason = _status_reason(student.status, status)
    student.status, student.status_date = status, day
    session.flush()
    sync_enrolment(session, {student.school_id}, today or clock.today())
    student_enrolment_changed.send(session, school_ids=(student.school_id,), day=day,
                                   reason=reason)
