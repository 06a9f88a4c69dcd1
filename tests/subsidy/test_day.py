"""A school's day behind its ledger row (`/subsidy/<school>/day/<YYYY-MM-DD>`), on the
hand-built October (tests/subsidy/helpers_ledger.py):

2026-10-09, the canteen school: breakfast 30 pupils (30 plan), no teachers, 1000 g rice =
5.00; lunch 40 (38 plan), 2 teachers, 2000 g rice = 10.00, teachers' share 10.00 × 2 / 42 =
0.476 → 0.48; the day: rate 5.00, student-days 38 (the larger plan count), entitlement 190.00,
food 15.00, teachers 0.48, students 14.52.
2026-10-14, the company school: lunch 70 (70 plan) and 4 teachers, 74 servings × 4.50 =
333.00, teachers' share 333.00 × 4 / 74 = 18.00; rate 5.00, 70 student-days, 350.00."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from sqlalchemy import select

from canteen.models import MealCount, ServedDish
from menus.models import Dish, DishIngredient
from nutrition.services import get_food
from subsidy import services
from tests.canteen.helpers_safety import english_words
from tests.canteen.helpers_issuing import RICE
from tests.subsidy.helpers_ledger import build_october
from tests.factories import TODAY

pytestmark = pytest.mark.usefixtures("en")


@pytest.fixture
def october(db, org, foods, deliver, supplier):
    return build_october(db, org, deliver, supplier)


def day_of(db, school, day):
    return services.school_day(db, school.id, day, today=TODAY, tolerance=0.10)


def test_the_day_equals_the_month_row_and_its_meals_add_up(db, october):
    own = october[0]
    data = day_of(db, own, date(2026, 10, 9))
    month = services.school_month(db, own.id, 2026, 10, today=TODAY)
    assert data["row"] == next(d for d in month["days"] if d["day"] == date(2026, 10, 9))
    row = data["row"]
    assert (row["rate"], row["student_days"], row["entitlement"], row["food_cost"],
            row["teacher_spend"], row["outside_spend"], row["student_spend"], row["meals"]) == (
        D("5.00"), 38, D("190.00"), D("15.00"), D("0.48"), D("0.48"), D("14.04"), 2)
    meals = {m["meal"]: m for m in data["meals"]}
    assert list(meals) == ["breakfast", "lunch"]
    lunch = meals["lunch"]
    # 2 of the 40 pupils are outside the plan: 9.52 × 2/40 = 0.476 → 0.48 is theirs
    assert (lunch["students"], lunch["plan_students"], lunch["teachers"], lunch["food_cost"],
            lunch["teacher_cost"], lunch["student_cost"], lunch["outside_cost"],
            lunch["plan_cost"]) == (40, 38, 2, D("10.00"), D("0.48"), D("9.52"), D("0.48"),
                                    D("9.04"))
    assert [(line["code"], line["grams"], line["planned_grams"], line["value"])
            for line in lunch["lines"]] == [(RICE, D("2000.0"), D("0.0"), D("10.00"))]
    assert lunch["issued"] == D("10.00") and lunch["supplied"] is None
    assert data["totals"] == {"food_cost": row["food_cost"], "student_cost":
                              row["food_cost"] - row["teacher_spend"],
                              "teacher_cost": row["teacher_spend"],
                              "outside_cost": row["outside_spend"],
                              "plan_cost": row["student_spend"]}
    assert max(m["plan_students"] for m in data["meals"]) == row["student_days"]


def test_a_company_day_shows_servings_at_the_contract_price(db, october):
    company = october[1]
    data = day_of(db, company, date(2026, 10, 14))
    (lunch,) = data["meals"]
    assert lunch["supplied"]["servings"] == 74 and lunch["supplied"]["cost"] == D("333.00")
    assert [(x["band"], x["servings"], x["price"], x["amount"])
            for x in lunch["supplied"]["lines"]] == [("12-14", 74, D("4.50"), D("333.00"))]
    assert (lunch["food_cost"], lunch["teacher_cost"], lunch["student_cost"]) == (
        D("333.00"), D("18.00"), D("315.00"))
    assert (data["row"]["student_days"], data["row"]["entitlement"],
            data["row"]["student_spend"]) == (70, D("350.00"), D("315.00"))


def test_a_company_day_shows_no_table_of_food_issued_beside_the_menu(db, october):
    """The company school keeps no stock: a served dish's plan beside nothing issued would
    be a table of zeros, so the meal shows its servings only."""
    company = october[1]
    dish = Dish(name="米饭", category="staple", role="staple")
    db.add(dish)
    db.flush()
    db.add(DishIngredient(dish_id=dish.id, food_id=get_food(db, RICE).id, grams=D("100")))
    count = db.scalar(select(MealCount).where(MealCount.school_id == company.id,
                                              MealCount.day == date(2026, 10, 14)))
    db.add(ServedDish(meal_count_id=count.id, dish_id=dish.id))
    db.flush()
    (lunch,) = day_of(db, company, date(2026, 10, 14))["meals"]
    assert lunch["lines"] == [] and lunch["issued"] == D("0.00")
    assert lunch["supplied"]["servings"] == 74


def test_a_day_without_anything(db, october):
    data = day_of(db, october[2], date(2026, 10, 11))  # a Sunday, nothing recorded
    assert data["row"] is None and data["meals"] == []


def test_the_page_shows_the_day_and_links_to_the_canteen(client, login, october):
    own, company, _empty = october
    login("bureau")
    page = client.get(f"/subsidy/{own.id}/day/2026-10-09").get_data(as_text=True)
    figures = page[page.index('<dl class="facts" id="figures">'):page.index("</dl>")]
    for key, value in (("rate", "5.00"), ("student_days", "38"), ("entitlement", "190.00"),
                       ("food_cost", "15.00"), ("teacher_spend", "0.48"),
                       ("outside_spend", "0.48"), ("student_spend", "14.04")):
        assert f'id="fig-{key}">{value}<' in figures, key
    for url in (f"/canteen/{own.id}/2026-10-09/lunch/counts",
                f"/canteen/{own.id}/2026-10-09/lunch/issues",
                f"/canteen/{own.id}/2026-10-09/breakfast/samples",
                f"/canteen/{own.id}/2026-10-09/lunch/accompany",
                f"/canteen/?school={own.id}&amp;day=2026-10-09",
                f"/subsidy/{own.id}/2026-10"):
        assert f'href="{url}"' in page, url
    assert ">2000.0<" in page and ">10.00<" in page and ">9.04<" in page
    other = client.get(f"/subsidy/{company.id}/day/2026-10-14").get_data(as_text=True)
    assert f'href="/canteen/{company.id}/2026-10-14/lunch/supplied"' in other
    assert ">74<" in other and ">4.50<" in other and ">333.00<" in other


def test_every_day_of_the_school_month_links_to_its_day(client, login, october):
    own = october[0]
    login("bureau")
    page = client.get(f"/subsidy/{own.id}/2026-10").get_data(as_text=True)
    days = page[page.index('<table id="days">'):page.index("</table>")]
    rows = days.count("<tr><td class=\"date\">")
    assert rows and days.count(f'href="/subsidy/{own.id}/day/2026-10-') == rows
    assert f'href="/subsidy/{own.id}/day/2026-10-09"' in days


def test_the_same_access_as_the_school_page(client, login, org, october):
    own, company, empty = october
    login("canteen_manager", school=own)
    assert client.get(f"/subsidy/{own.id}/day/2026-10-09").status_code == 200
    assert client.get(f"/subsidy/{company.id}/day/2026-10-14").status_code == 404
    login("township_officer", township=org.townships[1])
    assert client.get(f"/subsidy/{empty.id}/day/2026-10-09").status_code == 200
    assert client.get(f"/subsidy/{own.id}/day/2026-10-09").status_code == 404
    login("bureau")
    for bad in ("2026-13-01", "2026-10-32", "x", "1999-10-01"):
        assert client.get(f"/subsidy/{own.id}/day/{bad}").status_code == 404, bad
    assert client.get("/subsidy/999999/day/2026-10-09").status_code == 404


def test_the_day_speaks_chinese(app, client, login, october):
    app.config["BABEL_DEFAULT_LOCALE"] = "zh_Hans_CN"
    login("bureau")
    for school, day in ((october[0], "2026-10-09"), (october[1], "2026-10-14")):
        page = client.get(f"/subsidy/{school.id}/day/{day}",
                          headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)
        assert "学生人天" in page and "应享补助" in page
        assert english_words(page) == set(), day
