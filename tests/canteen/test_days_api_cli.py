"""The month of meals: day summaries, the bureau's missing counts, the JSON API, the CLI and
the screens (scoped to the user's school, in Chinese without English)."""
from __future__ import annotations

import html
import re
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from canteen import services
from canteen.models import AccompaniedMeal, HealthCheck, Sample, Worker
from suite import accounts
from tests.canteen.helpers_issuing import (DAY, RICE, contract, count, dish, food, moves,
                                           publish)
from tests.factories import TODAY

MON = date(2026, 11, 16)
URL = "/api/v1/canteen"


def logs(db, school, day, meal="lunch"):
    """A sample, an accompanying meal and a morning check of the day."""
    worker = Worker(school_id=school.id, name="李师傅")
    db.add(worker)
    db.flush()
    db.add_all([
        Sample(school_id=school.id, day=day, meal=meal, dish_name="米饭", grams=Decimal("125"),
               taken_at=datetime(2026, 11, 20, 4, tzinfo=timezone.utc), taken_by="李师傅"),
        AccompaniedMeal(school_id=school.id, day=day, meal=meal, leader="王校长",
                        quality="good", hygiene="good", dining_order="good", service="good"),
        HealthCheck(school_id=school.id, worker_id=worker.id, day=day, checked_by="王校长")])


@pytest.fixture
def month(db, org, foods, deliver, supplier):
    """School 0 (canteen): lunch on the menu Monday to Friday of the week of 2026-11-16,
    counted Thursday and Friday, food issued and every log kept on Friday only. School 2
    (company): Thursday supplied short and without a slip, Friday counted but not supplied."""
    school, company = org.schools[0], org.schools[2]
    company.supply_mode = "company"
    deliver([("大米", "10", "kg", "5.00")], day=date(2026, 11, 2))
    rice = dish(db, "米饭", [(RICE, "6-8", "100.0"), (RICE, "15-17", "150.0")])
    publish(db, org, school, MON, [(MON + timedelta(d), "lunch", rice) for d in range(5)])
    count(db, school, day=DAY - timedelta(1), grades={1: (30, 30)}, teachers=2)
    count(db, school, grades={1: (30, 28)}, teachers=2)
    logs(db, school, DAY)
    contract(db, company, supplier, price="5.37", number="2026-017")
    count(db, company, day=DAY - timedelta(1), grades={1: (10, 10)}, teachers=1)
    count(db, company, grades={1: (10, 10)}, teachers=1)
    db.commit()
    services.issue_to_meal(db, school_id=school.id, day=DAY, meal="lunch", today=TODAY,
                           quantities={food(db, RICE).id: "3600.0"})
    services.save_supplied_meal(db, school_id=company.id, day=DAY - timedelta(1), meal="lunch",
                                supplier_id=supplier.id, slip_no="",
                                servings_by_band={"6-8": 10}, today=TODAY)
    db.commit()
    return school, company


def meal(counted=False, students=0, plan=0, teachers=0, version=None, cost="0.00",
         student="0.00", teacher="0.00", issued=False, over=(), missing=()):
    return {"meal": "lunch", "counted": counted, "students": students, "plan_students": plan,
            "teachers": teachers, "version": version, "food_cost": Decimal(cost),
            "student_cost": Decimal(student), "teacher_cost": Decimal(teacher),
            "issued": issued, "over_tolerance": list(over), "missing": list(missing)}


def test_day_summaries_of_a_week(db, month):
    school, _company = month
    rows = services.day_summaries(db, school.id, MON, date(2026, 11, 22), 0.10, today=TODAY)
    not_counted = [meal(missing=["counts"])]
    # Friday: 30 × 100.0 + 2 × 150.0 = 3300.0 g planned, 3600.0 issued: 9 % over, within
    # 10 %; 10 kg for 50.00: 50.00 × 3600 / 10000 = 18.00; teachers 18.00 × 2 / 32 = 1.125
    # → 1.13 (half up), pupils 18.00 − 1.13 = 16.87
    assert rows == [
        {"day": MON, "school_day": True, "meals": not_counted},
        {"day": MON + timedelta(1), "school_day": True, "meals": not_counted},
        {"day": MON + timedelta(2), "school_day": True, "meals": not_counted},
        {"day": DAY - timedelta(1), "school_day": True, "meals": [meal(
            True, 30, 30, 2, 1, missing=["issues", "samples", "accompany", "health_check"])]},
        {"day": DAY, "school_day": True, "meals": [meal(
            True, 30, 28, 2, 1, "18.00", "16.87", "1.13", issued=True)]}]
    strict = services.day_summaries(db, school.id, DAY, DAY, "0.05")
    assert strict[0]["meals"][0]["over_tolerance"] == ["大米"]
    # per plan student-day, as the ledger divides: 16.87 / 28 = 0.6025 (not / 30 who ate)
    assert services.cost_per_student(rows[-1]) == Decimal("0.60")


def test_days_after_today_miss_nothing_and_empty_school_days_are_listed(db, month):
    school, _company = month
    rows = services.day_summaries(db, school.id, TODAY, date(2026, 11, 24), 0.1,
                                  today=TODAY)
    assert rows == [{"day": TODAY, "school_day": True, "meals": []},
                    {"day": TODAY + timedelta(1), "school_day": True, "meals": []}]


def test_missing_by_school_in_sql(db, org, month):
    school, company = month
    got = services.missing_by_school(db, [s.id for s in org.schools], MON, TODAY, today=TODAY)
    zero = dict.fromkeys(services.MISSING_LABELS, 0)
    assert got == {
        school.id: {**zero, "counts": 3, "issues": 1, "samples": 1, "accompany": 1,
                    "health_check": 1},
        org.schools[1].id: zero,
        # Thursday: 10 servings for 11 counted, no slip; Friday: nothing delivered
        company.id: {**zero, "servings": 2, "slip": 1, "samples": 2, "accompany": 2,
                     "health_check": 2}}
    company_days = services.day_summaries(db, company.id, DAY - timedelta(1), DAY, 0.1)
    assert [m["missing"] for d in company_days for m in d["meals"]] == [
        ["servings", "slip", "samples", "accompany", "health_check"],
        ["servings", "samples", "accompany", "health_check"]]


@pytest.fixture
def api(client, factory, db, org):
    def _api(role, school=None):
        user = factory.user(role, school=school or (org.schools[0] if role == "canteen_manager"
                                                    else None))
        token = accounts.create_token(db, user)
        db.commit()

        def call(method, url, **kwargs):
            return client.open(url, method=method,
                               headers={"Authorization": f"Bearer {token}"}, **kwargs)
        return call
    return _api


@pytest.mark.usefixtures("en")
def test_api_issues_and_refusals(db, org, month, api):
    school, _company = month
    call = api("canteen_manager")
    url = f"{URL}/meals/{school.id}/2026-11-19/lunch/issues"
    before = moves(db)
    bad = call("POST", url, json={"issues": [{"food": "nope", "grams": "1"},
                                             {"food": RICE, "grams": "1"},
                                             {"food": RICE, "grams": "2"}]})
    assert (bad.status_code, bad.get_json()["errors"]) == (400, {
        "issues[0].food": "Unknown food.", "issues[2].food": "大米 is listed twice."})
    too_much = call("POST", url, json={"issues": [{"food": RICE, "grams": "6400.1"}]})
    assert (too_much.status_code, too_much.get_json()["errors"]) == (400, {
        "issues[0].grams": "Only 6400.0 g of 大米 is on hand on 2026-11-19; 6400.1 g cannot "
                           "be issued."})
    assert call("POST", url, json={"issues": []}).get_json()["errors"] == {
        "issues": "Enter the grams of at least one food."}
    assert moves(db) == before
    ok = call("POST", url, json={"issues": [{"food": RICE, "grams": "3200.0"}]})
    # 50.00 × 3200 / 10000 = 16.00 (issued before Friday's, which is valued again:
    # 34.00 × 3600 / 6800 = 18.00); teachers 16.00 × 2 / 32 = 1.00
    assert ok.status_code == 201
    body = ok.get_json()
    assert (body["moves"][0]["food"], body["moves"][0]["grams"], body["moves"][0]["value"],
            body["cost"]) == (RICE, "3200.0", "16.00", {
                "food_cost": "16.00", "student_cost": "15.00", "teacher_cost": "1.00"})
    assert call("POST", f"{URL}/meals/{org.schools[1].id}/2026-11-19/lunch/issues",
                json={"issues": [{"food": RICE, "grams": "1"}]}).status_code == 404
    assert call("POST", f"{URL}/meals/{school.id}/2026-13-19/lunch/issues",
                json={"issues": []}).status_code == 404
    assert api("bureau")("POST", url, json={"issues": []}).status_code == 403


@pytest.mark.usefixtures("en")
def test_api_days_scoped_and_checked(db, org, month, api):
    school, company = month
    call = api("canteen_manager")
    got = call("GET", f"{URL}/days?school={school.id}&from=2026-11-20&to=2026-11-20")
    assert got.status_code == 200
    assert got.get_json() == {"school_id": school.id, "from": "2026-11-20", "to": "2026-11-20",
                              "days": [{"date": "2026-11-20", "school_day": True, "meals": [{
                                  "meal": "lunch", "counted": True, "students": 30,
                                  "plan_students": 28, "teachers": 2, "version": 1,
                                  "food_cost": "18.00", "student_cost": "16.87",
                                  "teacher_cost": "1.13", "issued": True,
                                  "over_tolerance": [], "missing": []}]}]}
    assert call("GET", f"{URL}/days?school={company.id}&from=2026-11-20&to=2026-11-20"
                ).status_code == 404
    assert api("bureau")("GET", f"{URL}/days?school={company.id}&from=2026-11-20"
                                "&to=2026-11-20").status_code == 200
    assert call("GET", f"{URL}/days?from=2026-11-20&to=2026-11-20").get_json()["errors"] == {
        "school": "Choose the school."}
    bad = call("GET", f"{URL}/days?school={school.id}&from=2026-11-31&to=2027-12-01")
    assert (bad.status_code, bad.get_json()["errors"]) == (400, {
        "from": "Enter the date as 2026-11-02."})
    assert call("GET", f"{URL}/days?school={school.id}&from=2026-01-01&to=2027-01-02"
                ).get_json()["errors"] == {"to": "At most 366 days at a time."}
    assert call("GET", f"{URL}/days?school={school.id}&from=2026-11-20&to=2026-11-19"
                ).get_json()["errors"] == {"to": "The end date is before the start date."}


@pytest.mark.usefixtures("en")
def test_cli_prints_the_month(runner, db, org, month):
    school, _company = month
    result = runner.invoke(args=["canteen", "days", "--school", school.code,
                                 "--month", "2026-11"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "2026-11-20  lunch           30   28        2     18.00     16.87      1.13  -" in lines
    assert "2026-11-19  lunch           30   30        2      0.00      0.00      0.00  issues, " \
           "samples, accompany, health_check" in lines
    assert "2026-11-16  lunch            -    -        -      0.00      0.00      0.00  counts" \
        in lines
    assert lines[-1] == "total                       60   58        4     18.00     16.87      1.13"
    unknown = runner.invoke(args=["canteen", "days", "--school", "NOPE", "--month", "2026-11"])
    assert (unknown.exit_code, "unknown school code: NOPE" in unknown.output) == (1, True)
    bad = runner.invoke(args=["canteen", "days", "--school", school.code, "--month", "11/2026"])
    assert (bad.exit_code, "not a month: 11/2026" in bad.output) == (1, True)


def english_words(page: str) -> set[str]:
    main = page[page.index("<main"):page.index("</main>")]
    main = re.sub(r"<(script|style)\b.*?</\1>", " ", main, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", main))
    return set(re.findall(r"(?<![\w\u4e00-\u9fff])[A-Za-z_]{2,}(?![\w])", text))


def test_screens_in_chinese_scoped_to_the_school(client, login, db, org, month):
    school, company = month
    login("canteen_manager")
    pages = [f"/canteen/{school.id}/2026-11-20/lunch/issues",
             f"/canteen/{school.id}/2026-11-19/lunch/issues",
             f"/canteen/{school.id}/days?month=2026-11"]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert english_words(response.get_data(as_text=True)) == set(), url
    page = client.get(pages[0]).get_data(as_text=True)
    assert "学生分摊" in page and "16.87" in page and "1.13" in page
    assert client.get(f"/canteen/{company.id}/days?month=2026-11").status_code == 404
    assert client.get(f"/canteen/{org.schools[1].id}/2026-11-20/lunch/issues"
                      ).status_code == 404
    assert client.get("/canteen/contracts").status_code == 403
    login("canteen_manager", school=company)
    response = client.get(f"/canteen/{company.id}/2026-11-19/lunch/supplied")
    assert response.status_code == 200
    assert english_words(response.get_data(as_text=True)) == set()
    login("bureau")
    for url in ["/canteen/contracts", "/canteen/contracts/new", pages[0],
                f"/canteen/{company.id}/days?month=2026-11"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert english_words(response.get_data(as_text=True)) == set(), url
    assert 'name="q_' not in client.get(pages[0]).get_data(as_text=True)  # reads only
    assert client.post(pages[0], data={}).status_code == 403


# The API at the edges of what its values can hold: the calendar's last days, and amounts
# of grams no stock could have.
@pytest.mark.usefixtures("en")
def test_days_at_the_end_of_the_calendar_are_refused_not_a_crash(org, month, api):
    """The suite keeps the years 1900-2099 (suite.params.parse_day): a day at the calendar's
    end is refused as a date, where reckoning "the next day" from it would overflow."""
    school, _company = month
    call = api("canteen_manager")
    got = call("GET", f"{URL}/days?school={school.id}&from=9999-12-01&to=9999-12-31")
    assert got.status_code == 400
    assert got.get_json()["errors"] == {"from": "Enter a date between 1900 and 2099.",
                                        "to": "Enter a date between 1900 and 2099."}
    got = call("GET", f"{URL}/days?school={school.id}&from=2026-13-01&to=")
    assert got.get_json()["errors"] == {"from": "Enter the date as 2026-11-02.",
                                        "to": "Enter the date as 2026-11-02."}
    # spaces around a day ("+" in a query) are no part of it: both checks read it alike
    got = call("GET", f"{URL}/days?school={school.id}&from=+2099-12-01&to=2099-12-31%0A")
    assert got.status_code == 200 and got.get_json()["days"] == []
    got = call("GET", f"{URL}/days?school={school.id}&from=2099-12-01&to=2099-12-31")
    assert got.status_code == 200 and got.get_json()["days"] == []


@pytest.mark.usefixtures("en")
def test_grams_beyond_any_stock_are_refused(db, org, month, api):
    school, _company = month
    call = api("canteen_manager")
    url = f"{URL}/meals/{school.id}/2026-11-19/lunch/issues"
    before = moves(db)
    for grams in ("1e100", 1e100, "9" * 40):
        bad = call("POST", url, json={"issues": [{"food": RICE, "grams": grams}]})
        assert bad.status_code == 400, grams
        assert bad.get_json()["errors"] == {
            "issues[0].grams": "大米: more grams than any stock holds."}
    assert moves(db) == before
