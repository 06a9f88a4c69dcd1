"""Roster pages and API: masking for every role, audited reveal, aid and payments, term
totals, exports safe against formula injection."""
from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from sqlalchemy import func, select

from roster import services
from roster.models import AidCategory, AidPayment, AidProgram, Student, StudentAid
from roster.synth import students
from suite import accounts
from suite.models import AuditEntry
from suite.tabular import read_table

from .helpers import students_csv

TODAY = date(2026, 11, 22)


pytestmark = pytest.mark.usefixtures("en")  # English pages and messages


@pytest.fixture
def roster(db, org):
    rows = students(12, [org.schools[0].code, org.schools[1].code], seed=5)
    rows[0]["姓名"] = "=HYPERLINK(\"http://x\")"
    data = students_csv(rows)
    result = services.import_students(db, read_table(data, "r.csv"), filename="r.csv",
                                      data=data, today=TODAY)
    assert result.ok
    db.commit()
    return db.scalars(select(Student).order_by(Student.id)).all()


@pytest.mark.parametrize("role, status", [("bureau", 200), ("admin", 200),
                                          ("nutritionist", 403), ("canteen_manager", 403)])
def test_roster_pages_by_role(client, login, roster, role, status):
    login(role)
    assert client.get("/roster/students").status_code == status
    assert client.get(f"/roster/students/{roster[1].id}").status_code == status
    assert client.get("/roster/export.xlsx").status_code == status


def test_id_numbers_and_phones_are_masked_everywhere(client, login, roster):
    login("bureau")
    s = roster[1]
    for url in ("/roster/students", f"/roster/students/{s.id}"):
        page = client.get(url).get_data(as_text=True)
        assert s.id_number not in page and services.mask_id(s.id_number) in page
        assert s.guardian_phone not in page
    book = openpyxl.load_workbook(io.BytesIO(client.get("/roster/export.xlsx").data))
    values = [c for row in book.active.iter_rows(values_only=True) for c in row]
    assert s.id_number not in values and services.mask_id(s.id_number) in values


def test_admin_cannot_reveal_bureau_can_and_it_is_audited(client, login, roster, db):
    s = roster[1]
    login("admin")
    assert client.post(f"/roster/students/{s.id}/reveal").status_code == 403
    client.post("/logout")
    login("bureau")
    page = client.post(f"/roster/students/{s.id}/reveal").get_data(as_text=True)
    assert s.id_number in page and s.guardian_phone in page
    entry = db.scalar(select(AuditEntry).where(AuditEntry.action == "view",
                                               AuditEntry.record_type == "roster_student"))
    assert entry.record_id == str(s.id)


def test_export_neutralises_formulas(client, login, roster):
    login("bureau")
    book = openpyxl.load_workbook(io.BytesIO(client.get("/roster/export.xlsx").data))
    names = [row[3] for row in book.active.iter_rows(min_row=2, values_only=True)]
    assert "'=HYPERLINK(\"http://x\")" in names


def test_aid_and_payment_through_the_page(client, login, roster, db, org):
    s = roster[2]
    login("bureau")
    category = db.scalar(select(AidCategory).where(AidCategory.code == "dibao"))
    response = client.post(f"/roster/students/{s.id}/aid", data={
        "category_id": category.id, "level_id": 0, "start_date": "2026-09-01",
        "confirmed_by": "资助办"})
    assert response.status_code == 302
    program = db.scalar(select(AidProgram))
    response = client.post(f"/roster/students/{s.id}/payments", data={
        "program_id": program.id, "term_id": org.term.id, "amount": "625.00",
        "paid_on": "2026-10-15", "card_tail": "1234"})
    assert response.status_code == 302
    payment = db.scalar(select(AidPayment).where(AidPayment.student_id == s.id))
    assert payment.amount == Decimal("625.00") and payment.school_id == s.school_id
    totals = {r["school_id"]: r["amount"] for r in services_totals(db, org)}
    assert totals[s.school_id] == Decimal("625.00")


def services_totals(db, org):
    from roster.services import term_totals
    return term_totals(db, org.term.id)


@pytest.mark.parametrize("data, field, message", [
    ({"amount": "0"}, "amount", "The amount must be above 0"),
    ({"amount": "10.001"}, "amount", "at most 2 decimals"),
    ({"card_tail": "123456"}, "card_tail", "Only the last 4 digits of the card."),
    ({"paid_on": "2030-01-01"}, "paid_on", "not in the future"),
])
def test_bad_payment_changes_nothing(client, login, roster, db, org, data, field, message):
    login("bureau")
    program = db.scalar(select(AidProgram))
    form = {"program_id": program.id, "term_id": org.term.id, "amount": "625.00",
            "paid_on": "2026-10-15", "card_tail": "1234"} | data
    response = client.post(f"/roster/students/{roster[0].id}/payments", data=form)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(AidPayment)) == 0


def test_aid_needs_who_confirmed(client, login, roster, db):
    login("bureau")
    category = db.scalar(select(AidCategory))
    response = client.post(f"/roster/students/{roster[0].id}/aid", data={
        "category_id": category.id, "start_date": "2026-09-01", "confirmed_by": ""})
    assert response.status_code == 400 and "Enter who confirmed it." in \
        response.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(StudentAid)) == 0


def _token(db, factory, role):
    user = factory.user(role)
    raw = accounts.create_token(db, user)
    db.commit()
    return {"Authorization": f"Bearer {raw}"}


def test_api_students_are_masked(client, db, factory, roster):
    body = client.get("/api/v1/roster/students", headers=_token(db, factory, "bureau")).get_json()
    assert len(body["students"]) == 12
    first = next(s for s in body["students"] if s["name"] == roster[1].name)
    assert first["student_no"] == "G" + services.mask_id(roster[1].id_number)
    assert first["id_number"] == services.mask_id(roster[1].id_number)
    assert client.get("/api/v1/roster/students?school=x",
                      headers=_token(db, factory, "bureau")).status_code == 400


def test_api_import_reports_errors_and_counts(client, db, factory, org):
    headers = _token(db, factory, "bureau")
    rows = students(3, [org.schools[0].code], seed=8)
    response = client.post("/api/v1/roster/imports", headers=headers, data={
        "file": (io.BytesIO(students_csv(rows)), "r.csv"), "dry_run": "1"})
    assert response.status_code == 200 and response.get_json()["counts"]["new"] == 3
    rows[1]["年级"] = "12"
    response = client.post("/api/v1/roster/imports", headers=headers, data={
        "file": (io.BytesIO(students_csv(rows)), "r.csv")})
    assert response.status_code == 400
    assert response.get_json()["errors"][0]["row"] == 3
    assert db.scalar(select(func.count()).select_from(Student)) == 0


def test_api_reconciliation_run_and_read_back(client, db, factory, roster):
    headers = _token(db, factory, "bureau")
    listed = "姓名,身份证号,出生日期\n" + "\n".join(
        f"{s.name},{s.id_number},{s.birth_date}" for s in roster[1:6])
    response = client.post("/api/v1/roster/reconciliations", headers=headers, data={
        "file": (io.BytesIO(listed.encode("utf-8-sig")), "list.csv")})
    assert response.status_code == 201
    body = response.get_json()
    assert body["counts"]["matched"] == 5 and body["counts"]["only_left"] == 7
    again = client.get(f"/api/v1/roster/reconciliations/{body['id']}", headers=headers)
    assert again.get_json()["counts"] == body["counts"]
    bad = client.post("/api/v1/roster/reconciliations", headers=headers, data={
        "file": (io.BytesIO(listed.encode("utf-8-sig")), "list.csv"),
        "mapping": '{"name": "名字"}'})
    assert bad.status_code == 400 and bad.get_json()["errors"]
    assert client.get("/api/v1/roster/reconciliations/999999", headers=headers).status_code == 404


def test_categories_and_levels_are_configurable(client, login, db, org):
    login("bureau")
    assert client.post("/roster/settings", data={"action": "category", "code": "flood",
                                                 "name": "受灾家庭学生"}).status_code == 302
    assert db.scalar(select(AidCategory).where(AidCategory.code == "flood")).name == "受灾家庭学生"
    response = client.post("/roster/settings", data={"action": "category", "code": "flood",
                                                     "name": "重复"})
    assert response.status_code == 400 and "The code flood is taken." in \
        response.get_data(as_text=True)
    dibao = db.scalar(select(AidCategory).where(AidCategory.code == "dibao"))
    client.post("/roster/settings", data={"action": "deactivate", "id": dibao.id})
    db.refresh(dibao)
    assert dibao.active is False
    assert client.post("/roster/settings", data={"action": "level", "code": "two_tier",
                                                 "name": "困难"}).status_code == 302
    client.post("/logout")
    login("admin")
    assert client.get("/roster/settings").status_code == 403


def test_leaving_school_updates_the_enrolment(client, login, roster, db, org):
    from suite.models import Enrolment
    services.sync_enrolment(db, services.roster_schools(db), TODAY)
    db.commit()
    school = roster[0].school_id

    def enrolled():
        db.expire_all()
        return db.scalar(select(func.sum(Enrolment.student_count)).where(
            Enrolment.school_id == school, Enrolment.term_id == org.term.id))

    before = enrolled()
    login("bureau")
    assert client.post(f"/roster/students/{roster[0].id}/status", data={
        "status": "left", "status_date": "2026-11-20"}).status_code == 302
    assert enrolled() == before - 1
    client.post(f"/roster/students/{roster[0].id}/status", data={"status": "expelled",
                                                                 "status_date": "2026-11-20"})
    db.refresh(roster[0])
    assert roster[0].status == "left"
    for day in ("9999-12-31", "0001-01-01", "1999-12-31"):  # no date a pupil can leave on
        response = client.post(f"/roster/students/{roster[1].id}/status",
                               data={"status": "left", "status_date": day}, follow_redirects=True)
        assert "The date must fall between 2000-01-01 and " in response.get_data(as_text=True)
    db.refresh(roster[1])
    assert roster[1].status == "enrolled" and enrolled() == before - 1
