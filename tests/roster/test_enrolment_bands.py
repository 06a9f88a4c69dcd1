"""The roster's enrolment figures (counted in SQL) put each pupil in the age band of their age
on the term's first day, exactly as age_on would, at every band's edge; a pupil without a
birth date counts in the usual band of the grade."""
from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

from sqlalchemy import select

from roster.enrolment import _born_by
from roster.models import Student
from roster.services import age_on, sync_enrolment
from suite.models import Enrolment
from suite.vocabulary import age_band_for

TODAY = date(2026, 11, 23)


def test_the_last_birth_date_of_an_age_agrees_with_age_on():
    rng = random.Random(3)
    starts = [date(2028, 2, 29), date(2026, 9, 1), date(2027, 3, 1), date(2026, 2, 28)] + [
        date(2020, 1, 1) + timedelta(days=rng.randrange(4000)) for _ in range(100)]
    for start in starts:
        for age in range(5, 19):
            last = _born_by(start, age)
            for born in (last + timedelta(days=d) for d in range(-2, 3)):
                assert (age_on(born, start) >= age) == (born <= last), (start, age, born)


def test_pupils_at_every_band_edge_are_counted_in_their_band(db, org):
    start = org.term.start_date
    school = org.schools[2]
    pupils = []
    for age in (5, 6, 8, 9, 11, 12, 14, 15, 17, 18):  # each side of each edge
        last = _born_by(start, age)
        pupils += [(last, "M"), (last + timedelta(days=1), "F")]
    pupils += [(None, "F"), (None, "M")]
    for n, (born, sex) in enumerate(pupils):
        db.add(Student(student_no=f"G{n:018d}", name=f"学生{n}", sex=sex, birth_date=born,
                       school_id=school.id, grade=1 + n % 9, status="enrolled"))
    db.add(Student(student_no="G999999999999999999", name="离校", sex="M", school_id=school.id,
                   birth_date=date(2017, 1, 1), grade=3, status="left"))
    db.flush()

    assert sync_enrolment(db, [school.id], TODAY) == 1
    expected = Counter()
    for n, (born, sex) in enumerate(pupils):
        grade = 1 + n % 9
        band = (age_band_for(age_on(born, start)) if born else None) or age_band_for(grade + 5)
        expected[(grade, band, sex)] += 1
    got = {(e.grade, e.age_band, e.sex): e.student_count for e in db.scalars(
        select(Enrolment).where(Enrolment.school_id == school.id,
                                Enrolment.term_id == org.term.id))}
    assert got == dict(expected)
    assert sum(got.values()) == len(pupils) == 22
