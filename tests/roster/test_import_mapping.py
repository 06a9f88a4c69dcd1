"""Column mapping with memory: a file of an unknown layout is mapped once on the page (no
JavaScript, a plain form), the choice saved for the county and the file's shape (audited),
and the same shape imports next time with no questions; the CLI applies a mapping file."""
from __future__ import annotations

import csv
import io
import os
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from roster import services
from roster.models import ColumnMapping, Student
from roster.synth import students
from suite.models import AuditEntry

pytestmark = pytest.mark.usefixtures("en")

HEADER = ["编号", "学生", "性别", "学校", "年级", "出生", "备用列"]


def unknown_layout(rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for r in rows:
        writer.writerow([r["学籍号"], r["姓名"], r["性别"], r["学校代码"], r["年级"], r["出生日期"],
                         "x"])
    return out.getvalue().encode("utf-8")


CHOICE = {"field-0": "student_no", "field-1": "name", "field-2": "sex", "field-3":
          "school_code", "field-4": "grade", "field-5": "birth_date", "field-6": ""}


def count(db, model=Student):
    return db.scalar(select(func.count()).select_from(model))


@pytest.fixture
def upload(client, org, login):
    login("bureau")
    rows = students(6, [org.schools[0].code])

    def _upload(subset):
        return client.post("/roster/import", data={
            "file": (io.BytesIO(unknown_layout(rows[subset])), "名单.csv")})
    _upload.rows = rows
    return _upload


def test_an_unknown_layout_is_mapped_once_then_imports_with_no_questions(client, db, upload):
    page = upload(slice(0, 3))
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and 'name="field-6"' in text and count(db) == 0
    token = text.split('name="token" value="')[1].split('"')[0]
    assert '<option value="sex" selected>性别</option>' in text  # the alias table's guess
    first = upload.rows[0]["学籍号"]
    assert services.mask_student_no(first) in text and first not in text  # the preview masks
    posted = client.post("/roster/import/mapping", data=dict(
        CHOICE, token=token, filename="名单.csv"))
    assert posted.status_code == 302 and count(db) == 3
    saved = db.scalar(select(ColumnMapping))
    assert (saved.header, saved.mapping["编号"], saved.mapping["备用列"]) == (
        HEADER, "student_no", "")
    assert db.scalar(select(func.count()).where(
        AuditEntry.record_type == "roster_column_mapping")) == 1
    again = upload(slice(3, 6))
    assert again.status_code == 302 and count(db) == 6


def test_a_choice_is_kept_only_when_its_import_is_accepted_and_real(client, db, upload):
    """A dry run, or an import refused for a bad row, changes nothing: not even the choice."""
    rows = upload.rows
    bad = rows[0]["学籍号"]
    rows[0]["学籍号"] = "G" + "1" * 5  # not a student number: the import is refused
    text = upload(slice(0, 3)).get_data(as_text=True)
    token = text.split('name="token" value="')[1].split('"')[0]
    refused = client.post("/roster/import/mapping", data=dict(CHOICE, token=token,
                                                              filename="名单.csv"))
    assert refused.status_code == 400
    assert "The column choices are saved" not in refused.get_data(as_text=True)
    assert count(db) == 0 and count(db, ColumnMapping) == 0
    rows[0]["学籍号"] = bad
    text = upload(slice(0, 3)).get_data(as_text=True)
    token = text.split('name="token" value="')[1].split('"')[0]
    dry = client.post("/roster/import/mapping", data=dict(CHOICE, token=token,
                                                          filename="名单.csv", dry_run="1"))
    assert dry.status_code == 200 and count(db) == 0 and count(db, ColumnMapping) == 0
    text = upload(slice(0, 3)).get_data(as_text=True)  # asked again: nothing was kept
    token = text.split('name="token" value="')[1].split('"')[0]
    done = client.post("/roster/import/mapping", data=dict(CHOICE, token=token,
                                                           filename="名单.csv"))
    assert done.status_code == 302 and count(db) == 3 and count(db, ColumnMapping) == 1


def test_an_upload_left_unmapped_for_a_day_is_removed(app, upload):
    folder = Path(app.instance_path) / "roster_uploads"
    first = upload(slice(0, 3)).get_data(as_text=True).split('name="token" value="')[1][:64]
    os.utime(folder / first, (time.time() - 25 * 3600,) * 2)
    second = upload(slice(3, 6)).get_data(as_text=True).split('name="token" value="')[1][:64]
    assert sorted(p.name for p in folder.iterdir()) == [second]


def test_a_choice_without_a_required_field_or_twice_the_same_is_refused(client, db, upload):
    text = upload(slice(0, 3)).get_data(as_text=True)
    token = text.split('name="token" value="')[1].split('"')[0]
    bad = dict(CHOICE, token=token, filename="名单.csv")
    bad["field-0"], bad["field-6"] = "", "name"
    response = client.post("/roster/import/mapping", data=bad)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Choose a column for: 学籍号" in page
    assert "姓名 is already chosen for another column" in page
    assert count(db) == 0 and count(db, ColumnMapping) == 0


def test_the_cli_applies_a_mapping_file(runner, db, org, tmp_path):
    rows = students(4, [org.schools[0].code])
    path = tmp_path / "名单.csv"
    path.write_bytes(unknown_layout(rows))
    mapping = tmp_path / "mapping.csv"
    mapping.write_text("header,field\n编号,student_no\n学生,姓名\n出生,birth_date\n备用列,不导入\n"
                       "学校,school_code\n", encoding="utf-8")
    refused = runner.invoke(args=["roster", "import", str(path)])
    assert refused.exit_code == 1 and "required column missing" in refused.output
    twice = tmp_path / "twice.csv"  # checked as the page checks a choice; nothing imported
    twice.write_text("编号,student_no\n学生,姓名\n备用列,姓名\n学校,school_code\n学号,grade\n",
                     encoding="utf-8")
    refused = runner.invoke(args=["roster", "import", str(path), "--mapping", str(twice)])
    assert refused.exit_code == 1 and count(db) == 0
    assert "columns not in the file: 学号" in refused.output
    twice.write_text("编号,student_no\n学生,姓名\n备用列,姓名\n学校,school_code\n",
                     encoding="utf-8")
    refused = runner.invoke(args=["roster", "import", str(path), "--mapping", str(twice)])
    assert refused.exit_code == 1 and count(db) == 0
    assert "备用列: 姓名 is already chosen for another column" in refused.output
    result = runner.invoke(args=["roster", "import", str(path), "--mapping", str(mapping)])
    assert result.exit_code == 0, result.output
    assert "imported: new 4" in result.output and count(db) == 4


def test_a_mapping_file_with_an_unknown_field_is_refused():
    with pytest.raises(services.RosterError) as caught:
        services.mapping_from_csv("编号,学号码\n")
    assert "1: 学号码" in str(caught.value)


def test_a_registration_export_or_an_aid_list_on_the_page(client, db, org, login):
    from datetime import date

    from roster.models import StudentAid
    from roster.synth_registration import registration_rows

    from .helpers_registration import as_xlsx
    login("bureau")
    rows = registration_rows(5, [org.schools[0].code], date(2026, 9, 1))
    posted = client.post("/roster/import", data={"file": (io.BytesIO(as_xlsx(rows)), "学籍.xls")})
    assert posted.status_code == 302 and count(db) == 5  # no questions
    listed = io.StringIO()
    csv.writer(listed).writerows([["姓名", "身份证件号", "认定困难级别", "认定时间", "低保", "家庭人口"],
                                  ["甲", rows[0][14].lstrip("'"), "困难", "20260910", "是", "4"]])
    page = client.post("/roster/import", data={
        "file": (io.BytesIO(listed.getvalue().encode("utf-8")), "认定.csv")})
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and '<option value="dibao" selected>' in text
    token = text.split('name="token" value="')[1].split('"')[0]
    choice = {f"field-{i}": key for i, key in enumerate(
        ["name", "id_number", "difficulty_level", "recognised_on", "dibao", ""])}
    done = client.post("/roster/import/mapping", data=dict(choice, token=token,
                                                           filename="认定.csv"))
    assert done.status_code == 302 and count(db, StudentAid) == 1


def test_a_saved_choice_is_listed_and_can_be_forgotten(client, db, upload):
    """The list shows each saved choice (column → field); removing it is audited and the next
    file of that shape asks again; an unknown id, or one past the integer range, is 404."""
    token = upload(slice(0, 3)).get_data(as_text=True).split('name="token" value="')[1][:64]
    client.post("/roster/import/mapping", data=dict(CHOICE, token=token, filename="名单.csv"))
    saved = db.scalar(select(ColumnMapping))
    page = client.get("/roster/import/mappings").get_data(as_text=True)
    assert "<td>编号</td><td>学籍号</td>" in page and "<td>备用列</td><td>不导入</td>" in page
    assert client.post("/roster/import/mappings/2147483647/delete").status_code == 404
    response = client.post(f"/roster/import/mappings/{saved.id}/delete")
    assert response.status_code == 302 and db.scalar(select(func.count()).select_from(
        ColumnMapping)) == 0
    assert db.scalar(select(func.count()).where(
        AuditEntry.record_type == "roster_column_mapping", AuditEntry.action == "delete")) == 1
    assert upload(slice(3, 6)).status_code == 200  # asked again
    assert client.post("/roster/import/mappings/99999999999/delete").status_code == 404


def test_a_canteen_manager_cannot_see_or_forget_saved_choices(client, login):
    login("canteen_manager")
    assert client.get("/roster/import/mappings").status_code == 403
    assert client.post("/roster/import/mappings/1/delete").status_code == 403
