"""The audit rows of a flush are written together at its end, in one statement, and a flush
that fails leaves none behind for the next one."""
from __future__ import annotations

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import IntegrityError

from suite.models import AuditEntry, School, Township


def _school(org, code):
    return School(township_id=org.schools[0].township_id, code=code, name=f"学校{code}",
                  kind="primary", supply_mode="canteen")


@pytest.fixture
def statements(db):
    seen = []

    def note(_conn, _cursor, statement, _params, _context, _many):
        seen.append(statement)

    engine = db.get_bind()
    event.listen(engine, "before_cursor_execute", note)
    yield seen
    event.remove(engine, "before_cursor_execute", note)


def _audited(db, codes):
    ids = {str(s.id): s.code for s in db.scalars(select(School).where(School.code.in_(codes)))}
    return [(ids.get(a.record_id), a.action) for a in db.scalars(
        select(AuditEntry).where(AuditEntry.record_type == "suite_school")
        .order_by(AuditEntry.id)) if a.record_id in ids]


def test_one_flush_writes_its_audit_rows_in_one_statement(db, org, statements):
    db.add_all([_school(org, "T0001"), _school(org, "T0002"), _school(org, "T0003")])
    db.flush()
    audit = [s for s in statements if s.lstrip().upper().startswith("INSERT INTO SUITE_AUDIT")]
    assert len(audit) == 1
    assert _audited(db, ["T0001", "T0002", "T0003"]) == [
        ("T0001", "create"), ("T0002", "create"), ("T0003", "create")]


def test_a_failed_flush_leaves_no_audit_rows_behind(db, org):
    before = db.scalar(select(func.count()).select_from(AuditEntry))
    county_id = db.get(Township, org.schools[0].township_id).county_id
    with pytest.raises(IntegrityError):
        with db.begin_nested():
            # the township is written (and its audit row made) before the school fails
            town = Township(county_id=county_id, code="T99", name="新镇")
            db.add_all([town, School(township=town, code=org.schools[0].code, name="重复",
                                     kind="primary", supply_mode="canteen")])
            db.flush()
    db.add(_school(org, "T0005"))
    db.flush()
    assert db.scalar(select(func.count()).select_from(AuditEntry)) == before + 1
    assert _audited(db, ["T0004", "T0005"]) == [("T0005", "create")]
