"""The eight kinds of special students (八类特殊学生) the county watches over, as the roster page's
filters and counts.

Seed 001 names four of the eight (留守儿童, 建档立卡学生, 低保学生, 孤残学生) and no source found
lists all eight: the list is a choice, kept as data in `special_kinds.csv` with how sure each
row is. A pupil is of a kind when a registration field says so (`student_field` holding one of
`student_values`; `true` for a yes/no field, `*` for any non-empty text) or when aid of one of
the kind's categories (`aid_categories`, codes of `AidCategory`) is in force on the day."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Select, case, false, func, or_, select
from sqlalchemy.orm import Session

from .models import AidCategory, Student, StudentAid

SOURCE = Path(__file__).with_name("special_kinds.csv")


@dataclass(frozen=True)
class SpecialKind:
    code: str
    name: str                     # as the county writes it (Chinese)
    english: str
    field: str                    # a column of Student, or "" (aid categories only)
    values: tuple[str, ...]       # "true", "*" or the column's values
    categories: tuple[str, ...]   # AidCategory codes
    sure: str                     # [1] one source, [?] our choice

    def label(self, locale: str) -> str:
        """The kind's name in the page's language: the county's Chinese, or the file's
        English with a capital."""
        return self.name if locale.startswith("zh") else self.english[:1].upper() + \
            self.english[1:]


def _split(text: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in (text or "").split("|") if v.strip())


@lru_cache(maxsize=1)
def special_kinds() -> tuple[SpecialKind, ...]:
    """The kinds in the file's order."""
    with SOURCE.open(encoding="utf-8", newline="") as fh:
        return tuple(SpecialKind(r["code"], r["name"], r["english"], r["student_field"],
                                 _split(r["student_values"]), _split(r["aid_categories"]),
                                 r["sure"]) for r in csv.DictReader(fh))


def kind_codes() -> tuple[str, ...]:
    return tuple(k.code for k in special_kinds())


def _by_code(code: str) -> SpecialKind:
    return next(k for k in special_kinds() if k.code == code)


def _student_clause(kind: SpecialKind):
    if not kind.field:
        return false()
    column = getattr(Student, kind.field)
    if kind.values == ("true",):
        return column.is_(True)
    if kind.values == ("*",):
        return column != ""
    return column.in_(kind.values)


def _in_force(day: date) -> list:
    return [StudentAid.withdrawn_at.is_(None), StudentAid.start_date <= day,
            or_(StudentAid.end_date.is_(None), StudentAid.end_date >= day)]


def special_where(code: str, day: date):
    """WHERE clause: the student is of the kind `code` on `day` (KeyError-free: an unknown
    code is StopIteration, so callers check `kind_codes()` first)."""
    kind = _by_code(code)
    clause = _student_clause(kind)
    if kind.categories:
        aided = select(StudentAid.student_id).join(
            AidCategory, AidCategory.id == StudentAid.category_id).where(
            AidCategory.code.in_(kind.categories), *_in_force(day))
        clause = or_(clause, Student.id.in_(aided))
    return clause


def special_counts(session: Session, students: Select, day: date) -> dict[str, int]:
    """{kind code: students of that kind} among `students` (a select of Student, filtered as
    the page is), in one aggregate statement: each student's categories in force are folded
    into one flag per kind first, then joined."""
    kinds = special_kinds()
    flags = select(StudentAid.student_id.label("sid"), *[
        func.max(case((AidCategory.code.in_(k.categories), 1), else_=0)).label(k.code)
        for k in kinds if k.categories]).join(
        AidCategory, AidCategory.id == StudentAid.category_id).where(
        *_in_force(day)).group_by(StudentAid.student_id).subquery()

    def condition(kind):
        if not kind.categories:
            return _student_clause(kind)
        return or_(_student_clause(kind), flags.c[kind.code] == 1)

    stmt = students.outerjoin(flags, flags.c.sid == Student.id).with_only_columns(
        *[func.coalesce(func.sum(case((condition(k), 1), else_=0)), 0) for k in kinds])
    row = session.execute(stmt.order_by(None)).one()
    return {k.code: int(n) for k, n in zip(kinds, row)}
