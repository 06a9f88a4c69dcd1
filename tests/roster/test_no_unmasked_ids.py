"""No roster page, export or API answer shows a student's ID number, whether bare or inside a
G-form student number: every GET route of the roster and its API is walked, as every role and
anonymously, with the student's and the other records' ids in the path and the query."""
from __future__ import annotations

import csv
import io
import re
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from sqlalchemy import select

from roster import services as hh
from roster import services as recon_service
from roster.models import (AidCategory, AidPayment, AidProgram, HomeVisit, Policy, Student,
                           StudentAid)
from roster.synth import make_id
from suite import accounts, clock

ROLES = ("admin", "bureau", "nutritionist", "canteen_manager", "township_officer")


@pytest.fixture
def exposed(db, org):
    """A student with a G-form number, aid, a payment, a home visit, a ledger entry and a
    reconciliation case, each of which some page shows."""
    id_number = make_id("350881", date(2015, 3, 4), "F", 7)
    school = org.schools[0]
    student = Student(student_no="G" + id_number, name="陈小红", sex="F", grade=5,
                      birth_date=date(2015, 3, 4), id_number=id_number, school_id=school.id,
                      guardian_phone="13812345678")
    db.add(student)
    db.flush()
    category = db.scalar(select(AidCategory).where(AidCategory.code == "poverty_alleviated"))
    db.add(StudentAid(student_id=student.id, category_id=category.id,
                      start_date=date(2026, 9, 1), confirmed_by="资助办"))
    program = db.scalar(select(AidProgram))
    db.add(AidPayment(student_id=student.id, program_id=program.id, term_id=org.term.id,
                      school_id=school.id, amount=Decimal("625.00"), paid_on=date(2026, 10, 15),
                      card_tail="4321"))
    db.add(HomeVisit(student_id=student.id, visit_date=date(2026, 10, 20), visitors="张老师",
                     findings="属实", conclusion="confirmed"))
    db.add(Policy(stage="compulsory", title="营养改善计划", body="按规定申请。", published=True))
    year = clock.today().year
    child_id = hh.add_child(db, school.township_id, year, {
        "name": "陈小紅", "id_number": id_number, "village": "红星村", "household_head": "陈某",
        "household_kind": "脱贫家庭学生", "stage": "义务教育", "location": "县内",
        "school_name": school.name, "aided": "否", "confirmed_by": "乡镇",
        "confirmed_on": "2026-06-10"}, today=clock.today())
    run = recon_service.run_reconciliation(db, left="roster", right="ledger", year=year,
                                           today=clock.today())
    db.commit()
    return {"student": student, "id_number": id_number, "child_id": child_id, "run_id": run.id,
            "school": school, "township_id": school.township_id, "year": year,
            "term_id": org.term.id}


def _query_variants(x: dict) -> list[dict]:
    s = x["student"]
    every = {"q": s.student_no, "student": s.id, "school": x["school"].id,
             "township": x["township_id"], "year": x["year"], "term": x["term_id"]}
    return [{}, dict(every, id=x["run_id"]), dict(every, id=x["child_id"]),
            {"q": x["id_number"]}, {"q": s.name}]


def _urls(app, x: dict) -> list[tuple[str, dict]]:
    path_values = {"student_id": x["student"].id, "run_id": x["run_id"], "policy_id": 1}
    urls = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] not in ("roster", "roster_api") \
                or "GET" not in rule.methods:
            continue
        path = rule.build({k: path_values[k] for k in rule.arguments})[1]
        urls += [(path, query) for query in _query_variants(x)]
    return urls


def _text(response) -> str:
    """What the user gets, as text: a page or JSON, or every cell of a workbook or CSV."""
    kind = response.headers.get("Content-Type", "")
    if "spreadsheetml" in kind:
        book = openpyxl.load_workbook(io.BytesIO(response.data), read_only=True)
        return "\n".join(str(c) for sheet in book.worksheets
                         for row in sheet.iter_rows(values_only=True) for c in row)
    if "csv" in kind:
        return "\n".join(",".join(r) for r in csv.reader(io.StringIO(
            response.data.decode("utf-8-sig"))))
    return response.get_data(as_text=True)


def _own_query_removed(body: str, query: dict) -> str:
    """The page without the echoes of what was asked: the language switch's `next` (this
    URL) and the search box's own value."""
    body = re.sub(r'name="next" value="[^"]*"', "", body)
    return body.replace(f'value="{query["q"]}"', "") if "q" in query else body


def _leaks(client, urls, x, headers=None) -> list[str]:
    id_number = x["id_number"]
    found = []
    for path, query in urls:
        response = client.get(path, query_string=query, headers=headers or {})
        if 300 <= response.status_code < 400:
            continue  # a redirect's body is only where it goes (this very URL as `next`)
        body = _own_query_removed(_text(response), query)
        if id_number in body or id_number[4:14] in body:
            found.append(f"{response.status_code} {path} {'&'.join(map(str, query))}")
    return found


def test_no_page_export_or_api_answer_shows_an_id_number(app, client, db, login, factory,
                                                         org, exposed):
    urls = _urls(app, exposed)
    html = [(p, q) for p, q in urls if not p.startswith("/api/")]
    api = [(p, q) for p, q in urls if p.startswith("/api/")]
    assert len(html) >= 5 * 20 and api
    leaks = {"anonymous": _leaks(client, html, exposed)}
    for role in ROLES:
        login(role, township=org.townships[0] if role == "township_officer" else None)
        leaks[role] = _leaks(client, html, exposed)
        user = factory.user(role, school=org.schools[0] if role == "canteen_manager" else None,
                            township=org.townships[0] if role == "township_officer" else None)
        token = accounts.create_token(db, user)
        db.commit()
        leaks[role + " api"] = _leaks(client, api, exposed,
                                      {"Authorization": f"Bearer {token}"})
    found = [f"{role}: {leak}" for role, found in leaks.items() for leak in found]
    assert not found, "ID numbers shown:\n" + "\n".join(found)


def test_the_visit_pages_show_the_student_number_masked(client, login, exposed):
    """The two pages of the report: the search and the student's visits."""
    s, masked = exposed["student"], "G3508**********" + exposed["id_number"][-4:]
    login("bureau")
    found = client.post("/roster/visits", data={"q": s.student_no})
    visits = client.get("/roster/visits/student", query_string={"student": s.id})
    for page in (found.get_data(as_text=True).replace(f'value="{s.student_no}"', ""),
                 visits.get_data(as_text=True)):
        assert masked in page and exposed["id_number"] not in page


def test_the_family_lookup_shows_the_id_masked(client, exposed):
    response = client.post("/roster/lookup", data={"id_number": exposed["id_number"],
                                                   "name": "陈小红"})
    page = response.get_data(as_text=True)
    assert "625.00" in page and exposed["id_number"] not in page
    assert "3508**********" + exposed["id_number"][-4:] in page


def test_editing_a_ledger_entry_keeps_the_masked_id_number(client, login, db, org, exposed):
    from roster.models import HouseholdChild
    login("township_officer", township=org.townships[0])
    url = f"/roster/household/child?id={exposed['child_id']}"
    page = client.get(url).get_data(as_text=True)
    masked = "3508**********" + exposed["id_number"][-4:]
    assert f'value="{masked}"' in page and exposed["id_number"] not in page
    form = {"name": "陈小紅", "id_number": masked, "village": "白云村", "household_head": "陈某",
            "household_kind": "脱贫家庭学生", "stage": "义务教育", "location": "县内",
            "school_name": exposed["school"].name, "aided": "否", "confirmed_by": "乡镇",
            "confirmed_on": "2026-06-10"}
    assert client.post(url, data=form).status_code == 302
    db.expire_all()
    child = db.get(HouseholdChild, exposed["child_id"])
    assert (child.village, child.id_number) == ("白云村", exposed["id_number"])


def test_an_import_refusing_a_taken_id_number_names_the_owner_masked(db, org, exposed):
    from roster import services
    from roster.synth import students
    from suite.tabular import read_table

    from .helpers import students_csv
    row = students(1, [org.schools[0].code], seed=3)[0]
    row.update({"学籍号": "L350881201503040001", "身份证号": exposed["id_number"],
                "出生日期": "2015-03-04", "性别": "女"})
    data = students_csv([row])
    result = services.import_students(db, read_table(data, "r.csv"), filename="r.csv",
                                      data=data, today=date(2026, 11, 22))
    (error,) = result.errors
    assert "G3508**********" + exposed["id_number"][-4:] in error.reason
    assert exposed["student"].student_no not in error.reason
