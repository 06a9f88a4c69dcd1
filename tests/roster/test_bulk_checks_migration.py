"""Migration 0020 writes a pupil's and a family member's value CHECKs as ORs: the pupils and
family members already on the roster stay as they were, and the same values are refused
after it as before it (and again after a downgrade), on SQLite and PostgreSQL."""
from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from suite import migrate
from suite.db import make_engine
from suite.models import County, School, Township
from tests.nutrition.helpers_migration import scratch_database

PUPIL = ("INSERT INTO roster_student (id, student_no, name, sex, ethnicity, school_id, grade, "
         "class_name, boarding, household_township, household_village, guardian_name, "
         "guardian_phone, status, document_type, document_number, school_stage, "
         "household_type, left_behind) VALUES (:id, :no, '张三', 'M', '汉族', 1, 3, '', "
         "false, '', '', '', '', :status, :doc, :doc_no, :stage, :household, :left)")
GOOD = {"status": "transferred", "doc": "A", "doc_no": "X1234567", "stage": "primary",
        "household": "agricultural", "left": "both"}
WRONG = [("status", "moved"), ("doc", "C"), ("stage", "senior"), ("household", "urban"),
         ("left", "maybe")]


def _org(conn) -> None:  # the host's tables as at 0019 (with their defaults)
    conn.execute(County.__table__.insert(), {"id": 1, "code": "777777", "name": "县"})
    conn.execute(Township.__table__.insert(), {"id": 1, "county_id": 1, "code": "777777001",
                                               "name": "镇"})
    conn.execute(School.__table__.insert(), {"id": 1, "township_id": 1, "code": "S0001",
                                             "name": "学校", "kind": "primary"})


def _refused(engine, values: dict, n: int) -> bool:
    try:
        with engine.begin() as conn:
            conn.execute(text(PUPIL), dict(values, id=n, no=f"G{n:018d}", doc_no=f"Y{n:07d}"))
    except IntegrityError:
        return True
    return False


def _guardian_refused(engine, document_type: str) -> bool:
    try:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO roster_guardian (student_id, position, name, "
                              "relation, is_guardian, document_type, phone) VALUES "
                              "(1, 2, '李四', '母亲', true, :doc, '')"), {"doc": document_type})
    except IntegrityError:
        return True
    return False


@pytest.mark.parametrize("revision", ["0019", "head", "downgraded"])
def test_the_same_values_are_refused_and_the_rows_kept(tmp_path, revision):
    url = scratch_database(tmp_path)
    migrate.upgrade(url, "0019")
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            _org(conn)
            conn.execute(text(PUPIL), dict(GOOD, id=1, no="G000000000000000001"))
            conn.execute(text("INSERT INTO roster_guardian (student_id, position, name, "
                              "relation, is_guardian, document_type, phone) VALUES "
                              "(1, 1, '王五', '父亲', true, 'B', '13800000000')"))
        if revision != "0019":
            migrate.upgrade(url)
        if revision == "downgraded":
            command.downgrade(migrate.alembic_config(url), "0019")
        with engine.connect() as conn:
            pupil = conn.execute(text(
                "SELECT status, document_type, document_number, school_stage, household_type, "
                "left_behind FROM roster_student")).one()
            guardian = conn.execute(text("SELECT name, document_type FROM roster_guardian")).one()
        assert tuple(pupil) == ("transferred", "A", "X1234567", "primary", "agricultural",
                                "both")
        assert tuple(guardian) == ("王五", "B")
        assert [key for key, value in WRONG
                if not _refused(engine, dict(GOOD, **{key: value}), 10)] == []
        assert _guardian_refused(engine, "C") and not _guardian_refused(engine, "Z")
        assert not _refused(engine, dict(GOOD, status="left"), 11)
    finally:
        engine.dispose()
