"""The canteen manager's day and the bureau's view of missing records: each meal's tasks done
or to do, the days still missing records, the food this week's menu needs beyond the stock
(exact grams), the county table and the host home page panels."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from canteen import services
from canteen.models import AccompaniedMeal, HealthCheck, Sample, Worker
from procurement import services as procurement

from ..factories import TODAY
from .helpers_issuing import RICE, count, dish, food, publish
from .helpers_safety import at

pytestmark = pytest.mark.usefixtures("en")
FRIDAY, MONDAY, TUESDAY = date(2026, 11, 20), TODAY, date(2026, 11, 24)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr("suite.clock.today", lambda: TODAY)


@pytest.fixture
def week(db, org, deliver):
    """Rice (130 g for 9-11, ×0.8 for 6-8) at lunch on Friday, Monday and Tuesday; 10 kg of
    rice delivered on Friday; Friday's lunch counted with nothing else recorded."""
    school = org.schools[0]
    rice = dish(db, "米饭", [(RICE, None, "130")])
    publish(db, org, school, date(2026, 11, 16), [(FRIDAY, "lunch", rice)])
    publish(db, org, school, MONDAY, [(MONDAY, "lunch", rice), (TUESDAY, "lunch", rice)])
    deliver([("大米", "10", "kg", "5.00")], day=FRIDAY)
    count(db, school, FRIDAY, grades={1: (30, 30), 4: (28, 28)}, teachers=2, dishes=[rice])
    db.commit()
    return school


def test_the_stock_the_rest_of_the_week_needs(db, week):
    # per meal: 6-8 band 38 pupils × 104.0 g (130 × 0.8) + 9-11 band 32 × 130 g = 8112.0 g;
    # Monday and Tuesday lunch: 16224.0 g against 10000.0 g on hand → 6224.0 g short
    assert services.stock_outlook(db, week.id, MONDAY) == [{
        "food": "大米", "need_grams": Decimal("16224.0"), "on_hand_grams": Decimal("10000.0"),
        "short_grams": Decimal("6224.0")}]
    # Monday's lunch had its food issued: only Tuesday's 8112.0 g is still needed, 9000 is left
    procurement.issue_stock(db, school_id=week.id, day=MONDAY, meal="lunch",
                            food_id=food(db, RICE).id, grams="1000")
    assert services.stock_outlook(db, week.id, MONDAY) == []
    # from Tuesday on, Monday's meal is past
    assert services.stock_outlook(db, week.id, TUESDAY) == []


def test_a_company_supplied_school_has_no_stock_to_run_out(db, org):
    org.schools[2].supply_mode = "company"
    db.flush()
    assert services.stock_outlook(db, org.schools[2].id, MONDAY) == []


def test_the_managers_day_shows_each_task_done_or_to_do(client, db, login, week):
    login("canteen_manager", school=week)
    page = client.get("/canteen/?day=2026-11-20").text
    assert "2026-11-20" in page and "米饭" in page
    assert "58 students (58 in the plan), 2 teachers and staff" in page
    tiles = {a.split(">", 1)[1].split("<")[0]: a.split('"')[0]
             for a in page.split('<li><a class="')[1:]}
    assert tiles == {"Meal count": "done", "Issue food": "todo", "Retained sample": "todo",
                     "Accompanying-meal log": "todo", "Tableware disinfection": "todo",
                     "Morning health check": "todo", "Pesticide-residue test": "done"}
    monday = client.get("/canteen/").text
    assert "Recent days with missing records" in monday and ">2026-11-20</a>" in monday
    assert "Stock that will run out for this week" in monday and "6.22" in monday


def test_the_day_complete_leaves_the_missing_list(client, db, login, week):
    procurement.issue_stock(db, school_id=week.id, day=FRIDAY, meal="lunch",
                            food_id=food(db, RICE).id, grams="7000")
    worker = Worker(school_id=week.id, name="王秀英")
    db.add(worker)
    db.flush()
    db.add_all([
        Sample(school_id=week.id, day=FRIDAY, meal="lunch", dish_name="米饭", grams=125,
               taken_at=at(FRIDAY, "11:50"), taken_by="李"),
        AccompaniedMeal(school_id=week.id, day=FRIDAY, meal="lunch", leader="校长",
                        quality="good", hygiene="good", dining_order="good", service="good"),
        HealthCheck(school_id=week.id, worker_id=worker.id, day=FRIDAY, temperature_c=36.5,
                    checked_by="王")])
    db.commit()
    login("canteen_manager", school=week)
    page = client.get("/canteen/").text
    assert ">2026-11-20</a>" not in page


def test_an_issue_well_below_the_menu_is_not_called_beyond_it(client, db, login, week):
    procurement.issue_stock(db, school_id=week.id, day=FRIDAY, meal="lunch",
                            food_id=food(db, RICE).id, grams="3000")
    db.commit()
    login("canteen_manager", school=week)
    friday = client.get("/canteen/?day=2026-11-20").text
    assert "Issued more or less than the menu calls for, beyond the tolerance: 大米" in friday


def test_the_bureau_sees_missing_records_by_school(client, db, login, week, org):
    login("bureau")
    page = client.get("/canteen/").text
    row = page.split(week.name)[2].split("</tr>")[0]  # the table row (the chart comes first)
    # to yesterday (Sunday): Friday's lunch lacks the issue, sample, accompanying meal and the
    # morning check; today's lunch, not yet counted, is not missing yet
    cells = [c.split("<")[0] for c in row.split('class="num">')[1:]]
    assert cells == ["", "1", "1", "1", "1", "", "", "4"]
    assert "From 2026-11-01 to 2026-11-22" in page
    assert client.get(f"/canteen/?school={week.id}&day=2026-11-20").status_code == 200
    assert client.get("/canteen/?school=99999999999").status_code == 404
    home = client.get("/").text
    assert "1 of 3 schools have meals with records missing this month." in home


def test_the_managers_home_panel(client, db, login, week):
    login("canteen_manager", school=week)
    home = client.get("/").text
    assert "Canteen today" in home and "1 recent days have missing records." in home


def test_another_schools_day_is_not_found(client, login, org, week):
    login("canteen_manager", school=org.schools[1])
    page = client.get(f"/canteen/?school={week.id}&day=2026-11-20").text
    assert week.name not in page  # a manager always sees their own school


def test_the_morning_check_is_to_do_until_it_is_recorded(client, db, login, week):
    """The check comes before the first meal is counted: a morning with nothing recorded
    shows it to do, not done."""
    login("canteen_manager", school=week)

    def tile():
        page = client.get("/canteen/").text
        return {a.split(">", 1)[1].split("<")[0]: a.split('"')[0]
                for a in page.split('<li><a class="')[1:]}["Morning health check"]
    assert tile() == "todo"
    worker = Worker(school_id=week.id, name="王秀英")
    db.add(worker)
    db.flush()
    db.add(HealthCheck(school_id=week.id, worker_id=worker.id, day=MONDAY, checked_by="李"))
    db.commit()
    assert tile() == "done"
