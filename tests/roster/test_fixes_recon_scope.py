"""Reconciliation at county scale (issue 9, item 25): a run limited to a township, a school or
the aided students restricts the roster before matching; the queue is filtered by township and
school, paged, and says how many cases match."""
from __future__ import annotations

import io
import re
from datetime import date

import pytest
from sqlalchemy import select

from roster import services as recon
from roster.models import AidCategory, ReconCase, ReconRun, Student, StudentAid
from roster.synth import make_id
from suite.tabular import read_table, write_xlsx

HEADER = ["姓名", "身份证号"]


@pytest.fixture
def pupils(db, org):
    """Per school: 3, 2 and 2 enrolled students (the first two schools in 东镇, the third in
    西乡); the first student of the first school is aided."""
    made, n = [], 0
    for school, count in zip(org.schools, (3, 2, 2)):
        for _i in range(count):
            n += 1
            number = make_id("350881", date(2015, 1, n), "M", n)
            student = Student(student_no="G" + number, name=f"学生{n}", sex="M", grade=3,
                              birth_date=date(2015, 1, n), id_number=number,
                              school_id=school.id)
            db.add(student)
            made.append(student)
    db.flush()
    category = db.scalar(select(AidCategory).where(AidCategory.code == "dibao"))
    db.add(StudentAid(student_id=made[0].id, category_id=category.id,
                      start_date=date(2026, 9, 1)))
    db.commit()
    return made


def _list(*students, extra=0):
    rows = [[s.name, s.id_number] for s in students]
    rows += [[f"外{n}", make_id("350881", date(2014, 2, n + 1), "F", n)] for n in range(extra)]
    return read_table(write_xlsx([("list", HEADER, rows)], text_columns=("身份证号",)),
                      "list.xlsx")


def _run(db, table, **scope):
    run = recon.run_reconciliation(db, table=table, today=date(2026, 11, 23), **scope)
    db.commit()
    return run


def test_a_run_for_one_school_compares_only_that_schools_roster(db, org, pupils):
    # a five-row list of one school: 1 of its students, 4 people of nowhere
    run = _run(db, _list(pupils[0], extra=4), school_id=org.schools[0].id)
    assert (run.counts["left_rows"], run.counts["matched"], run.counts["only_left"],
            run.counts["only_right"]) == (3, 1, 2, 4)
    assert run.mapping["school_id"] == org.schools[0].id
    unscoped = _run(db, _list(pupils[0], extra=4))
    assert (unscoped.counts["left_rows"], unscoped.counts["only_left"]) == (7, 6)


def test_a_run_for_one_township_or_the_aided(db, org, pupils):
    run = _run(db, _list(pupils[5]), township_id=org.townships[1].id)
    assert (run.counts["left_rows"], run.counts["matched"], run.counts["only_left"]) == (2, 1, 1)
    aided = _run(db, _list(pupils[0]), aided_only=True)
    assert (aided.counts["left_rows"], aided.counts["matched"], aided.counts["only_left"]) \
        == (1, 1, 0)


def test_a_school_outside_the_township_is_refused_and_nothing_is_stored(db, org, pupils):
    with pytest.raises(recon.ReconError, match="该学校不在所选乡镇。"):
        _run(db, _list(pupils[0]), township_id=org.townships[1].id,
             school_id=org.schools[0].id)
    db.rollback()
    assert db.scalar(select(ReconRun)) is None


def test_cases_know_their_school_and_township(db, org, pupils):
    run = _run(db, _list(pupils[0], extra=1))
    placed = {(c.kind, c.name): (c.school_id, c.township_id)
              for c in db.scalars(select(ReconCase).where(ReconCase.run_id == run.id))}
    assert placed[("only_left", "学生7")] == (org.schools[2].id, org.townships[1].id)
    assert placed[("only_left", "学生4")] == (org.schools[1].id, org.townships[0].id)
    assert placed[("only_right", "外0")] == (None, None)


def _queue(client, run, **args):
    page = client.get("/roster/reconcile/run", query_string={"id": run.id, **args})
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    return re.findall(r"<td>(学生\d|外\d)</td>", text), text


def test_the_queue_is_filtered_by_township_and_school_with_its_total(client, login, db, org,
                                                                     pupils):
    run = _run(db, _list(pupils[0], extra=1))  # 6 only in the roster, 1 only in the list
    login("bureau")
    names, page = _queue(client, run)
    assert len(names) == 7 and "符合筛选条件的问题共 7 条" in page
    names, page = _queue(client, run, school=org.schools[1].id)
    assert sorted(names) == ["学生4", "学生5"] and "符合筛选条件的问题共 2 条" in page
    names, page = _queue(client, run, township=org.townships[0].id)
    assert sorted(names) == ["学生2", "学生3", "学生4", "学生5"]
    names, page = _queue(client, run, township=org.townships[1].id, kind="only_left")
    assert sorted(names) == ["学生6", "学生7"]


def test_a_township_officer_counts_only_their_townships_cases(client, login, db, org,
                                                              pupils):
    run = _run(db, _list(pupils[0], extra=1))  # township 1: 4 only in the roster; 2: 2
    login("township_officer", township=org.townships[1])
    names, page = _queue(client, run, kind="only_left")
    assert sorted(names) == ["学生6", "学生7"]
    counts = re.findall(r'<option value="only_left"[^>]*>[^<(]*\((\d+)/(\d+)\)', page)
    assert counts == [("2", "2")]  # not the county's 6


def test_the_queue_is_paged_fifty_at_a_time(client, login, db, org):
    for n in range(55):
        number = make_id("350881", date(2013, 1, 1 + n % 28), "F", 100 + n)
        db.add(Student(student_no="G" + number, name=f"乙{n}", sex="F", grade=4,
                       id_number=number, school_id=org.schools[0].id))
    db.commit()
    run = _run(db, _list(extra=1), school_id=org.schools[0].id)
    login("bureau")
    first = client.get("/roster/reconcile/run", query_string={
        "id": run.id, "school": org.schools[0].id}).get_data(as_text=True)
    assert first.count('name="case"') == 50 and "符合筛选条件的问题共 55 条" in first
    assert "第 1 页，共 2 页" in first
    second = client.get("/roster/reconcile/run", query_string={
        "id": run.id, "school": org.schools[0].id, "page": 2}).get_data(as_text=True)
    assert second.count('name="case"') == 5


def test_the_page_starts_a_run_for_one_township(client, login, db, org, pupils):
    login("bureau")
    body = write_xlsx([("list", HEADER, [[pupils[6].name, pupils[6].id_number]])],
                      text_columns=("身份证号",))
    data = {"compare": "roster-list", "only_township": str(org.townships[1].id), "only_school": "0",
            "file": (io.BytesIO(body), "list.xlsx")}
    response = client.post("/roster/reconcile/new", data=data,
                           content_type="multipart/form-data")
    assert response.status_code == 302, re.findall(r'<li>([^<]+)',
                                                   response.get_data(as_text=True))
    run = db.scalar(select(ReconRun))
    assert run.mapping["township_id"] == org.townships[1].id and "school_id" not in run.mapping
    assert (run.counts["left_rows"], run.counts["matched"]) == (2, 1)
    page = client.get(f"/roster/reconcile/run?id={run.id}").get_data(as_text=True)
    assert "比对范围" in page and "西乡" in page


def test_the_command_line_runs_for_one_school(runner, db, org, pupils, tmp_path):
    source, out = tmp_path / "list.xlsx", tmp_path / "out.xlsx"
    source.write_bytes(write_xlsx([("list", HEADER, [[pupils[0].name, pupils[0].id_number]])],
                                  text_columns=("身份证号",)))
    result = runner.invoke(args=["roster", "reconcile", str(source), "--out", str(out),
                                 "--school", org.schools[0].code])
    assert result.exit_code == 0, result.output
    assert "roster 3 rows, list 1 rows" in result.output and "only in roster 2" in result.output
    result = runner.invoke(args=["roster", "reconcile", str(source), "--out", str(out),
                                 "--township", "nowhere"])
    assert result.exit_code == 1 and "no township with the code nowhere" in result.output


def test_a_huge_page_number_shows_an_empty_page(client, login, db, org, pupils):
    run = _run(db, _list(pupils[0]))
    login("bureau")
    for url in (f"/roster/reconcile/run?id={run.id}&page={10**30}",
                f"/roster/reconcile?page={10**30}", f"/roster/visits?page={10**30}"):
        assert client.get(url).status_code == 200, url
