"""Reconciliation (比对): the engine's rules on hand-built lists, the stored run and its work
queue, the pages and who may use them, the export and the CLI."""
from __future__ import annotations

import csv
import io
import json
from collections import Counter
from datetime import date

import openpyxl
import pandas as pd
import pytest
from flask_babel import force_locale
from sqlalchemy import select

from roster.models import (AidCategory, HouseholdChild, ReconCase, ReconRun, Student,
                           StudentAid)
from roster.matching import reconcile
from roster.reconciliation import describe
from roster.synth import make_id
from suite.models import AuditEntry
from suite.tabular import write_xlsx

A = make_id("350881", date(2014, 3, 2), "M", 1)
B = make_id("350881", date(2013, 5, 6), "F", 2)
C = make_id("350881", date(2014, 5, 1), "M", 3)
D = make_id("350881", date(2012, 1, 1), "M", 4)
E = make_id("350881", date(2015, 7, 7), "F", 5)
F = make_id("350881", date(2016, 2, 2), "F", 6)
G = make_id("350881", date(2013, 1, 1), "M", 7)
X = make_id("350881", date(2015, 9, 9), "M", 5)[:17] + "X"  # ends in X (the check is wrong)


pytestmark = pytest.mark.usefixtures("en")  # English pages and messages


def frame(*rows):
    cols = ["id_number", "name", "birth_date", "school", "category"]
    return pd.DataFrame([dict(zip(cols, r)) for r in rows], columns=cols)


# --- the engine -------------------------------------------------------------------------------

def test_hand_built_lists_give_each_kind():
    left = frame((A, "王小明", "2014-03-02", "一小", "低保"),     # matched by ID
                 (B, "李华", "2013-05-06", "一小", "低保"),        # conflict: school
                 (None, "张三", "2014-05-01", "二小", None),       # matched by name + birth
                 (D, "赵六", "2012-01-01", "一小", None),          # only in the roster
                 (None, "孙七", "2013-01-01", "一小", None),       # twice without an ID:
                 (None, "孙七", "2013-01-01", "二小", None))       # one duplicate case
    right = frame((A, "王小明", None, "一小", "低保"),
                  (A, "王小明", None, "一小", "低保"),             # twice in the list
                  (B, "李华", None, "三小", "低保"),
                  (C, "张三", "2014-05-01", None, None),
                  (E, "周八", None, None, None))                   # only in the list
    result = reconcile(left, right)
    assert result.counts == {"left_rows": 6, "right_rows": 5, "matched": 2, "conflict": 1,
                             "only_left": 2, "only_right": 1, "duplicate": 2, "by_id": 2,
                             "by_name_birth": 1}
    pairs = {(r.left_row, r.right_row, r.rule) for r in result.pairs.itertuples()}
    assert pairs == {(0, 0, "id"), (1, 2, "id"), (2, 3, "name_birth")}
    assert list(result.only_left["name"]) == ["赵六", "孙七"]  # 孙七 once, not twice
    assert list(result.only_right["id_number"]) == [E]
    (conflict,) = result.conflicts.itertuples()
    assert (conflict.fields, conflict.left_school, conflict.right_school) == ("school", "一小",
                                                                             "三小")
    assert Counter((c["kind"], c["rule"], c["detail"].get("side")) for c in result.cases()) \
        == Counter({("only_left", "", "left"): 2, ("only_right", "", "right"): 1,
                    ("duplicate", "name_birth", "left"): 1, ("duplicate", "id", "right"): 1,
                    ("conflict", "id", None): 1})


def test_rule_id_normalises_spaces_and_case():
    left = frame((X, "王小明", None, None, None), (A, "李华", None, None, None))
    right = frame((" " + X.lower() + " ", "王 小明", None, None, None),
                  (A[:6] + " " + A[6:], "李华", None, None, None))
    result = reconcile(left, right)
    assert result.counts["by_id"] == 2 and result.counts["matched"] == 2
    assert result.counts["conflict"] == 0  # names differ only by a space


def test_cases_show_the_values_as_each_side_writes_them():
    """Compared without their spaces, shown with them: the officer reads the file's text."""
    left = frame((A, "王小明", None, "东镇 中心小学", None))
    right = frame((A, "王 小明", None, "东镇 一小", None),
                  (E, "=cmd|' /C calc'!A0", None, None, " 低保 "))
    cases = {c["kind"]: c for c in reconcile(left, right).cases()}
    assert cases["only_right"]["name"] == "=cmd|' /C calc'!A0"
    assert cases["only_right"]["detail"]["category"] == "低保"
    conflict = cases["conflict"]["detail"]
    assert conflict["fields"] == ["school"]  # the names differ by a space only
    assert (conflict["left"]["school"], conflict["right"]["school"]) == ("东镇 中心小学",
                                                                         "东镇 一小")


def test_a_case_is_described_with_the_language_s_own_punctuation(app):
    run = ReconRun(left="roster", right="list")
    case = ReconCase(kind="conflict", detail={
        "fields": ["name", "school"], "left": {"name": "宋轩", "school": "一小"},
        "right": {"name": "宋 轩", "school": "二小"}, "id_problem": "check"})
    with app.test_request_context(), force_locale("zh_Hans_CN"):
        text = describe(run, case)
    assert text.startswith("姓名：宋轩 ≠ 宋 轩；") and text.endswith("；身份证号：校验码错误")
    with app.test_request_context(), force_locale("en"):
        assert describe(run, case) == ("Full name: 宋轩 ≠ 宋 轩; School: 一小 ≠ 二小; "
                                       "ID number: wrong check digit")


def test_rule_name_birth_needs_a_missing_id_and_one_candidate():
    left = frame((None, "张三", "2014-05-01", None, None),   # no ID: matches by name + birth
                 (D, "李四", "2012-01-01", None, None),      # two different IDs: no match
                 (None, "王五", "2011-02-03", None, None),   # two candidates: no match
                 (None, "钱六", None, None, None))           # no birth date: no match
    right = frame((C, "张 三", "2014-05-01", None, None),
                  (make_id("350881", date(2012, 1, 1), "M", 9), "李四", "2012-01-01", None,
                   None),
                  (E, "王五", "2011-02-03", None, None), (F, "王五", "2011-02-03", None, None),
                  (None, "钱六", None, None, None))
    result = reconcile(left, right)
    assert set(zip(result.pairs.left_row, result.pairs.rule)) == {(0, "name_birth")}
    assert result.counts["only_left"] == 3 and result.counts["only_right"] == 4


def test_duplicates_on_either_side_are_reported_once_per_group():
    left = frame((A, "王小明", None, "一小", None), (A, "王小明", None, "二小", None),
                 (A, "王小明", None, "三小", None), (None, "孙七", "2013-01-01", "一小", None),
                 (None, "孙七", "2013-01-01", "二小", None))
    right = frame((A, "王小明", None, None, None), (B, "李华", None, None, None),
                  (B.lower(), "李华", None, None, None))
    result = reconcile(left, right)
    groups = {(c["detail"]["side"], c["rule"], c["id_number"], len(c["detail"]["rows"]))
              for c in result.cases() if c["kind"] == "duplicate"}
    assert groups == {("left", "id", A, 3), ("left", "name_birth", "", 2),
                      ("right", "id", B, 2)}
    assert result.counts["duplicate"] == 3 and result.counts["matched"] == 1
    schools = [r["school"] for c in result.cases() if c["kind"] == "duplicate"
               and c["id_number"] == A for r in c["detail"]["rows"]]
    assert schools == ["一小", "二小", "三小"]


def test_conflicts_name_birth_school_and_category_only_when_both_given():
    left = frame((A, "王小明", "2014-03-02", "一小", "低保"), (B, "李华", "2013-05-06", "一小", None),
                 (C, "张三", None, None, "孤儿"))
    right = frame((A, "王晓明", "2014-03-03", "一 小", "特困"), (B, "李华", None, None, "低保"),
                  (C, "张三", "2014-05-01", "二小", "孤儿"))
    result = reconcile(left, right)
    assert result.counts["conflict"] == 1 and result.counts["matched"] == 2
    (case,) = [c for c in result.cases() if c["kind"] == "conflict"]
    assert case["detail"]["fields"] == ["name", "birth_date", "category"]
    assert (case["detail"]["left"]["category"], case["detail"]["right"]["category"]) == (
        "低保", "特困")


def test_empty_sides():
    result = reconcile(frame(), frame((A, "王小明", None, None, None)))
    assert (result.counts["only_right"], result.counts["matched"]) == (1, 0)


# --- the database, the pages, the export ---------------------------------------------------

PUPILS = (("王小明", A, date(2014, 3, 2), 0, "enrolled"), ("李华", B, date(2013, 5, 6), 0, "enrolled"),
          ("张三", None, date(2014, 5, 1), 0, "enrolled"), ("赵六", D, date(2012, 1, 1), 0, "enrolled"),
          ("周八", E, date(2015, 7, 7), 0, "left"), ("孙七", None, date(2013, 1, 1), 0, "enrolled"),
          ("孙七", None, date(2013, 1, 1), 1, "enrolled"))  # one pupil in two schools


@pytest.fixture
def roster(db, org):
    """The roster side of LIST: enrolled pupils (周八 has left), 王小明 with 低保 aid."""
    for no, (name, id_number, born, school, status) in enumerate(PUPILS, start=1):
        db.add(Student(student_no=f"L350881{no:08d}0000", name=name, sex="M", birth_date=born,
                       id_number=id_number, school_id=org.schools[school].id, grade=3,
                       status=status))
    db.flush()
    dibao = db.scalar(select(AidCategory).where(AidCategory.code == "dibao"))  # seeded
    db.add(StudentAid(student_id=db.scalar(select(Student.id).where(Student.id_number == A)),
                      category_id=dibao.id, start_date=date(2026, 9, 1)))
    db.commit()
    return org


HEADER = ["序号", "姓名", "身份证号", "出生日期", "就读学校", "类别"]
LIST = [[1, "王小明", A, "2014-03-02", "东镇中心小学", "最低生活保障家庭学生"],
        [2, "王小明", A, "2014-03-02", "东镇中心小学", "dibao"],  # a code: read as its name
        [3, "李华", B, "", "东镇中学", ""],
        [4, "张三", C, "", "", ""],
        [5, "周八", E, "", "", ""],
        [6, "=SUM(1,2)", F, "", "", ""],
        [7, "孙七", G, "", "", ""]]
EXPECTED = {"left_rows": 6, "right_rows": 7, "matched": 3, "conflict": 1, "only_left": 1,
            "only_right": 2, "duplicate": 2, "by_id": 2, "by_name_birth": 2}


def xlsx(rows=LIST, header=HEADER) -> bytes:
    return write_xlsx([("list", header, rows)], text_columns=("身份证号",))


def csv_bytes(rows=LIST, header=HEADER) -> bytes:
    """As typed into a CSV file: the name "=SUM(1,2)" stays a would-be formula."""
    out = io.StringIO()
    csv.writer(out).writerows([header] + rows)
    return out.getvalue().encode("utf-8-sig")


def upload(client, data=None, name="list.csv", **form):
    fields = {"compare": "roster-list", "title": "扶贫名单", "file": (
        io.BytesIO(data or csv_bytes()), name)} | form
    return client.post("/roster/reconcile/new", data=fields,
                       content_type="multipart/form-data")


def test_bureau_runs_a_reconciliation_and_the_cases_are_stored(client, login, db, roster):
    login("bureau")
    response = upload(client)
    assert response.status_code == 302, response.get_data(as_text=True)
    run = db.scalar(select(ReconRun))
    assert response.headers["Location"].endswith(f"/roster/reconcile/run?id={run.id}")
    assert (run.left, run.right, run.counts) == ("roster", "list", EXPECTED)
    assert run.mapping["id_number"] == "身份证号" and run.mapping["school"] == "就读学校"
    cases = db.scalars(select(ReconCase).where(ReconCase.run_id == run.id)).all()
    found = sorted((c.kind, c.rule, c.name) for c in cases)
    assert found == [("conflict", "id", "李华"), ("duplicate", "id", "王小明"),
                     ("duplicate", "name_birth", "孙七"), ("only_left", "", "赵六"),
                     ("only_right", "", "=SUM(1,2)"), ("only_right", "", "周八")]
    page = client.get(f"/roster/reconcile/run?id={run.id}").get_data(as_text=True)
    assert "<svg" in page and "Only in: School roster" in page and A not in page
    assert A[:4] + "*" * 10 + A[-4:] in page
    page = client.get(f"/roster/reconcile/run?id={run.id}&kind=duplicate").get_data(
        as_text=True)
    assert "孙七" in page and "赵六" not in page
    assert "扶贫名单" in client.get("/roster/reconcile").get_data(as_text=True)


def test_full_width_ids_and_chinese_dates_are_read_as_the_roster_import_reads_them(
        client, login, db, roster):
    """IDs typed with a Chinese input method (full-width digits, a lower-case x) and dates
    written 2014年3月2日 give the same findings as the plain list."""
    full = str.maketrans("0123456789X", "０１２３４５６７８９ｘ")
    typed = [[r[0], r[1], r[2].translate(full), "2014年3月2日" if r[3] else "", *r[4:]]
             for r in LIST]
    assert typed[0][2] != A
    login("bureau")
    response = upload(client, csv_bytes(typed))
    assert response.status_code == 302, response.get_data(as_text=True)
    assert db.scalar(select(ReconRun)).counts == EXPECTED


def test_title_rows_above_the_list_s_header_are_passed_over(client, login, db, roster):
    login("bureau")
    titled = "2026年秋季学期扶贫学生名单\r\n填报单位：东镇\r\n".encode() + \
        csv_bytes().removeprefix("\ufeff".encode())
    response = upload(client, titled)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert db.scalar(select(ReconRun)).counts == EXPECTED


def test_resolve_a_case_with_a_note_is_audited(client, login, db, roster):
    user = login("bureau")
    upload(client)
    case = db.scalar(select(ReconCase).where(ReconCase.kind == "only_left"))
    assert client.post("/roster/reconcile/resolve", data={"case": case.id, "note": " "}
                       ).status_code == 302
    db.refresh(case)
    assert case.resolved_at is None  # a note is required
    response = client.post("/roster/reconcile/resolve", data={
        "case": case.id, "note": "已转学，名单待更新", "state": "open"})
    assert response.status_code == 302 and "state=open" in response.headers["Location"]
    db.refresh(case)
    assert (case.note, case.resolved_by) == ("已转学，名单待更新", user.id)
    entry = db.scalar(select(AuditEntry).where(AuditEntry.record_type == "roster_recon_case",
                                               AuditEntry.action == "update"))
    assert entry.user_id == user.id and entry.new_values["note"] == "已转学，名单待更新"
    queue = client.get(f"/roster/reconcile/run?id={case.run_id}&state=resolved"
                       ).get_data(as_text=True)
    assert "已转学，名单待更新" in queue
    assert client.post("/roster/reconcile/resolve", data={"case": 999999}).status_code == 404


def test_export_masks_ids_and_neutralises_formulas(client, login, db, roster):
    login("bureau")
    upload(client)
    run = db.scalar(select(ReconRun))
    response = client.get(f"/roster/reconcile/export.xlsx?id={run.id}")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    sheet = book.worksheets[1]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, (c.value for c in r))) for r in sheet.iter_rows(min_row=2)]
    ids = {r["ID number"] for r in rows} - {None, ""}  # 孙七 has no ID number
    assert ids and all("**********" in i for i in ids) and F not in ids
    (formula,) = [r for r in sheet.iter_rows(min_row=2) if "SUM" in str(r[3].value)]
    assert formula[3].value == "'=SUM(1,2)" and formula[3].data_type == "s"
    summary = {r[0].value: r[1].value for r in book.worksheets[0].iter_rows()}
    assert summary["Matched"] == 3 and summary["Only in: Outside list"] == 2


@pytest.mark.parametrize("role", ["admin", "nutritionist", "canteen_manager"])
def test_other_roles_are_refused(client, login, db, roster, role):
    login("bureau")
    upload(client)
    run = db.scalar(select(ReconRun))
    case = db.scalar(select(ReconCase))
    client.post("/logout")
    login(role)
    for url in ("/roster/reconcile", "/roster/reconcile/new",
                f"/roster/reconcile/run?id={run.id}", f"/roster/reconcile/export.xlsx?id={run.id}"):
        assert client.get(url).status_code == 403, url
    assert upload(client).status_code == 403
    assert client.post("/roster/reconcile/resolve", data={"case": case.id, "note": "x"}
                       ).status_code == 403


def _numeric_id() -> bytes:
    rows = [list(r) for r in LIST]
    rows[2][2] = int(B[:17]) * 10  # as Excel keeps an ID typed into a number cell
    return write_xlsx([("list", HEADER, rows)])


@pytest.mark.parametrize("data, form, message", [
    (None, {"id_number": "证件号"}, "The column “证件号” (ID number) is not in the file"),
    (_numeric_id(), {"name": "list.xlsx"}, "Row 4, 身份证号: the ID number is stored as a number"),
    (b"x", {"name": "list.txt"}, "Upload an .xlsx or .csv file."),
])
def test_a_list_is_refused_whole_with_the_reason(client, login, db, roster, data, form,
                                                 message):
    login("bureau")
    response = upload(client, data, **form)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert db.scalar(select(ReconRun)) is None


def test_roster_against_the_ledger(client, login, db, roster):
    township = roster.townships[0]
    for name, id_number, stage in (("王小明", A, "compulsory"), ("吴九", G, "compulsory"),
                                   ("郑十", F, "senior_high")):
        db.add(HouseholdChild(township_id=township.id, year=2026, name=name,
                              id_number=id_number, birth_date=None, stage=stage,
                              location="county", household_kind="dibao"))
    db.commit()
    login("bureau")
    response = client.post("/roster/reconcile/new", data={"compare": "roster-ledger"})
    assert response.status_code == 302
    run = db.scalar(select(ReconRun))
    assert (run.left, run.right, run.mapping["ledger_year"]) == ("roster", "ledger", 2026)
    assert run.counts["right_rows"] == 2  # the senior-high child is not a roster pupil
    assert (run.counts["by_id"], run.counts["conflict"], run.counts["only_right"]) == (1, 0, 1)


def test_cli_reconcile_prints_the_counts(runner, db, roster, tmp_path):
    source, out = tmp_path / "list.xlsx", tmp_path / "result.xlsx"
    source.write_bytes(xlsx())
    result = runner.invoke(args=["roster", "reconcile", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "matched 3, conflict 1, only in roster 1, only in list 2, duplicate 2" in \
        result.output
    assert "pairs by ID number 2, by name and birth date 2" in result.output
    assert out.read_bytes()[:2] == b"PK"
    run = db.scalar(select(ReconRun))
    assert run.counts == EXPECTED and run.filename == "list.xlsx"


def test_cli_with_a_mapping_file_and_aided_students_only(runner, db, roster, tmp_path):
    source, mapping = tmp_path / "list.xlsx", tmp_path / "mapping.json"
    source.write_bytes(xlsx())
    mapping.write_text(json.dumps({"name": "姓名", "id_number": "身份证号", "school": ""}))
    result = runner.invoke(args=["roster", "reconcile", str(source), "--aided-only",
                                 "--mapping", str(mapping), "--out", str(tmp_path / "o.xlsx")])
    assert result.exit_code == 0, result.output
    assert "roster 1 rows, list 7 rows" in result.output  # only 王小明 has aid
    assert "matched 1, conflict 0, only in roster 0, only in list 5, duplicate 1" in \
        result.output
    assert db.scalar(select(ReconRun)).mapping == {"name": "姓名", "id_number": "身份证号",
                                                   "birth_date": "出生日期", "category": "类别",
                                                   "aided_only": True}


def test_cli_refuses_a_bad_mapping(runner, db, roster, tmp_path):
    source, mapping = tmp_path / "list.xlsx", tmp_path / "mapping.json"
    source.write_bytes(xlsx())
    mapping.write_text(json.dumps({"name": "姓名", "id_number": "证件号"}), encoding="utf-8")
    result = runner.invoke(args=["roster", "reconcile", str(source), "--mapping",
                                 str(mapping), "--out", str(tmp_path / "out.xlsx")])
    assert result.exit_code == 1 and "“证件号”" in result.output
    assert db.scalar(select(ReconRun)) is None


def test_a_typed_column_name_is_read_as_the_file_heads_it():
    """The reader normalises headers (marks, spaces, full-width brackets); a column name typed
    into the mapping is normalised the same way before it is looked up."""
    from roster.reconciliation import check_mapping
    columns = ["姓名", "身份证号", "出生日期(年月日)"]
    mapping = check_mapping(columns, {"id_number": " 身份证 号* ", "birth_date": "出生日期（年月日）"})
    assert (mapping["id_number"], mapping["birth_date"]) == ("身份证号", "出生日期(年月日)")
