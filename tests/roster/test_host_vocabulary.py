"""Issue 10 (shared vocabulary): the roster reads cells, dates and amounts with the host's
`suite.cells` / `suite.money`, so the household ledger and the home visits accept what the
roster import always did (20260901), and every roster refusal is a `ServiceError`."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from roster import services
from roster.models import AidCategory, DifficultyLevel, HomeVisit, HouseholdChild, Student, \
    StudentAid
from roster.synth import make_id
from suite.errors import ServiceError

TODAY = date(2026, 11, 22)


@pytest.fixture
def app_config():
    return {"BABEL_DEFAULT_LOCALE": "en"}


def _entry(**changes) -> dict:
    values = {"name": "王一", "id_number": make_id("350881", date(2010, 5, 1), "M", 0),
              "village": "红星村", "household_head": "王某", "household_kind": "脱贫家庭学生",
              "stage": "普通高中", "location": "市外", "school_name": "厦门市第二中学",
              "aided": "是", "aid_program": "国家助学金", "aid_amount": "1000元",
              "confirmed_by": "学籍地教育局", "confirmed_on": "20260610"}
    values.update(changes)
    return values


def test_a_ledger_entry_reads_compact_dates_and_amounts_with_the_yuan_sign(db, org):
    child_id = services.add_child(db, org.townships[0].id, 2026, _entry(), today=TODAY)
    row = db.get(HouseholdChild, child_id)
    assert row.confirmed_on == date(2026, 6, 10) and row.aid_amount == Decimal("1000.00")


@pytest.mark.parametrize("changes, field", [
    ({"aid_amount": "-5"}, "aid_amount"), ({"aid_amount": "1.005"}, "aid_amount"),
    ({"aid_amount": "10000000000"}, "aid_amount"), ({"confirmed_on": "20261301"}, "confirmed_on"),
    ({"confirmed_on": "20270101"}, "confirmed_on")])
def test_a_ledger_entry_still_refuses_bad_amounts_and_dates(db, org, changes, field):
    with pytest.raises(services.HouseholdError) as exc:
        services.add_child(db, org.townships[0].id, 2026, _entry(**changes), today=TODAY)
    assert isinstance(exc.value, ServiceError) and list(exc.value.errors) == [field]
    assert exc.value.messages()[field] in ("is not an amount in yuan (at most two decimals)",
                                           "is not a real date (YYYY-MM-DD)")


def test_a_home_visit_reads_a_compact_date_and_an_amount_in_yuan(db, org):
    id_number = make_id("350881", date(2015, 3, 4), "F", 7)
    student = Student(student_no="G" + id_number, name="陈小红", sex="F", grade=5,
                      id_number=id_number, school_id=org.schools[0].id)
    db.add(student)
    db.flush()
    aid = StudentAid(student_id=student.id, start_date=date(2026, 9, 1), confirmed_by="资助办",
                     category_id=db.scalar(select(AidCategory.id).where(
                         AidCategory.code == "poverty_alleviated")),
                     level_id=db.scalar(select(DifficultyLevel.id).where(
                         DifficultyLevel.code == "special")))
    db.add(aid)
    db.flush()
    visit_id = services.record_visit(db, student.id, {
        "visit_date": "20261120", "visitors": "张老师", "findings": "家中新建楼房",
        "conclusion": "aid_withdrawn", "aid_id": aid.id, "withdraw_reason": "人情帮扶",
        "recover_amount": "￥６２５"}, today=TODAY)
    visit = db.get(HomeVisit, visit_id)
    assert visit.visit_date == date(2026, 11, 20) and visit.recover_amount == Decimal("625")
    assert aid.withdrawn_at is not None


def test_every_roster_refusal_is_a_service_error(db, org):
    for error in (services.RosterError, services.HouseholdError, services.PolicyError,
                  services.ReconError):
        assert issubclass(error, ServiceError)
    with pytest.raises(services.ReconError) as exc:
        services.run_reconciliation(db, left="roster", right="nothing", today=TODAY)
    assert exc.value.problems == ["Choose what to compare."]
    assert exc.value.messages() == {"": "Choose what to compare."}
