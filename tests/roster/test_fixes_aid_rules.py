"""Issue 9, item 7: each aid programme declares who may receive it (boarders only, a stage,
required categories); a payment outside the rule is refused with the reason in Chinese, and
payments already recorded that break it are listed on the roster page."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from roster import eligibility, services
from roster.models import AidCategory, AidPayment, AidProgram, Student, StudentAid
from roster.synth import students
from suite.db import utcnow
from suite.tabular import read_table

from .helpers import students_csv

TODAY = date(2026, 11, 22)


@pytest.fixture
def pupils(db, org):
    """Four students: (boarder?, grade) = (no, 3), (yes, 3), (yes, 8), (no, 8)."""
    rows = students(4, [org.schools[1].code], seed=21)
    for row, (boarding, grade) in zip(rows, [("否", 3), ("是", 3), ("是", 8), ("否", 8)]):
        row["是否寄宿"], row["年级"] = boarding, str(grade)
    data = students_csv(rows)
    assert services.import_students(db, read_table(data, "r.csv"), filename="r.csv", data=data,
                                    today=TODAY).ok
    db.commit()
    return db.scalars(select(Student).order_by(Student.id)).all()


@pytest.fixture
def living(db):
    return db.scalar(select(AidProgram).where(AidProgram.code == "living_subsidy"))


def _pay(client, student, program, org, **extra):
    return client.post(f"/roster/students/{student.id}/payments", data={
        "program_id": program.id, "term_id": org.term.id, "amount": "625.00",
        "paid_on": "2026-10-15", "card_tail": "1234"} | extra)


def _payments(db) -> int:
    return db.scalar(select(func.count()).select_from(AidPayment))


def test_the_living_subsidy_is_seeded_for_boarders_only(living):
    assert living.name == "家庭经济困难寄宿生生活补助"
    assert living.boarders_only is True and living.stage == "" and living.category_codes == []


def test_a_non_boarder_is_refused_the_boarding_living_subsidy(client, login, db, org, pupils,
                                                              living):
    login("bureau")
    response = _pay(client, pupils[0], living, org)
    assert response.status_code == 400
    assert "家庭经济困难寄宿生生活补助仅限寄宿生，该生不是寄宿生。" in response.get_data(as_text=True)
    assert _payments(db) == 0
    assert _pay(client, pupils[1], living, org).status_code == 302
    payment = db.scalar(select(AidPayment))
    assert (payment.student_id, payment.amount) == (pupils[1].id, Decimal("625.00"))


def test_stage_and_categories_are_set_on_the_settings_page(client, login, db, org, pupils,
                                                          living):
    login("bureau")
    page = client.get("/roster/settings").get_data(as_text=True)
    assert "各资助项目的发放对象" in page and "仅限寄宿生" in page
    assert client.post("/roster/settings", data={
        "action": "program", "id": living.id, "boarders_only": "1", "stage": "junior",
        "category_codes": ["dibao", "orphan"]}).status_code == 302
    db.refresh(living)
    assert (living.boarders_only, living.stage, living.category_codes) == (
        True, "junior", ["dibao", "orphan"])
    page = client.get("/roster/settings").get_data(as_text=True)
    assert "仅限寄宿生；初中（7-9年级）；资助类别：最低生活保障家庭学生、孤儿" in page

    primary_boarder, junior_boarder = pupils[1], pupils[2]
    response = _pay(client, primary_boarder, living, org)
    assert response.status_code == 400
    assert "家庭经济困难寄宿生生活补助仅限初中（7-9年级）学生，该生在读3年级。" in \
        response.get_data(as_text=True)
    response = _pay(client, junior_boarder, living, org)
    assert response.status_code == 400
    assert "家庭经济困难寄宿生生活补助要求发放当日具有规定的资助类别，该生没有。" in \
        response.get_data(as_text=True)
    assert _payments(db) == 0

    dibao = db.scalar(select(AidCategory).where(AidCategory.code == "dibao"))
    # aid that starts after the day paid does not count
    db.add(StudentAid(student_id=junior_boarder.id, category_id=dibao.id,
                      start_date=date(2026, 10, 16), confirmed_by="资助办"))
    db.commit()
    assert _pay(client, junior_boarder, living, org).status_code == 400
    assert _pay(client, junior_boarder, living, org, paid_on="2026-10-16").status_code == 302
    assert _payments(db) == 1


def test_a_bad_rule_is_refused_and_changes_nothing(client, login, db, living):
    login("bureau")
    response = client.post("/roster/settings", data={
        "action": "program", "id": living.id, "stage": "senior", "category_codes": ["dibao"]})
    assert response.status_code == 400
    assert "请从列表中选择学段和资助类别。" in response.get_data(as_text=True)
    response = client.post("/roster/settings", data={
        "action": "program", "id": living.id, "stage": "", "category_codes": ["nope"]})
    assert response.status_code == 400
    db.refresh(living)
    assert (living.boarders_only, living.stage, living.category_codes) == (True, "", [])


def test_recorded_payments_that_break_the_rule_are_listed(client, login, db, org, pupils,
                                                          living):
    pay = dict(program_id=living.id, term_id=org.term.id, paid_on=date(2026, 10, 15))
    db.add_all([
        AidPayment(student_id=pupils[0].id, school_id=pupils[0].school_id,
                   amount=Decimal("312.50"), **pay),            # not a boarder: listed
        AidPayment(student_id=pupils[3].id, school_id=pupils[3].school_id,
                   amount=Decimal("375.00"), voided_at=utcnow(), void_reason="错发", **pay),
        AidPayment(student_id=pupils[1].id, school_id=pupils[1].school_id,
                   amount=Decimal("625.00"), **pay),            # a boarder: fine
    ])
    db.commit()
    found = eligibility.violations(db)
    assert [(v.student.id, v.payment.amount) for v in found] == [
        (pupils[0].id, Decimal("312.50"))]
    login("bureau")
    page = client.get("/roster/students").get_data(as_text=True)
    assert "1 笔发放不符合资助项目的发放条件" in page
    panel = page[page.index('id="aid-rule-breaches"'):page.index("</section>")]
    assert pupils[0].name in panel and "312.50" in panel and pupils[1].name not in panel
    assert services.mask_student_no(pupils[0].student_no) in panel
    assert pupils[0].id_number not in page
    assert "该生不是寄宿生" in panel

