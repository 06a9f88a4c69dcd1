"""An outside list (e.g. the civil-affairs 低保 list) as a county sends it: a row of filling-in
guidance and an example row under the header. The reconciliation passes both over, as every
import does, and says so on the page, in the API's answer and on the command line; the rows it
counts and matches are the pupils only."""
from __future__ import annotations

import io
from datetime import date

import pytest
from sqlalchemy import select

from roster.models import ReconRun, Student
from roster.synth import make_id
from suite import accounts
from suite.tabular import write_xlsx

HEADER = ["姓名", "身份证号"]
NOTE = "表头下第 2、3 行是填写说明或示例，未导入。"


@pytest.fixture
def pupil(db, org):
    number = make_id("350881", date(2015, 3, 9), "F", 7)
    student = Student(student_no="G" + number, name="林小雨", sex="F", grade=3,
                      birth_date=date(2015, 3, 9), id_number=number,
                      school_id=org.schools[0].id)
    db.add(student)
    db.commit()
    return student


def outside_list(pupil) -> bytes:
    example = make_id("350881", date(2014, 1, 1), "M", 1)
    return write_xlsx([("低保名单", HEADER, [["必填", "18位数字，按文本填写"],
                                          ["示例：张三", example],
                                          [pupil.name, pupil.id_number]])],
                      text_columns=("身份证号",))


def test_the_page_says_which_rows_it_passed_over(client, login, db, org, pupil):
    login("bureau")
    data = {"compare": "roster-list", "only_township": "0", "only_school": "0",
            "file": (io.BytesIO(outside_list(pupil)), "低保名单.xlsx")}
    response = client.post("/roster/reconcile/new", data=data,
                           content_type="multipart/form-data", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and NOTE in page
    run = db.scalar(select(ReconRun))
    assert (run.counts["right_rows"], run.counts["matched"], run.counts["only_right"]) == \
        (1, 1, 0)


def test_a_list_without_guidance_says_nothing_of_it(client, login, db, org, pupil):
    login("bureau")
    body = write_xlsx([("低保名单", HEADER, [[pupil.name, pupil.id_number]])],
                      text_columns=("身份证号",))
    data = {"compare": "roster-list", "only_township": "0", "only_school": "0",
            "file": (io.BytesIO(body), "低保名单.xlsx")}
    page = client.post("/roster/reconcile/new", data=data, content_type="multipart/form-data",
                       follow_redirects=True).get_data(as_text=True)
    assert "比对完成" in page and "填写说明" not in page


def test_the_api_answers_with_the_guidance_rows(client, db, org, pupil, factory):
    token = accounts.create_token(db, factory.user("bureau"))
    db.commit()
    response = client.post("/api/v1/roster/reconciliations",
                           data={"file": (io.BytesIO(outside_list(pupil)), "list.xlsx")},
                           headers={"Authorization": f"Bearer {token}"},
                           content_type="multipart/form-data")
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["guidance_rows"] == [2, 3] and body["counts"]["right_rows"] == 1
    again = client.get(f"/api/v1/roster/reconciliations/{body['id']}",
                       headers={"Authorization": f"Bearer {token}"}).get_json()
    assert "guidance_rows" not in again and again["counts"] == body["counts"]


def test_the_command_line_says_which_rows_it_passed_over(runner, db, org, pupil, tmp_path):
    source, out = tmp_path / "list.xlsx", tmp_path / "out.xlsx"
    source.write_bytes(outside_list(pupil))
    result = runner.invoke(args=["roster", "reconcile", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "passed over (filling-in guidance or an example): rows 2, 3" in result.output
    assert "roster 1 rows, list 1 rows" in result.output and "matched 1" in result.output
