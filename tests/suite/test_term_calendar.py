"""A new term's calendar is filled with the State Council's public holidays and make-up
working days (调休) from chinese-calendar; a year the library does not know is left to the user,
who is told so. The marks stay editable."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from suite import services
from suite.holidays import CalendarDay, official_days
from suite.models import AuditEntry, Term, TermDay

NATIONAL_DAY_2026 = [
    CalendarDay(date(2026, 9, 20), "makeup", "国庆节调休上课"),   # a Sunday worked
    CalendarDay(date(2026, 9, 25), "holiday", "中秋"),            # Mid-autumn, a Friday
    *(CalendarDay(date(2026, 10, d), "holiday", "国庆节") for d in (1, 2, 5, 6, 7)),
    CalendarDay(date(2026, 10, 10), "makeup", "国庆节调休上课"),  # a Saturday worked
]


def marks(db, term):
    db.expire_all()
    return [(d.day, d.kind, d.note) for d in db.scalars(
        select(TermDay).where(TermDay.term_id == term.id).order_by(TermDay.day))]


def test_national_day_2026_weekdays_off_and_weekend_days_worked():
    days, unknown = official_days(date(2026, 9, 14), date(2026, 10, 18))
    assert (days, unknown) == (NATIONAL_DAY_2026, [])


def test_weekend_days_inside_a_holiday_are_not_marked():
    days, _unknown = official_days(date(2026, 10, 3), date(2026, 10, 4))
    assert days == []


def test_a_year_the_library_does_not_know_is_reported():
    assert official_days(date(2099, 9, 1), date(2100, 1, 20)) == ([], [2099, 2100])


def test_create_term_fills_the_known_part_and_reports_the_rest(db, factory):
    county = factory.county()
    term, unknown = services.create_term(db, county.id, "2026-2027学年第一学期",
                                         date(2026, 9, 1), date(2027, 1, 20))
    assert unknown == [2027]
    assert marks(db, term) == [(d.day, d.kind, d.note) for d in NATIONAL_DAY_2026]
    days = services.school_days(db, term)
    assert date(2026, 10, 1) not in days and date(2026, 10, 10) in days
    audited = db.scalars(select(AuditEntry.action).where(
        AuditEntry.record_type == "suite_term_day")).all()
    assert audited == ["create"] * len(NATIONAL_DAY_2026)


def spring_only(db, org):
    """The factory's county term moved to the spring, so an autumn term may be added."""
    org.term.start_date, org.term.end_date = date(2027, 2, 22), date(2027, 7, 9)
    db.commit()


def test_the_term_page_fills_a_2026_autumn_term(client, login, db, org):
    spring_only(db, org)
    login("admin")
    response = client.post("/terms/new", data={
        "name": "2026秋（二）", "start_date": "2026-09-01", "end_date": "2026-12-31"},
        follow_redirects=True)
    assert response.status_code == 200
    term = db.scalar(select(Term).where(Term.name == "2026秋（二）"))
    assert marks(db, term) == [(d.day, d.kind, d.note) for d in NATIONAL_DAY_2026]
    assert "请手工录入" not in response.get_data(as_text=True)


def test_a_term_beyond_the_known_years_is_created_with_a_message(client, login, db, org):
    login("admin")
    response = client.post("/terms/new", data={
        "name": "2099秋", "start_date": "2099-09-01", "end_date": "2099-12-31"},
        follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "尚未收录 2099 年的法定节假日和调休安排，无法自动填入，请手工录入。" in page
    term = db.scalar(select(Term).where(Term.name == "2099秋"))
    assert term is not None and marks(db, term) == []


def test_filled_days_stay_editable(client, login, db, org):
    spring_only(db, org)
    login("admin")
    client.post("/terms/new", data={
        "name": "2026秋（二）", "start_date": "2026-09-01", "end_date": "2026-12-31"})
    term = db.scalar(select(Term).where(Term.name == "2026秋（二）"))
    assert client.post(f"/terms/{term.id}/days/2026-09-25/remove").status_code == 302
    assert client.post(f"/terms/{term.id}/days", data={
        "day": "2026-10-10", "kind": "makeup", "note": "运动会补课"}).status_code == 302
    days = dict((d, (k, n)) for d, k, n in marks(db, term))
    assert date(2026, 9, 25) not in days and days[date(2026, 10, 10)] == ("makeup", "运动会补课")


def test_editing_a_term_does_not_fill_again(client, login, db, org):
    login("admin")
    before = db.scalar(select(func.count()).select_from(TermDay))
    response = client.post(f"/terms/{org.term.id}/edit", data={
        "name": org.term.name, "start_date": "2026-09-01", "end_date": "2027-01-20"})
    assert response.status_code == 302
    assert db.scalar(select(func.count()).select_from(TermDay)) == before


def test_the_demo_county_term_gets_the_official_days(db):
    from suite.demo import build_demo
    build_demo(db, schools=1, today=date(2026, 11, 23))
    term = db.scalar(select(Term))
    assert (term.start_date, term.end_date) == (date(2026, 9, 1), date(2027, 1, 20))
    assert marks(db, term) == [(d.day, d.kind, d.note) for d in NATIONAL_DAY_2026]


def test_the_term_page_keeps_naming_the_years_left_to_enter(client, login, db, org):
    """The demo term runs into 2027, which the library does not know yet: the page says so
    every time it is opened, not only when the term is created."""
    login("admin")
    page = client.get(f"/terms/{org.term.id}").get_data(as_text=True)
    assert "尚未收录 2027 年的法定节假日和调休安排，无法自动填入，请手工录入。" in page


def test_a_term_that_overlaps_another_is_refused(client, login, db, org):
    """Terms decide school days, enrolment and the subsidy: a mistyped date must not make a
    second calendar over the first. Nothing is saved; the term itself may be edited."""
    login("admin")
    before = db.scalar(select(func.count()).select_from(Term))
    response = client.post("/terms/new", data={
        "name": "重叠学期", "start_date": "2026-10-01", "end_date": "2026-12-01"})
    message = (f"这些日期与学期“{org.term.name}”（2026-09-01 至 2027-01-20）重叠："
               "学期之间不能有重合的日子。")
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(Term)) == before
    spring = client.post("/terms/new", data={
        "name": "2027春", "start_date": "2027-02-22", "end_date": "2027-07-09"})
    assert spring.status_code == 302
    term = db.scalar(select(Term).where(Term.name == "2027春"))
    stretched = client.post(f"/terms/{term.id}/edit", data={
        "name": "2027春", "start_date": "2027-01-15", "end_date": "2027-07-09"})
    assert stretched.status_code == 400 and message in stretched.get_data(as_text=True)
    db.expire_all()
    assert db.get(Term, term.id).start_date == date(2027, 2, 22)
