"""The registration system's fields of a pupil (issue 14, fields we lack): constraints, the
pupil without a resident ID, family members, aid recognitions with several categories, the
special kinds as filters and counts, the export's columns, and matching by document number."""
from __future__ import annotations

import io
import re
from datetime import date, datetime, timezone

import openpyxl
import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import IntegrityError

from roster import services
from roster.models import (AidCategory, DifficultyLevel, Guardian, Student, StudentAid)
from roster.synth import make_id
from suite import accounts
from suite.models import AuditEntry
from suite.tabular import read_table

pytestmark = pytest.mark.usefixtures("en")
PASSPORT = "E12345678"
SINCE = date(2026, 9, 1)


def pupil(db, school, n, **values) -> Student:
    born = date(2015, 1, 1 + n)
    id_number = make_id("350881", born, "M", n)
    values = {"student_no": "G" + id_number, "name": f"学生{n}", "sex": "M", "grade": 3,
              "birth_date": born, "id_number": id_number, "school_id": school.id} | values
    student = Student(**values)
    db.add(student)
    db.flush()
    return student


def passport_pupil(db, school, n=9) -> Student:
    born = date(2015, 1, 1 + n)
    return pupil(db, school, n, student_no="J" + make_id("350881", born, "M", n),
                 id_number=None, document_type="A", document_number=PASSPORT, name="安娜")


def aid(db, student, code, **values) -> StudentAid:
    category = db.scalar(select(AidCategory).where(AidCategory.code == code))
    row = StudentAid(student_id=student.id, category_id=category.id, start_date=SINCE,
                     confirmed_by="资助办", **values)
    db.add(row)
    db.flush()
    return row


@pytest.mark.parametrize("values", [
    {"document_type": "A"},                                         # no number
    {"document_type": "A", "document_number": PASSPORT},            # and a resident ID
    {"document_number": PASSPORT},                                  # type 1 with a number
    {"document_type": "C", "id_number": None, "document_number": PASSPORT},
    {"left_behind": "maybe"}, {"school_stage": "senior"}, {"household_type": "urban"},
    {"household_region": "3508"},
])
def test_the_table_refuses_what_the_fields_cannot_hold(db, org, values):
    with pytest.raises(IntegrityError):
        with db.begin_nested():
            pupil(db, org.schools[0], 1, **values)


def test_a_document_number_is_unique_per_type_and_guardians_per_position(db, org):
    passport_pupil(db, org.schools[0])
    with pytest.raises(IntegrityError), db.begin_nested():
        passport_pupil(db, org.schools[0], 10)
    other = pupil(db, org.schools[0], 11, id_number=None, document_type="Z",
                  document_number=PASSPORT)  # another type may carry the same characters
    db.add(Guardian(student_id=other.id, position=1, name="母"))
    db.flush()
    for position in (1, 3):
        with pytest.raises(IntegrityError), db.begin_nested():
            db.add(Guardian(student_id=other.id, position=position, name="父"))
            db.flush()


def test_set_document_moves_the_number_and_refuses_a_bad_one(db, org):
    student = pupil(db, org.schools[0], 1)
    services.set_document(db, student, "A", " e1234 5678 ")
    assert (student.document_type, student.id_number, student.document_number) == (
        "A", None, PASSPORT)
    other = pupil(db, org.schools[0], 2)
    for kind, number, problem in (("A", PASSPORT, "belongs to another student already"),
                                  ("A", "", "Enter the document's number."),
                                  ("1", "110101201001010019", "has a wrong check digit")):
        with pytest.raises(services.RosterError) as exc:
            services.set_document(db, other, kind, number)
        assert problem in exc.value.errors["document_number"]
        assert (other.document_type, other.document_number) == ("1", None)
    services.set_document(db, student, "1", make_id("350881", date(2015, 1, 2), "M", 1))
    assert (student.document_type, student.document_number) == ("1", None)


def test_guardians_mirror_the_first_into_the_student_and_are_audited(db, org):
    student = pupil(db, org.schools[0], 1)
    dad = {"name": "王大山", "relation": "父亲", "is_guardian": True, "document_type": "1",
           "id_number": make_id("350881", date(1985, 3, 1), "M", 3), "phone": "13912345678"}
    gran = {"name": "王老太", "relation": "祖母", "document_type": "A", "id_number": "P7654321"}
    services.set_guardians(db, student, [dad, gran])
    db.commit()
    rows = services.guardians_of(db, [student.id])[student.id]
    assert [(g.position, g.name, g.is_guardian, g.document_type) for g in rows] == [
        (1, "王大山", True, "1"), (2, "王老太", False, "A")]
    assert (student.guardian_name, student.guardian_phone) == ("王大山", "13912345678")
    with pytest.raises(services.RosterError) as exc:
        services.set_guardians(db, student, [dict(dad, id_number="110101201001010019")])
    assert list(exc.value.errors) == ["guardian1_id_number"]
    services.set_guardians(db, student, [{}, gran])  # the father's place left empty
    db.commit()
    assert [g.position for g in services.guardians_of(db, [student.id])[student.id]] == [2]
    assert student.guardian_name == ""
    actions = db.execute(select(AuditEntry.action, func.count()).where(
        AuditEntry.record_type == "roster_guardian").group_by(AuditEntry.action)).all()
    assert dict(actions) == {"create": 2, "delete": 1}


def test_an_aid_list_row_keeps_level_date_and_reason_per_category(db, org):
    student = pupil(db, org.schools[0], 1)
    first = services.record_recognition(
        db, student, category_codes=["poverty_alleviated", "dibao"], level="特别困难",
        recognised_on=date(2026, 9, 10), reason="因病致贫", household_no="3508810001",
        household_head="王大山")
    services.record_recognition(db, student, category_codes=["orphan"], level="general",
                                recognised_on=date(2026, 10, 8), reason="父母双亡")
    again = services.record_recognition(  # the same list again: updated, not doubled
        db, student, category_codes=["dibao"], level="比较困难", recognised_on=date(2026, 9, 10),
        reason="低保户")
    assert again[0].id == first[1].id
    levels = dict(db.execute(select(DifficultyLevel.id, DifficultyLevel.name)).all())
    rows = db.execute(select(AidCategory.code, StudentAid.level_id, StudentAid.start_date,
                             StudentAid.recognised_reason).join(AidCategory).where(
        StudentAid.student_id == student.id).order_by(AidCategory.position)).all()
    assert [(c, levels[lv], d, r) for c, lv, d, r in rows] == [
        ("poverty_alleviated", "特别困难", date(2026, 9, 10), "因病致贫"),
        ("dibao", "比较困难", date(2026, 9, 10), "低保户"),
        ("orphan", "一般困难", date(2026, 10, 8), "父母双亡")]
    assert (student.household_no, student.household_head) == ("3508810001", "王大山")
    with pytest.raises(services.RosterError) as exc:
        services.record_recognition(db, student, category_codes=["nope"],
                                    recognised_on=date(2026, 9, 10))
    assert exc.value.errors["category"] == "Unknown aid category: nope."


@pytest.fixture
def county(db, org):
    """Ten pupils of two schools: what each is, and what each is not."""
    a, b = org.schools[0], org.schools[1]
    s = {n: pupil(db, a if n <= 5 else b, n) for n in range(1, 9)}
    s[1].left_behind = "single"
    s[2].left_behind, s[2].migrant_child = "both", True
    s[3].left_behind = "no"
    aid(db, s[3], "left_behind")                          # left behind by its aid category
    aid(db, s[4], "poverty_alleviated")
    aid(db, s[4], "dibao")                                # two categories, one pupil
    aid(db, s[5], "dibao", withdrawn_at=datetime(2026, 10, 1, tzinfo=timezone.utc),
        withdraw_reason="核实不符")
    s[6].orphan = True
    aid(db, s[6], "orphan")                               # counted once
    s[7].disability_type = "听力残疾"
    aid(db, s[8], "preferential_care")
    s[9] = passport_pupil(db, b)
    s[10] = pupil(db, b, 10)
    aid(db, s[10], "tekun", end_date=date(2026, 10, 31))  # ended before today
    db.commit()
    return s


def _counts(page: str) -> dict[str, int]:
    return {k: int(n) for k, n in re.findall(
        r'data-kind="(\w+)">[^<]*<span class="badge">(\d+)</span>', page)}


def test_the_roster_page_counts_and_filters_the_special_kinds(client, login, org, county):
    login("bureau")
    page = client.get("/roster/students").get_data(as_text=True)
    assert _counts(page) == {"left_behind": 3, "poverty_alleviated": 1, "dibao": 1,
                             "tekun": 0, "orphan": 1, "disabled": 1, "migrant": 1, "martyr": 1}
    assert "10 students" in page
    assert 'data-kind="left_behind">Left-behind children <span' in page  # not 留守儿童
    page = client.get("/roster/students?special=left_behind").get_data(as_text=True)
    assert "3 students" in page and re.findall(r"<td>(学生\d)</td>", page) == [
        "学生1", "学生2", "学生3"]
    assert 'aria-current="page" data-kind="left_behind"' in page
    school = client.get(f"/roster/students?school={org.schools[1].id}").get_data(as_text=True)
    assert _counts(school)["left_behind"] == 0 and _counts(school)["martyr"] == 1
    links = re.findall(r'href="([^"]*)" data-kind="left_behind"', school)
    assert links == [f"/roster/students?special=left_behind&amp;school={org.schools[1].id}"]
    assert "0 students" in client.get(
        f"/roster/students?special=martyr&school={org.schools[0].id}").get_data(as_text=True)
    unknown = client.get("/roster/students?special=<x>").get_data(as_text=True)
    assert "10 students" in unknown  # an unknown kind is no filter


def test_the_counts_are_one_statement(db, org, county):
    statements = []
    connection = db.connection()

    def count(*args):
        statements.append(args[2])
    event.listen(connection, "before_cursor_execute", count)
    try:
        found = services.special_counts(db, select(Student), date(2026, 11, 23))
    finally:
        event.remove(connection, "before_cursor_execute", count)
    assert len(statements) == 1 and found["left_behind"] == 3 and found["dibao"] == 1


def test_the_pages_show_the_fields_with_every_number_masked(client, login, db, org, county):
    student = county[9]
    services.set_guardians(db, student, [{"name": "玛丽", "relation": "母亲", "document_type": "A",
                                          "id_number": "P7654321", "phone": "13912345678",
                                          "is_guardian": True}])
    student.left_behind, student.entry_month = "single", date(2023, 9, 1)
    db.commit()
    user = login("bureau")
    page = client.get(f"/roster/students/{student.id}").get_data(as_text=True)
    assert "Passport" in page and "E*****678" in page and PASSPORT not in page
    assert "P****321" in page and "P7654321" not in page and "13912345678" not in page
    assert "One parent away from home" in page and "2023-09" in page
    listing = client.get("/roster/students").get_data(as_text=True)
    assert "E*****678" in listing and PASSPORT not in listing
    token = accounts.create_token(db, user)
    db.commit()
    api = client.get("/api/v1/roster/students?special=left_behind",
                     headers={"Authorization": f"Bearer {token}"}).get_json()["students"]
    assert [(s["name"], s["document_type"], s["document_number"], s["left_behind"])
            for s in api if s["name"] == "安娜"] == [("安娜", "A", "E*****678", "single")]
    assert len(api) == 4  # 学生1, 学生2, 学生3 and 安娜, now left behind
    revealed = client.post(f"/roster/students/{student.id}/reveal").get_data(as_text=True)
    assert PASSPORT in revealed and "P7654321" in revealed


def test_the_chinese_student_page_has_no_code(app, client, login, db, org, county):
    app.config["BABEL_DEFAULT_LOCALE"] = "zh_Hans_CN"
    login("bureau")
    page = client.get(f"/roster/students/{county[9].id}").get_data(as_text=True)
    assert "护照" in page and "留守儿童" in page and "家庭成员" in page
    body = re.sub(r"<[^>]+>|&\w+;", " ", page[page.index("<main"):])
    assert not {w for w in re.findall(r"[A-Za-z_]{3,}", body)} - {"PDF"}, body


def test_the_export_has_the_registration_columns_masked(client, login, db, org, county):
    services.set_guardians(db, county[9], [{"name": "玛丽", "relation": "母亲",
                                           "document_type": "A", "id_number": "P7654321",
                                           "phone": "13912345678"}])
    county[9].household_no = "3508810009"
    db.commit()
    login("bureau")
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/roster/export.xlsx").data)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    assert header[12:16] == ["身份证件类型", "身份证件号", "学籍辅号", "班内学号"]
    assert header[-6:] == ["家庭成员2姓名", "家庭成员2关系", "家庭成员2是否监护人",
                           "家庭成员2身份证件类型", "家庭成员2身份证件号", "家庭成员2联系电话"]
    assert len(header) == 12 + 19 + 12
    row = dict(zip(header, next(r for r in rows if r[3] == "安娜")))
    assert (row["身份证件类型"], row["身份证件号"], row["户编号"]) == ("护照", "E*****678",
                                                                   "3508810009")
    assert (row["家庭成员1姓名"], row["家庭成员1身份证件号"], row["家庭成员1联系电话"]) == (
        "玛丽", "P****321", "139****5678")
    first = dict(zip(header, next(r for r in rows if r[3] == "学生1")))
    assert (first["是否留守儿童"], first["身份证件类型"], first["家庭成员1姓名"]) == (
        "单亲留守", "居民身份证", "")
    text = "\n".join(str(c) for r in rows for c in r)
    assert PASSPORT not in text and "P7654321" not in text


def _list(rows) -> bytes:
    return ("姓名,证件号码,出生日期\n" + "".join(f"{n},{i},{b}\n" for n, i, b in rows)).encode()


def test_a_pupil_without_a_resident_id_is_matched_by_the_document_number(db, org, county):
    school = org.schools[1]
    other = county[10]
    data = _list([("安娜", PASSPORT, "2015-01-10"), (other.name, other.id_number, "")])
    run = services.run_reconciliation(db, left="roster", right="list", school_id=school.id,
                                      table=read_table(data, "list.csv"),
                                      today=date(2026, 11, 23))
    assert (run.counts["by_id"], run.counts["by_name_birth"], run.counts["only_right"]) == (
        2, 0, 0)
    assert run.counts["only_left"] == 3  # 学生6, 学生7, 学生8: not on this list


def test_the_ledger_takes_a_document_number_and_matches_the_roster_by_it(db, org, county):
    year = 2026
    township = org.schools[1].township_id
    entry = {"name": "安娜", "id_number": "", "document_number": PASSPORT, "village": "红星村",
             "household_head": "安某", "household_kind": "脱贫家庭学生", "stage": "义务教育",
             "location": "县内", "school_name": org.schools[1].name}
    services.add_child(db, township, year, entry, today=date(2026, 11, 23))
    with pytest.raises(services.HouseholdError) as exc:
        services.add_child(db, township, year, entry, today=date(2026, 11, 23))
    assert exc.value.errors == {"document_number": "is already on this ledger"}
    with pytest.raises(services.HouseholdError) as exc:
        services.add_child(db, township, year, dict(entry, document_number=""),
                           today=date(2026, 11, 23))
    assert exc.value.errors == {"id_number": "is required"}
    run = services.run_reconciliation(db, left="roster", right="ledger", year=year,
                                      school_id=org.schools[1].id, today=date(2026, 11, 23))
    assert (run.counts["by_id"], run.counts["only_right"], run.counts["only_left"]) == (1, 0, 4)
    cases, _n = services.list_cases(db, run)
    assert "安娜" not in {c.name for c in cases}


def test_the_audit_log_names_the_new_fields_and_values_in_chinese(app, client, login, db, org):
    app.config["BABEL_DEFAULT_LOCALE"] = "zh_Hans_CN"
    login("admin")
    student = passport_pupil(db, org.schools[0])
    db.commit()
    student.left_behind, student.household_type = "both", "agricultural"
    services.set_guardians(db, student, [{"name": "玛丽", "document_type": "A",
                                          "id_number": "P7654321"}])
    db.commit()
    html = client.get("/audit").get_data(as_text=True)
    table = html[html.index('<table class="audit">'):html.index("</table>")]
    assert "<dt>留守儿童</dt><dd>— → 双亲留守</dd>" in table.replace("未知", "—")
    assert "<dt>户口性质</dt><dd>— → 农业</dd>" in table
    assert "学生家庭成员 · 玛丽" in table and "<dt>证件号码</dt><dd>E*****678</dd>" in table
    assert "<dt>证件类型</dt><dd>护照</dd>" in table and "<dt>身份证号</dt><dd>P****321</dd>" in table
    assert PASSPORT not in table and "P7654321" not in table


def test_a_county_sized_export_is_not_too_many_parameters(db, org):
    """The family members and the aid in force of 70,000 pupils in one statement each:
    PostgreSQL takes at most 65,535 bound parameters, so the ids are written into it."""
    ids = range(1, 70_001)
    assert services.guardians_of(db, ids) == {}
    assert services.aid_in_force(db, ids, date(2026, 11, 22)) == {}
