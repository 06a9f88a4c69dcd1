"""Org model: school days, subsidy rates, enrolment, and the school, term and rate pages."""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from suite import clock
from suite import services
from suite.models import School, SubsidyRate, Term, TermDay


# messages raised outside a request follow the app's default locale, which `en` sets
pytestmark = pytest.mark.usefixtures("en")


def count(db, model):
    return db.scalar(select(func.count()).select_from(model))


def field_errors(html: str, name: str) -> list[str]:
    """Error messages rendered inside the form field block holding the input `name`."""
    for block in re.findall(r'<div class="field[^"]*">(.*?)</div>', html, re.S):
        if f'name="{name}"' in block:
            return re.findall(r'<p class="error" role="alert">(.*?)</p>', block, re.S)
    raise AssertionError(f"no field {name}")


@pytest.fixture
def small_term(factory, db):
    """2026-09-28 .. 2026-10-11: National Day week off, Saturday 10-10 made up."""
    county = factory.county()
    term = factory.term(county, start=date(2026, 9, 28), end=date(2026, 10, 11), name="t")
    for d in range(1, 8):
        db.add(TermDay(term_id=term.id, day=date(2026, 10, d), kind="holiday", note="国庆"))
    db.flush()
    services.set_day_kind(db, term, date(2026, 10, 10), "makeup", "调休")
    return term


# --- school days ---------------------------------------------------------------------------

def test_school_days_are_weekdays_minus_holidays_plus_makeup(db, small_term):
    assert services.school_days(db, small_term) == [
        date(2026, 9, 28), date(2026, 9, 29), date(2026, 9, 30),
        date(2026, 10, 8), date(2026, 10, 9), date(2026, 10, 10)]


def test_is_school_day(db, small_term):
    cid = small_term.county_id
    assert services.is_school_day(db, cid, date(2026, 9, 28)) is True
    assert services.is_school_day(db, cid, date(2026, 10, 1)) is False   # holiday
    assert services.is_school_day(db, cid, date(2026, 10, 10)) is True   # make-up Saturday
    assert services.is_school_day(db, cid, date(2026, 10, 11)) is False  # ordinary Sunday
    assert services.is_school_day(db, cid, date(2026, 10, 12)) is False  # Monday, no term


@pytest.mark.parametrize("day, kind, message", [
    (date(2026, 9, 29), "makeup", "A make-up day must fall on a weekend."),
    (date(2026, 10, 11), "holiday", "A weekend day is not a school day already."),
    (date(2026, 10, 12), "holiday", "The date 2026-10-12 is outside the term."),
    (date(2026, 9, 27), None, "The date 2026-09-27 is outside the term."),
])
def test_set_day_kind_refusals(db, small_term, day, kind, message):
    before = db.execute(select(TermDay.day, TermDay.kind).order_by(TermDay.day)).all()
    with pytest.raises(services.OrgError) as exc:
        services.set_day_kind(db, small_term, day, kind)
    assert str(exc.value) == message
    assert db.execute(select(TermDay.day, TermDay.kind).order_by(TermDay.day)).all() == before


def test_set_day_kind_none_removes_the_mark(db, small_term):
    services.set_day_kind(db, small_term, date(2026, 10, 10), None)
    assert db.scalar(select(TermDay).where(TermDay.day == date(2026, 10, 10))) is None
    assert date(2026, 10, 10) not in services.school_days(db, small_term)
    assert len(services.school_days(db, small_term)) == 5


# --- enrolment services --------------------------------------------------------------------

def test_enrolment_mix_and_totals(db, org):
    s0, s1, s2 = org.schools
    assert services.enrolment_mix(db, s0.id, org.term.id) == [
        ("6-8", "M", 20), ("6-8", "F", 18), ("9-11", "M", 15), ("9-11", "F", 17)]
    assert services.enrolment_mix(db, s2.id, org.term.id) == []
    assert services.enrolment_totals(db, org.term.id) == {s0.id: 70, s1.id: 78}
    assert services.enrolment_totals(db, org.term.id, [s1.id]) == {s1.id: 78}
    services.set_enrolment(db, s0.id, org.term.id, {(1, "6-8", "M"): 10, (2, "6-8", "M"): 5})
    assert services.enrolment_mix(db, s0.id, org.term.id) == [("6-8", "M", 15)]


def test_set_enrolment_replaces_rows_and_drops_zeros(db, org):
    s0 = org.schools[0]
    services.set_enrolment(db, s0.id, org.term.id, {(2, "6-8", "F"): 9, (3, "9-11", "M"): 0})
    assert services.enrolment_table(db, s0.id, org.term.id) == {(2, "6-8", "F"): 9}
    assert services.enrolment_totals(db, org.term.id)[org.schools[1].id] == 78


@pytest.mark.parametrize("row, value, message", [
    ((10, "12-14", "M"), 5, "Invalid enrolment row: grade 10, 12-14, M."),
    ((1, "5-7", "F"), 5, "Invalid enrolment row: grade 1, 5-7, F."),
    ((1, "6-8", "M"), -1, "Head counts must be whole numbers from 0 to 2000."),
    ((1, "6-8", "M"), 2001, "Head counts must be whole numbers from 0 to 2000."),
])
def test_set_enrolment_rejects_bad_rows_and_changes_nothing(db, org, row, value, message):
    s0 = org.schools[0]
    before = services.enrolment_table(db, s0.id, org.term.id)
    with pytest.raises(services.OrgError) as exc:
        services.set_enrolment(db, s0.id, org.term.id, {(2, "6-8", "M"): 3, row: value})
    assert str(exc.value) == message
    assert services.enrolment_table(db, s0.id, org.term.id) == before


# --- enrolment page ------------------------------------------------------------------------

def post_enrolment(client, org, data, term_id=None):
    return client.post(f"/schools/{org.schools[0].id}/enrolment/{term_id or org.term.id}",
                       data=data)


def table(db, org):
    return services.enrolment_table(db, org.schools[0].id, org.term.id)


def test_bureau_saves_enrolment_through_the_page(client, login, db, org):
    login("bureau")
    response = post_enrolment(client, org, {"n-2-6-8-M": "12", "n-2-6-8-F": " 11 ",
                                            "n-3-9-11-M": "", "n-9-15-17-F": "2000"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/schools/{org.schools[0].id}?term={org.term.id}")
    assert table(db, org) == {(2, "6-8", "M"): 12, (2, "6-8", "F"): 11, (9, "15-17", "F"): 2000}


@pytest.mark.parametrize("value", ["abc", "-3", "1.5", "²", "１２", "2001"])
def test_non_numeric_enrolment_is_rejected(client, login, db, org, value):
    login("bureau")
    before = table(db, org)
    response = post_enrolment(client, org, {"n-1-6-8-M": value, "n-2-6-8-F": "5"})
    assert response.status_code == 400
    message = f'Grade 1, 6-8, Boys: "{value}" is not a whole number from 0 to 2000.'
    assert str(escape(message)) in response.get_data(as_text=True)
    assert table(db, org) == before


def test_huge_enrolment_count_is_rejected(client, login, db, org):
    login("bureau")
    before = table(db, org)
    assert post_enrolment(client, org, {"n-1-6-8-M": "99999999999"}).status_code == 400
    assert table(db, org) == before


def test_enrolment_inputs_are_named_in_words_for_screen_readers(client, login, org):
    login("bureau")
    page = client.get(f"/schools/{org.schools[0].id}/enrolment/{org.term.id}").get_data(
        as_text=True)
    labels = re.findall(r'name="n-2-6-8-F"[^>]*aria-label="([^"]*)"', page)
    assert labels == ["Grade 2, age 6-8, Girls"]  # not the field's code "2 6-8 F"


def test_canteen_manager_cannot_edit_enrolment(client, login, db, org):
    login("canteen_manager")
    before = table(db, org)
    assert client.get(f"/schools/{org.schools[0].id}/enrolment/{org.term.id}").status_code == 403
    assert post_enrolment(client, org, {"n-1-6-8-M": "1"}).status_code == 403
    assert table(db, org) == before


def test_enrolment_page_unknown_term_is_404(client, login, db, org):
    login("admin")
    before = table(db, org)
    assert post_enrolment(client, org, {"n-1-6-8-M": "1"}, term_id=999999).status_code == 404
    assert table(db, org) == before


# --- schools -------------------------------------------------------------------------------

def school_form(org, **overrides):
    data = {"code": "S7001", "name": "新建小学", "township_id": str(org.townships[1].id),
            "kind": "nine_year", "supply_mode": "company", "boarding": "y", "in_plan": "y",
            "active": "y"}
    data.update(overrides)
    return data


def test_admin_creates_a_school(client, login, db, org):
    login("admin")
    response = client.post("/schools/new", data=school_form(org))
    school = db.scalar(select(School).where(School.code == "S7001"))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/schools/{school.id}")
    assert (school.name, school.township_id, school.kind, school.supply_mode) == (
        "新建小学", org.townships[1].id, "nine_year", "company")
    assert (school.boarding, school.rural, school.in_plan, school.active) == (
        True, False, True, True)


def test_duplicate_school_code_is_refused(client, login, db, org):
    login("admin")
    taken = org.schools[0].code
    response = client.post("/schools/new", data=school_form(org, code=taken))
    assert response.status_code == 200
    assert field_errors(response.get_data(as_text=True), "code") == [
        f"The school code {taken} is taken."]
    assert count(db, School) == 3


def test_editing_to_a_taken_code_is_refused(client, login, db, org):
    login("admin")
    s0, s1 = org.schools[:2]
    response = client.post(f"/schools/{s1.id}/edit", data=school_form(org, code=s0.code))
    assert response.status_code == 200
    assert field_errors(response.get_data(as_text=True), "code") == [
        f"The school code {s0.code} is taken."]
    db.expire_all()
    assert db.execute(select(School.code, School.name).where(School.id == s1.id)).one() == (
        s1.code, "东镇中学")


def test_required_school_fields(client, login, db, org):
    login("admin")
    response = client.post("/schools/new", data=school_form(org, code="", name=""))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert field_errors(html, "code") == ["This field is required."]
    assert field_errors(html, "name") == ["This field is required."]
    assert field_errors(html, "kind") == []
    assert count(db, School) == 3


def test_nutritionist_cannot_create_schools(client, login, db, org):
    login("nutritionist")
    assert client.get("/schools/new").status_code == 403
    assert client.post("/schools/new", data=school_form(org)).status_code == 403
    assert count(db, School) == 3


# --- terms ---------------------------------------------------------------------------------

def test_admin_creates_a_term(client, login, db, org):
    login("admin")
    response = client.post("/terms/new", data={
        "name": "2027春", "start_date": "2027-02-24", "end_date": "2027-07-03"})
    term = db.scalar(select(Term).where(Term.name == "2027春"))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/terms/{term.id}")
    assert (term.county_id, term.start_date, term.end_date) == (
        org.county.id, date(2027, 2, 24), date(2027, 7, 3))


def test_term_ending_before_it_starts_is_refused(client, login, db, org):
    login("admin")
    response = client.post("/terms/new", data={
        "name": "bad", "start_date": "2027-07-03", "end_date": "2027-02-24"})
    assert response.status_code == 200
    assert field_errors(response.get_data(as_text=True), "end_date") == [
        "The last day is before the first day."]
    assert count(db, Term) == 1


def test_holiday_added_through_the_term_page(client, login, db, org):
    login("admin")
    page = client.get(f"/terms/{org.term.id}").get_data(as_text=True)
    forms = re.findall(r'<form method="post" action="([^"]+)"[^>]*>(.*?)</form>', page, re.S)
    (action,) = [a for a, body in forms if 'name="day"' in body]
    assert action == f"/terms/{org.term.id}/days"
    response = client.post(action, data={"day": "2026-11-02", "kind": "holiday",
                                         "note": "运动会"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/terms/{org.term.id}")
    mark = db.scalar(select(TermDay).where(TermDay.day == date(2026, 11, 2)))
    assert (mark.term_id, mark.kind, mark.note) == (org.term.id, "holiday", "运动会")
    assert len(services.school_days(db, org.term)) == 101


def test_weekend_holiday_is_refused_on_the_term_page(client, login, db, org):
    login("admin")
    response = client.post(f"/terms/{org.term.id}/days",
                           data={"day": "2026-11-07", "kind": "holiday"})
    assert response.status_code == 400
    assert field_errors(response.get_data(as_text=True), "day") == [
        "A weekend day is not a school day already."]
    assert count(db, TermDay) == 2


def test_canteen_manager_cannot_change_the_calendar(client, login, db, org):
    login("canteen_manager")
    page = client.get(f"/terms/{org.term.id}")
    assert page.status_code == 200 and 'name="day"' not in page.get_data(as_text=True)
    response = client.post(f"/terms/{org.term.id}/days", data={"day": "2026-11-02",
                                                                "kind": "holiday"})
    assert response.status_code == 403
    assert client.post(f"/terms/{org.term.id}/days/2026-10-10/remove").status_code == 403
    assert count(db, TermDay) == 2


# --- rates ---------------------------------------------------------------------------------

def test_admin_adds_a_county_top_up(client, login, db, org):
    login("admin")
    response = client.post("/rates/new", data={
        "scope": "county", "start_date": "2021-09-01", "end_date": "", "amount": "0.50",
        "note": "县级补助"})
    assert response.status_code == 302
    rate = db.scalar(select(SubsidyRate).where(SubsidyRate.county_id.is_not(None)))
    assert (rate.county_id, rate.start_date, rate.end_date, str(rate.amount), rate.note) == (
        org.county.id, date(2021, 9, 1), None, "0.50", "县级补助")
    assert str(services.subsidy_rate_on(db, clock.today(), org.county.id)) == "5.50"


def test_rate_with_three_decimals_is_refused(client, login, db, org):
    login("admin")
    response = client.post("/rates/new", data={
        "scope": "county", "start_date": "2026-09-01", "amount": "0.505"})
    assert response.status_code == 200
    assert field_errors(response.get_data(as_text=True), "amount") == [
        "At most two decimal places (fen)."]
    assert count(db, SubsidyRate) == 3


def test_rates_page_shows_the_rate_in_force(client, login, db, org):
    login("nutritionist")
    page = client.get("/rates").get_data(as_text=True)
    assert f"In force today ({clock.today().isoformat()}):" in page
    assert "<strong>5.00 CNY per student per school day</strong>" in page
    db.add(SubsidyRate(county_id=org.county.id, start_date=date(2021, 9, 1),
                       amount=Decimal("0.50")))
    db.flush()
    page = client.get("/rates").get_data(as_text=True)
    assert "<strong>5.50 CNY per student per school day</strong>" in page


def test_admin_sets_the_second_approver_rule(client, login, db, org):
    login("admin")
    assert client.post("/county", data={"name": "示范县教育局", "second_approver_required": "y"}
                       ).status_code == 302
    db.refresh(org.county)
    assert org.county.second_approver_required is True and org.county.name == "示范县教育局"
    client.post("/county", data={"name": "示范县教育局"})
    db.refresh(org.county)
    assert org.county.second_approver_required is False
    before = org.county.name
    assert client.post("/county", data={"name": ""}).status_code == 400
    db.refresh(org.county)
    assert org.county.name == before
    client.post("/logout")
    login("nutritionist")
    assert client.post("/county", data={"name": "x"}).status_code == 403
