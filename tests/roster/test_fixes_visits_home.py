"""Home visits of the term by township and school (issue 9, item 28) and the home page's
"what to do today" for the bureau and the township officer (item 27), scoped by role."""
from __future__ import annotations

import re
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import select

from roster import services as recon
from roster.models import AidCategory, HomeVisit, ReconCase, Student, StudentAid
from roster.synth import make_id
from suite import clock
from suite.tabular import read_table, write_xlsx

TODAY = date(2026, 11, 23)  # in the term 2026-09-01 … 2027-01-20


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: TODAY)


@pytest.fixture
def county(db, org):
    """東镇 (schools 0 and 1) and 西乡 (school 2). Aided: A, B (school 0), C (school 1), D, E
    (school 2); F is not aided; G's aid was withdrawn. A was visited this term, D last term."""
    people = {}
    for n, (key, school) in enumerate((("A", 0), ("B", 0), ("C", 1), ("D", 2), ("E", 2),
                                       ("F", 0), ("G", 0)), start=1):
        number = make_id("350881", date(2015, 2, n), "M", n)
        people[key] = Student(student_no="G" + number, name=f"学生{key}", sex="M", grade=3,
                              birth_date=date(2015, 2, n), id_number=number,
                              school_id=org.schools[school].id)
    db.add_all(people.values())
    db.flush()
    category = db.scalar(select(AidCategory).where(AidCategory.code == "dibao"))
    for key in "ABCDEG":
        db.add(StudentAid(student_id=people[key].id, category_id=category.id,
                          start_date=date(2026, 3, 1),
                          withdrawn_at=datetime(2026, 10, 1, tzinfo=timezone.utc)
                          if key == "G" else None))
    db.add(HomeVisit(student_id=people["A"].id, visit_date=date(2026, 10, 20),
                     visitors="张老师、李主任", findings="属实", conclusion="confirmed"))
    db.add(HomeVisit(student_id=people["D"].id, visit_date=date(2026, 6, 1),
                     visitors="王老师", findings="属实", conclusion="confirmed"))
    db.commit()
    return people


def names(page: str, section: str) -> list[str]:
    """Student names in one section of the visits page (to-visit or visited)."""
    start = page.index(f'id="{section}"')
    end = page.find("<h2", start + 1)
    return sorted(set(re.findall(r"学生[A-G]", page[start:end if end > 0 else None])))


def test_bureau_sees_who_is_still_to_visit_by_township_and_school(client, login, org, county):
    login("bureau")
    page = client.get("/roster/visits").get_data(as_text=True)
    assert names(page, "to-visit") == ["学生B", "学生C", "学生D", "学生E"]
    assert re.search(r'id="to-visit".*?<span class="badge">4</span>', page)
    assert names(page, "visited") == ["学生A"]
    assert "2026-10-20" in page and "张老师、李主任" in page and "王老师" not in page
    masked = "G3508**********" + county["A"].id_number[-4:]
    assert masked in page and county["A"].id_number not in page
    west = client.get(f"/roster/visits?township={org.townships[1].id}").get_data(as_text=True)
    assert names(west, "to-visit") == ["学生D", "学生E"] and names(west, "visited") == []
    one = client.get(f"/roster/visits?school={org.schools[1].id}").get_data(as_text=True)
    assert names(one, "to-visit") == ["学生C"]


def test_a_visit_this_term_takes_the_student_off_the_list(client, login, org, county):
    login("bureau")
    response = client.post(f"/roster/visits/student?student={county['C'].id}", data={
        "visit_date": "2026-11-20", "visitors": "赵老师", "findings": "属实",
        "conclusion": "confirmed"})
    assert response.status_code == 302
    page = client.get("/roster/visits").get_data(as_text=True)
    assert names(page, "to-visit") == ["学生B", "学生D", "学生E"]
    assert names(page, "visited") == ["学生A", "学生C"] and "赵老师" in page


def test_township_officer_sees_their_own_township_only(client, login, org, county):
    login("township_officer", township=org.townships[0])
    page = client.get("/roster/visits").get_data(as_text=True)
    assert names(page, "to-visit") == ["学生B", "学生C"] and names(page, "visited") == ["学生A"]
    assert 'name="q"' not in page and "/roster/visits/student" not in page
    assert client.get(f"/roster/visits?township={org.townships[1].id}").status_code == 404
    assert client.get(f"/roster/visits?school={org.schools[2].id}").status_code == 404
    assert client.get(f"/roster/visits/student?student={county['B'].id}").status_code == 403


@pytest.mark.parametrize("role", ["nutritionist", "canteen_manager", "admin"])
def test_other_roles_do_not_see_the_visits(client, login, county, role):
    login(role)
    assert client.get("/roster/visits").status_code == 403


@pytest.fixture
def cases(db, org, county):
    """A list holding A and one stranger: 6 roster students only in the roster (B, F, G in
    school 0 and C in school 1 of 东镇; D, E of 西乡) and 1 only in the list; B's case is
    resolved."""
    rows = [[county["A"].name, county["A"].id_number],
            ["外人", make_id("350881", date(2014, 4, 4), "F", 9)]]
    table = read_table(write_xlsx([("list", ["姓名", "身份证号"], rows)],
                                  text_columns=("身份证号",)), "list.xlsx")
    run = recon.run_reconciliation(db, table=table, today=TODAY)
    case_b = db.scalar(select(ReconCase).where(ReconCase.name == "学生B"))
    recon.resolve_case(db, case_b, "已核实", None)
    db.commit()
    return run


def todo(client) -> dict[str, int]:
    page = client.get("/").get_data(as_text=True)
    return {label: int(n) for label, n in re.findall(
        r'<a href="[^"]*">([^<]+)</a> <span class="badge[^"]*" data-count="(\d+)"', page)}


def test_bureau_home_says_what_to_do_today(client, login, cases):
    login("bureau")
    assert todo(client) == {"待处理的比对问题": 6, "本学期尚未走访的受助学生": 4}


def test_township_officer_home_counts_their_township(client, login, org, cases):
    login("township_officer", township=org.townships[0])
    assert todo(client) == {"待处理的比对问题": 3, "本学期尚未走访的受助学生": 2}
    login("township_officer", township=org.townships[1])
    assert todo(client) == {"待处理的比对问题": 2, "本学期尚未走访的受助学生": 2}


def test_other_roles_have_no_roster_todo(client, login, cases):
    login("nutritionist")
    assert "待处理的比对问题" not in client.get("/").get_data(as_text=True)


def test_township_officer_works_on_their_townships_cases_only(client, login, db, org, cases):
    login("township_officer", township=org.townships[0])
    page = client.get(f"/roster/reconcile/run?id={cases.id}").get_data(as_text=True)
    assert sorted(set(re.findall(r"<td>(学生[A-G]|外人)</td>", page))) == [
        "学生C", "学生F", "学生G"]  # open cases of 东镇; B is resolved
    assert client.get(f"/roster/reconcile/run?id={cases.id}&township={org.townships[1].id}"
                      ).status_code == 404
    west_case = db.scalar(select(ReconCase).where(ReconCase.name == "学生D"))
    assert client.post("/roster/reconcile/resolve", data={"case": west_case.id, "note": "x"}
                       ).status_code == 404
    db.expire_all()
    assert db.get(ReconCase, west_case.id).resolved_at is None
    own = db.scalar(select(ReconCase).where(ReconCase.name == "学生C"))
    assert client.post("/roster/reconcile/resolve", data={"case": own.id, "note": "已转学"}
                       ).status_code == 302
    db.expire_all()
    assert db.get(ReconCase, own.id).note == "已转学"
    assert client.get("/roster/reconcile/new").status_code == 403
    assert client.get(f"/roster/reconcile/export.xlsx?id={cases.id}").status_code == 403
