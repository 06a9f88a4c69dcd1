"""Household-side ledger (entries, import, sign-off, consolidation, supplementary list,
township scoping) and home visits with withdrawal of aid."""
from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from sqlalchemy import func, select

from roster import services as hh
from roster.models import (AidCategory, DifficultyLevel, HomeVisit, HouseholdChild,
                           LedgerSignOff, Student, StudentAid)
from roster.synth import make_id
from suite.auth import has_permission
from suite.models import AuditEntry
from suite.tabular import read_table

from .helpers import AIDED, NOT_AIDED, child, ledger_csv

TODAY = date(2026, 11, 22)
YEAR = 2026


pytestmark = pytest.mark.usefixtures("en")  # English pages and messages


def count(db, model=HouseholdChild):
    return db.scalar(select(func.count()).select_from(model))


def add(db, township, n=0, **changes) -> int:
    child_id = hh.add_child(db, township.id, YEAR, child(n, **changes), today=TODAY)
    db.commit()
    return child_id


def test_an_entry_is_saved_with_codes_and_the_birth_date(db, org):
    child_id = add(db, org.townships[0], **NOT_AIDED)
    row = db.get(HouseholdChild, child_id)
    assert (row.stage, row.location, row.household_kind) == ("senior_high", "outside",
                                                             "poverty_alleviated")
    assert row.birth_date == date(2010, 5, 1) and row.aided is False and row.supplementary


@pytest.mark.parametrize("changes, field, reason", [
    ({"id_number": "110101201001010019"}, "id_number", "has a wrong check digit"),
    ({"id_number": "11010120100101001"}, "id_number", "must have 18 characters"),
    ({"id_number": ""}, "id_number", "is required"),
    ({"stage": "大学"}, "stage", "is not a school stage"),
    ({"location": "国外"}, "location", "must be 县内, 县外市内 or 市外"),
    ({"household_kind": "低保"}, "household_kind", "is not a registered-poor"),
    ({"school_name": ""}, "school_name", "is required"),
    ({"aided": "也许"}, "aided", "must be 是, 否 or empty"),
    (dict(NOT_AIDED, aid_program="助学金"), "aid_program", "must be empty for a child not"),
    (dict(AIDED, aid_program=""), "aid_program", "is required for an aided child"),
    (dict(AIDED, aid_amount="12.345"), "aid_amount", "is not an amount"),
    (dict(AIDED, confirmed_by=""), "confirmed_by", "is required once the aid is confirmed"),
    (dict(AIDED, confirmed_on="2027-01-01"), "confirmed_on", "is not a real date"),
    ({"confirmed_by": "某人"}, "confirmed_by", "must be empty while the aid is not confirmed"),
])
def test_each_validation_message_saves_nothing(db, org, changes, field, reason):
    with pytest.raises(hh.HouseholdError) as exc:
        hh.add_child(db, org.townships[0].id, YEAR, child(**changes), today=TODAY)
    assert reason in exc.value.errors[field]
    db.rollback()
    assert count(db) == 0


def test_a_child_is_counted_once_in_the_county(db, org):
    add(db, org.townships[0])
    for township, reason in ((org.townships[0], "already on this ledger"),
                             (org.townships[1], "another township's ledger")):
        with pytest.raises(hh.HouseholdError) as exc:
            hh.add_child(db, township.id, YEAR, child(), today=TODAY)
        assert reason in exc.value.errors["id_number"]
    hh.add_child(db, org.townships[1].id, YEAR + 1, child(), today=TODAY)  # another year


def run(db, township, rows=None, data=None, name="ledger.csv"):
    data = data if data is not None else ledger_csv(rows)
    result = hh.import_ledger(db, read_table(data, name), township_id=township.id, year=YEAR,
                              today=TODAY)
    db.commit()
    return result


def test_import_is_all_or_nothing_and_lists_every_bad_row(db, org):
    rows = [child(n) for n in range(6)]
    rows[1]["id_number"] = "110101201001010019"
    rows[3]["stage"] = "大学"
    rows[4].update(aided="否", confirmed_by="扶贫办")  # no date
    rows[5]["id_number"] = rows[0]["id_number"]
    result = run(db, org.townships[0], rows)
    assert {(e.row, e.column) for e in result.errors} == {
        (3, "身份证号"), (5, "学段"), (6, "确认日期"), (7, "身份证号")}
    assert "row 2" in next(e.reason for e in result.errors if e.row == 7)
    assert count(db) == 0


def test_a_bad_row_after_a_blank_line_and_title_rows_is_named_by_its_true_row(db, org):
    """Title row 1, header row 2, data on rows 3 and 5 (row 4 left blank): the bad row is 5."""
    rows = [child(n) for n in range(2)]
    rows[1]["stage"] = "大学"
    lines = ledger_csv(rows).decode("utf-8-sig").splitlines()
    data = "\n".join(["某乡镇2026年台账", *lines[:2], "", lines[2]]).encode()
    result = hh.import_ledger(db, read_table(data, "ledger.csv",
                                             header_finder=hh.ledger_header_score),
                              township_id=org.townships[0].id, year=YEAR, today=TODAY)
    assert [(e.row, e.column) for e in result.errors] == [(5, "学段")]
    assert count(db) == 0


def test_import_adds_then_updates_by_id_number(db, org):
    rows = [child(n) for n in range(4)]
    assert run(db, org.townships[0], rows).counts == {"new": 4, "updated": 0, "unchanged": 0}
    rows[2].update(NOT_AIDED)
    assert run(db, org.townships[0], rows).counts == {"new": 0, "updated": 1, "unchanged": 3}
    assert count(db) == 4 and [r["name"] for r in hh.supplementary_list(db, YEAR)] == ["王2"]


def test_import_refuses_a_missing_column_and_numeric_ids(db, org):
    (error,) = run(db, org.townships[0], data="姓名\n张三\n".encode()).errors
    assert error.row == 1 and "学段" in error.column and "missing" in error.reason
    book = openpyxl.Workbook()
    book.active.append(list(hh.LEDGER_HEADERS.values()))
    book.active.append(list(child().values()))
    book.active.cell(2, 2).value = 35088120100501001
    out = io.BytesIO()
    book.save(out)
    (error,) = run(db, org.townships[0], data=out.getvalue(), name="ledger.xlsx").errors
    assert error.row == 2 and "format the column as text" in error.reason and count(db) == 0


def test_template_has_chinese_headers_and_a_text_id_column(client, login, org):
    login("township_officer", township=org.townships[0])
    response = client.get("/roster/household/template.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).worksheets[0]
    assert [c.value for c in sheet[1]] == list(hh.LEDGER_HEADERS.values())
    assert sheet.column_dimensions["B"].number_format == "@"


def test_sign_off_makes_the_entries_read_only_until_the_bureau_reopens(db, org, client,
                                                                          login):
    child_id = add(db, org.townships[0])
    officer = login("township_officer", township=org.townships[0])
    db.commit()  # the rollbacks below must not undo the officer
    here = f"township={org.townships[0].id}&year={YEAR}"
    assert client.post(f"/roster/household/signoff?{here}").status_code == 302
    sign = db.scalar(select(LedgerSignOff))
    assert (sign.signed_by, sign.children) == (officer.id, 1)
    for attempt in (lambda: hh.add_child(db, org.townships[0].id, YEAR, child(1), today=TODAY),
                    lambda: hh.edit_child(db, child_id, child(name="李四"), today=TODAY),
                    lambda: hh.remove_child(db, child_id),
                    lambda: hh.import_ledger(db, read_table(ledger_csv([child(2)]), "l.csv"),
                                             township_id=org.townships[0].id, year=YEAR,
                                             today=TODAY)):
        with pytest.raises(hh.HouseholdError):
            attempt()
        db.rollback()
    page = client.post(f"/roster/household/child?id={child_id}", data=child(name="李四"))
    assert "signed off and read-only" in page.get_data(as_text=True)
    assert client.post(f"/roster/household/reopen?{here}").status_code == 403
    db.expire_all()
    assert db.get(HouseholdChild, child_id).name == "王0" and count(db) == 1
    login("bureau")
    assert client.post(f"/roster/household/reopen?{here}").status_code == 302
    assert count(db, LedgerSignOff) == 0
    hh.edit_child(db, child_id, child(name="李四"), today=TODAY)


def test_supplementary_list_holds_exactly_the_children_confirmed_not_aided(db, org):
    east, west = org.townships
    expected = {add(db, east, 0, **NOT_AIDED), add(db, west, 1, **NOT_AIDED)}
    add(db, east, 2, **AIDED)
    add(db, west, 3)
    changed = add(db, east, 4, **NOT_AIDED)
    hh.edit_child(db, changed, child(4, **AIDED), today=TODAY)
    assert {r["id"] for r in hh.supplementary_list(db, YEAR)} == expected
    assert {r["id"] for r in hh.supplementary_list(db, YEAR, west.id)} == expected - {
        r["id"] for r in hh.supplementary_list(db, YEAR, east.id)}


def test_officer_of_one_township_gets_404_on_another(db, org, client, login):
    east, west = org.townships
    mine, theirs = add(db, east, 0), add(db, west, 1)
    login("township_officer", township=east)
    assert client.get("/roster/household").status_code == 200
    assert client.get(f"/roster/household/child?id={mine}").status_code == 200
    for url in (f"/roster/household?township={west.id}",
                f"/roster/household/child?township={west.id}",
                f"/roster/household/child?id={theirs}",
                f"/roster/household/import?township={west.id}"):
        assert client.get(url).status_code == 404, url
    for url in (f"/roster/household/child?id={theirs}",
                f"/roster/household/child/remove?id={theirs}",
                f"/roster/household/child?township={west.id}",
                f"/roster/household/signoff?township={west.id}&year={YEAR}"):
        assert client.post(url, data=child(2, name="改名")).status_code == 404, url
    db.expire_all()
    assert db.get(HouseholdChild, theirs).name == "王1" and count(db) == 2
    assert count(db, LedgerSignOff) == 0
    assert client.get("/roster/household/county").status_code == 302
    assert client.get(f"/roster/visits?township={west.id}").status_code == 404


def test_officer_enters_their_own_ledger_through_the_page(db, org, client, login):
    login("township_officer", township=org.townships[0])
    response = client.post("/roster/household/child", data=child(stage="泰拳"))
    assert "is not a school stage" in response.get_data(as_text=True) and count(db) == 0
    assert client.post("/roster/household/child", data=child()).status_code == 302
    assert db.scalar(select(HouseholdChild.township_id)) == org.townships[0].id
    data = {"file": (io.BytesIO(ledger_csv([child(1), child(2)])), "ledger.csv")}
    assert client.post("/roster/household/import", data=data).status_code == 302
    assert count(db) == 3
    # the township's own file, a title row and a date written as on paper above the template
    rows = [child(3, **{**NOT_AIDED, "confirmed_on": "2026年6月10日"})]
    titled = "白水乡2026年家庭经济困难学生台账\r\n".encode() + ledger_csv(rows).removeprefix(
        "\ufeff".encode())
    data = {"file": (io.BytesIO(titled), "ledger.csv")}
    assert client.post("/roster/household/import", data=data).status_code == 302
    assert count(db) == 4
    assert db.scalar(select(HouseholdChild.confirmed_on).where(
        HouseholdChild.name == "王3")) == date(2026, 6, 10)


def test_bureau_consolidation_counts_per_township_stage_and_location(db, org, client, login):
    east, west = org.townships
    add(db, east, 0, **NOT_AIDED)
    add(db, east, 1, stage="义务教育", location="县内")
    add(db, west, 2, stage="中职", location="县外市内", **AIDED)
    hh.sign_off(db, west.id, YEAR, user_id=login("bureau").id)
    db.commit()
    c = hh.consolidate(db, YEAR)
    by_id = {t["id"]: t for t in c["townships"]}
    assert by_id[east.id]["stages"] == {"preschool": 0, "compulsory": 1, "senior_high": 1,
                                        "vocational": 0, "higher": 0}
    assert by_id[east.id]["locations"] == {"county": 1, "city": 0, "outside": 1}
    assert (by_id[east.id]["unconfirmed"], by_id[east.id]["supplementary"]) == (1, 1)
    assert by_id[west.id]["total"] == 1 and by_id[west.id]["signed_at"] is not None
    assert by_id[east.id]["signed_at"] is None
    assert c["county"]["total"] == 3 and c["county"]["locations"]["city"] == 1
    page = client.get(f"/roster/household/county?year={YEAR}").get_data(as_text=True)
    assert "<svg" in page and "<script" not in page.split("<main>")[1].split("</main>")[0]


def test_supplementary_export_is_masked_unless_revealed_and_audited(db, org, client, login):
    add(db, org.townships[0], **NOT_AIDED)
    full_id = child()["id_number"]
    login("bureau")
    masked = read_table(client.get(f"/roster/household/supplementary.xlsx?year={YEAR}").data,
                        "x.xlsx")
    assert masked.rows[0]["ID number"] == full_id[:4] + "*" * 10 + full_id[-4:]
    full = read_table(client.get(f"/roster/household/supplementary.xlsx?year={YEAR}&full=1")
                      .data, "x.xlsx")
    assert full.rows[0]["ID number"] == full_id
    entry = db.scalar(select(AuditEntry).where(AuditEntry.action == "view",
                                               AuditEntry.record_type == "roster_household_child"))
    # kept as a code, shown in the reader's language (exported in English, read in Chinese)
    assert entry.note == "supplementary list exported with full ID numbers"
    login("admin")
    assert "Supplementary aid list exported with full ID numbers" in client.get(
        "/audit").get_data(as_text=True)
    client.application.config["BABEL_DEFAULT_LOCALE"] = "zh_Hans_CN"
    assert "导出县级补充资助名单（含完整身份证号）" in client.get("/audit").get_data(as_text=True)


@pytest.fixture
def aided_student(db, org):
    id_number = make_id("350881", date(2015, 3, 4), "F", 7)
    student = Student(student_no="G" + id_number, name="陈小红", sex="F", grade=5,
                      id_number=id_number, school_id=org.schools[0].id)
    db.add(student)
    db.flush()
    category = db.scalar(select(AidCategory).where(AidCategory.code == "poverty_alleviated"))
    level = db.scalar(select(DifficultyLevel).where(DifficultyLevel.code == "special"))
    aid = StudentAid(student_id=student.id, category_id=category.id, level_id=level.id,
                     start_date=date(2026, 9, 1), confirmed_by="资助办")
    db.add(aid)
    db.commit()
    return student, aid


VISIT = {"visit_date": "2026-11-20", "visitors": "张老师、李主任", "findings": "家中新建楼房，父母在外务工"}


def test_home_visit_withdrawing_aid_sets_withdrawn_at_and_the_amount(db, client, login,
                                                                      aided_student):
    student, aid = aided_student
    login("bureau")
    url = f"/roster/visits/student?student={student.id}"
    page = client.post(url, data=dict(VISIT, conclusion="aid_withdrawn"))
    assert "Choose the aid in force" in page.get_data(as_text=True)
    assert count(db, HomeVisit) == 0
    response = client.post(url, data=dict(VISIT, conclusion="aid_withdrawn", aid_id=aid.id,
                                          withdraw_reason="人情帮扶", recover_amount="625.00"))
    assert response.status_code == 302
    db.expire_all()
    assert aid.withdrawn_at is not None and aid.withdraw_reason == "人情帮扶"
    visit = db.scalar(select(HomeVisit))
    assert visit.recover_amount == Decimal("625.00") and visit.conclusion == "aid_withdrawn"
    with pytest.raises(hh.HouseholdError):
        hh.withdraw_aid(db, aid.id, reason="again")


def test_home_visit_can_change_the_level_or_just_confirm(db, aided_student):
    student, aid = aided_student
    general = db.scalar(select(DifficultyLevel).where(DifficultyLevel.code == "general"))
    hh.record_visit(db, student.id, dict(VISIT, conclusion="level_changed", aid_id=aid.id,
                                         level_id=general.id), today=TODAY)
    db.commit()
    with pytest.raises(hh.HouseholdError) as exc:
        hh.record_visit(db, student.id, dict(VISIT, conclusion="confirmed",
                                             recover_amount="5"), today=TODAY)
    assert "recover_amount" in exc.value.errors
    db.rollback()
    hh.record_visit(db, student.id, dict(VISIT, conclusion="confirmed"), today=TODAY)
    assert aid.level_id == general.id and aid.withdrawn_at is None
    assert [v["conclusion"] for v in hh.visit_list(db, student.id)] == ["confirmed",
                                                                        "level_changed"]


def test_changes_are_audited_with_the_actor(db, org, client, login, aided_student):
    student, aid = aided_student
    user = login("township_officer", township=org.townships[0])
    client.post("/roster/household/child", data=child(**NOT_AIDED))
    client.post(f"/roster/household/signoff?year={YEAR}")
    login("bureau")
    client.post(f"/roster/household/reopen?township={org.townships[0].id}&year={YEAR}")
    client.post(f"/roster/visits/student?student={student.id}", data=dict(
        VISIT, conclusion="aid_withdrawn", aid_id=aid.id, withdraw_reason="弄虚作假"))
    entries = {(e.record_type, e.action, e.actor) for e in db.scalars(select(AuditEntry))}
    assert ("roster_household_child", "create", user.username) in entries
    assert ("roster_ledger_signoff", "create", user.username) in entries
    assert {("roster_ledger_signoff", "delete"), ("roster_home_visit", "create"),
            ("roster_student_aid", "update")} <= {(t, a) for t, a, _u in entries}


@pytest.mark.parametrize("role", ["admin", "bureau", "nutritionist", "canteen_manager",
                                  "township_officer"])
def test_each_role_gets_what_the_declarations_say(app, db, org, client, login, role):
    add(db, org.townships[0], 0, **NOT_AIDED)
    user = login(role, township=org.townships[0] if role == "township_officer" else None)
    checked = 0
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith(("roster.household", "roster.visit")):
            continue
        allowed = has_permission(user, app.view_functions[rule.endpoint]._access[1])
        if rule.endpoint == "roster.household_reopen" and role == "township_officer":
            allowed = False  # the bureau reopens
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            status = client.open(rule.rule, method=method).status_code
            checked += 1
            if not allowed:
                assert status == 403, (role, method, rule.rule, status)
            elif method == "GET":
                assert status in (200, 302), (role, method, rule.rule, status)
            else:
                assert status not in (403, 500), (role, method, rule.rule, status)
    assert checked >= 12


def test_a_child_without_a_resident_id_and_the_id_columns_of_a_ledger_file(db, org):
    """其他证件号码 holds another document's number; a resident ID typed there is checked as
    one; a number twice is named in its own column; a file with neither number column is
    refused once, by its header."""
    rows = [child(0), child(1, id_number="", document_number="E12345678"),
            child(2, id_number="", document_number="35088120100503001X"),  # bad check digit
            child(3, id_number="", document_number="E12345678")]
    result = run(db, org.townships[0], rows)
    assert [(e.row, e.column, e.value) for e in result.errors] == [
        (4, "其他证件号码", "35088120100503001X"), (5, "其他证件号码", "E12345678")]
    assert "row 3" in result.errors[1].reason and count(db) == 0
    resident = make_id("350881", date(2010, 5, 3), "M", 2)
    rows[2]["document_number"] = resident
    assert run(db, org.townships[0], rows[:3]).ok
    stored = {c.name: (c.id_number, c.document_number) for c in db.scalars(
        select(HouseholdChild))}
    assert (stored["王1"], stored["王2"]) == ((None, "E12345678"), (resident, None))
    no_ids = ("姓名,户类别,学段,就读地,就读学校,证件号码\n"
              "王五,脱贫家庭学生,普通高中,市外,厦门一中,350881201005010011\n").encode()
    [error] = run(db, org.townships[0], data=no_ids).errors
    assert (error.row, error.column, error.reason) == (1, "身份证号", "required column missing")
