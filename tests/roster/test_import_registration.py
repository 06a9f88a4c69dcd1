"""Registration-system exports imported as they are: title rows, marked headers, codes,
intake labels, apostrophes, pupils with passports, two family members; the same data as GBK
text or an HTML table named .xls gives the same roster; bad rows name row, column, reason."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import delete, func, select

from roster import services
from roster.headers import score
from roster.idcard import check_char
from roster.models import Guardian, ImportRun, SchoolHistory, Student
from roster.synth import make_id
from roster.synth_registration import registration_rows
from suite.models import AuditEntry, School
from suite.tabular import read_table

from .helpers_registration import as_gbk_text, as_html, as_xlsx, roster_rows

TODAY = date(2026, 11, 22)
TERM_START = date(2026, 9, 1)

pytestmark = pytest.mark.usefixtures("en")


def run(db, data, name):
    table = read_table(data, name, header_finder=score)
    result = services.import_students(db, table, filename=name, data=data, today=TODAY)
    db.commit()
    return result


def count(db, model=Student):
    return db.scalar(select(func.count()).select_from(model))


@pytest.fixture
def rows(org):
    return registration_rows(200, [s.code for s in org.schools[:2]], TERM_START)


def test_a_registration_export_of_200_pupils_imports_without_a_mapping(db, rows):
    result = run(db, as_xlsx(rows), "学生信息.xlsx")
    assert result.ok, result.errors[:5]
    assert result.layout == "registration"
    assert result.counts == {"new": 200, "updated": 0, "unchanged": 0, "transferred": 0}
    assert count(db) == 200 and count(db, Guardian) == 400
    first = db.scalar(select(Student).where(Student.student_no == rows[0][59][1:]))
    assert (first.name, first.sex, first.birth_date, first.ethnicity) == (
        "赵雅天", "M", date(2018, 4, 24), "回族")
    assert (first.grade, first.school_stage, first.entry_month, first.boarding) == (
        3, "primary", date(2024, 9, 1), True)
    assert (first.document_type, first.id_number, first.document_number) == (
        "1", "350881201804240011", None)
    assert (first.household_type, first.household_region, first.left_behind) == (
        "non_agricultural", "350881", "no")
    assert (first.migrant_child, first.needs_aid, first.one_subsidy, first.aux_student_no,
            first.class_no, first.entry_mode) == (True, True, True, "FZ000000", "1", "就近入学")
    members = services.guardians_of(db, [first.id])[first.id]
    assert [(g.position, g.name, g.relation, g.is_guardian, g.id_number) for g in members] == [
        (1, "赵大山", "父亲", True, "350881198501020017"),
        (2, "赵秀英", "母亲", False, "350881198501030020")]
    assert (first.guardian_name, first.guardian_phone) == ("赵大山", members[0].phone)
    passports = db.scalars(select(Student).where(Student.document_type == "A")
                           .order_by(Student.student_no)).all()
    assert [(p.id_number, p.document_number, p.student_no[0]) for p in passports] == [
        (None, "E10000198", "J"), (None, "E10000199", "J")]
    assert db.scalar(select(func.count()).where(Student.left_behind == "single")) == 67
    assert db.scalar(select(func.count()).where(Student.grade == 7,
                                                Student.school_stage == "junior")) == \
        db.scalar(select(func.count()).where(Student.grade == 7))


def _clear(db):
    for model in (Guardian, SchoolHistory, Student, ImportRun):
        db.execute(delete(model))
    db.commit()


def test_the_same_data_as_gbk_text_or_html_named_xls_gives_the_same_roster(db, rows):
    assert run(db, as_xlsx(rows), "export.xlsx").ok
    expected = roster_rows(db)
    assert len(expected) == 200
    for data in (as_gbk_text(rows), as_html(rows)):
        _clear(db)
        result = run(db, data, "export.xls")
        assert result.ok and result.counts["new"] == 200, result.errors[:3]
        assert roster_rows(db) == expected


def test_importing_the_same_export_again_changes_nothing(db, rows):
    run(db, as_xlsx(rows), "export.xlsx")
    again = run(db, as_xlsx(rows), "export.xlsx")
    assert again.counts == {"new": 0, "updated": 0, "unchanged": 200, "transferred": 0}
    rows[5][66] = "王五"  # the second family member's name
    assert run(db, as_xlsx(rows), "export.xlsx").counts["updated"] == 1
    assert count(db, Guardian) == 400


def test_bad_rows_name_row_column_and_reason_and_nothing_is_written(db, rows):
    rows[0][3] = "3"                # 性别
    rows[1][8] = "99"               # 民族
    body = "11010120150101001"  # a resident ID that no one in the file has
    saved_j, rows[198][59] = rows[198][59], "G" + body + check_char(body)  # a passport pupil
    rows[199][14] = ""              # a passport pupil without its number
    rows[3][21] = "高一"             # 年级
    rows[4][37] = "是"              # 是否留守儿童: left behind, parents not said: accepted
    result = run(db, as_xlsx(rows), "export.xlsx")
    assert [(e.row, e.column, e.reason) for e in result.errors] == [
        (4, "性别", "must be 男 or 女 (or the code 1 or 2)"),
        (5, "民族", "is not one of the 56 nationalities: write the national code (such as 01) "
                   "or the name (such as 汉族)"),
        (7, "年级", "is a senior high school grade; only grades 1 to 9 can be imported"),
        (202, "全国学籍号", "is a G-form number (G and the resident ID); a pupil without a "
                           "resident ID has a J-form number"),
        (203, "身份证件号", "is required")]
    assert count(db) == 0 and count(db, Guardian) == 0
    rows[0][3], rows[1][8], rows[199][14], rows[3][21] = "1", "01", "E10000199", "一年级"
    rows[198][59] = saved_j
    assert run(db, as_xlsx(rows), "export.xlsx").ok
    assert db.scalar(select(func.count()).where(Student.left_behind == "yes")) == 1


def test_the_registration_layout_export_imports_back_unchanged(client, db, rows, login):
    run(db, as_xlsx(rows), "export.xlsx")
    before = roster_rows(db)
    login("bureau")
    response = client.get("/roster/export.xlsx?layout=registration")
    assert response.status_code == 200
    table = read_table(response.data, "back.xlsx", header_finder=score)
    assert len(table.columns) == 72 and len(table.rows) == 200
    first = next(r for r in table.rows if r["全国学籍号"] == rows[0][59][1:])
    assert (first["性别"], first["民族"], first["就读方式"], first["出生日期"], first["入学年月"],
            first["身份证件号"]) == ("1", "03", "2", "20180424", "202409", "350881201804240011")
    back = services.import_students(db, table, filename="back.xlsx", data=response.data,
                                    today=TODAY)
    db.commit()
    assert back.ok and back.counts == {"new": 0, "updated": 0, "unchanged": 200,
                                       "transferred": 0}
    assert roster_rows(db) == before
    assert db.scalars(select(AuditEntry.note).where(
        AuditEntry.record_id == "registration-export", AuditEntry.action == "view")).all() == [
        "registration layout exported with full ID numbers|200"]  # a code and the count
    login("admin")
    assert client.get("/roster/export.xlsx?layout=registration").status_code == 403
    assert "Roster exported in the registration layout with full ID numbers (200 students)" in \
        client.get("/audit").get_data(as_text=True)
    client.application.config["BABEL_DEFAULT_LOCALE"] = "zh_Hans_CN"
    assert "按学籍系统格式导出花名册，含完整证件号（200 名学生）" in client.get("/audit").get_data(
        as_text=True)


def test_a_passport_pupil_who_gets_a_resident_id_by_our_template(db, rows):
    """A pupil imported with a passport (no resident ID), then listed in our template with a
    resident ID: the ID is kept and the passport goes (a pupil holds one or the other); a
    template row without an ID leaves the passport as it was."""
    assert run(db, as_xlsx(rows), "export.xlsx").ok
    pupil = db.scalar(select(Student).where(Student.document_type == "A").order_by(Student.id))
    resident = make_id("350881", pupil.birth_date, pupil.sex, 7)
    header = "学籍号,姓名,性别,出生日期,身份证号,学校代码,年级"
    school = db.get(School, pupil.school_id).code
    sex = "男" if pupil.sex == "M" else "女"
    line = f"{pupil.student_no},{pupil.name},{sex},,{{}},{school},{pupil.grade}"
    assert run(db, f"{header}\n{line.format('')}\n".encode(), "ours.csv").ok
    db.expire_all()
    assert (pupil.document_type, pupil.document_number, pupil.id_number) == ("A", "E10000198",
                                                                           None)
    result = run(db, f"{header}\n{line.format(resident)}\n".encode(), "ours.csv")
    assert [(e.row, e.column, e.reason) for e in result.errors] == []
    db.expire_all()
    assert (pupil.document_type, pupil.document_number, pupil.id_number) == ("1", None,
                                                                           resident)
