"""The demo county's canteens: every school day from the demo's first day (the first school day
of last month) up to yesterday counted with food issued from stock (so the ledger goes down and
never below zero) and logs kept, with the planted problems the bureau should find in last
month; the menus and deliveries they follow start with them."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from canteen import services
from canteen.models import AccompaniedMeal, HealthCheck, MealCount, Sample, SuppliedMeal
from menus.models import WeekMenu
from procurement.models import Delivery, StockMove
from suite import services as org
from suite.demo import first_demo_day
from suite.models import School, Term

TODAY = date(2026, 11, 23)  # a Monday; the demo starts on 8 October, after the holiday
RICE = "012001x"


def test_the_demo_canteens(db, app, demo_county):
    demo_county(schools=5, today=TODAY, password="demo-password-1")
    db.commit()
    schools = db.scalars(select(School).order_by(School.code)).all()
    term = db.scalar(select(Term))
    assert first_demo_day(db, term, TODAY) == date(2026, 10, 8)
    days = [d for d in org.school_days(db, term) if date(2026, 10, 8) <= d < TODAY]
    assert date(2026, 10, 10) in days and len(days) == 18 + 15  # a make-up Saturday
    # menus from the week of 8 October through the week after today's (that one a draft),
    # deliveries from 8 October
    weeks = db.execute(select(WeekMenu.school_id, WeekMenu.week_start, WeekMenu.status)).all()
    for school in schools:
        mine = sorted((w, status) for s, w, status in weeks if s == school.id)
        assert [w for w, _s in mine] == [date(2026, 10, 5) + timedelta(weeks=n)
                                         for n in range(9)], school.code
        assert [s for _w, s in mine] == ["published"] * 8 + ["draft"], school.code
    assert db.scalar(select(func.min(Delivery.delivery_date))) == date(2026, 10, 8)
    counted = set(db.execute(select(MealCount.school_id, MealCount.day)).all())
    for school in schools:
        expected = set(days) - ({days[-1]} if school.code == "S0001" else set())
        assert {d for s, d in counted if s == school.id} >= expected, school.code
    first = schools[0]
    # the first school's last school day is the manager's work at hand: the morning check only
    assert (first.id, days[-1]) not in counted
    assert db.scalar(select(func.count()).select_from(HealthCheck).where(
        HealthCheck.school_id == first.id, HealthCheck.day == days[-1])) == 3
    # canteens issue food and never go below zero; the company-supplied school has no stock
    for school in schools:
        issued = db.scalar(select(func.count()).select_from(StockMove).where(
            StockMove.school_id == school.id, StockMove.kind == "issue"))
        assert (issued > 0) == (school.supply_mode == "canteen"), school.code
    lowest = db.execute(select(StockMove.school_id, StockMove.food_id,
                               func.sum(StockMove.grams)).group_by(
        StockMove.school_id, StockMove.food_id)).all()
    assert min(g for _s, _f, g in lowest) >= 0
    company = next(s for s in schools if s.supply_mode == "company")
    supplied = db.scalars(select(SuppliedMeal).where(SuppliedMeal.school_id == company.id)).all()
    assert len(supplied) == len(days) and sum(1 for s in supplied if not s.slip_no) == 1
    # one school counted the same every day, and confirmed it
    repeated = db.scalars(select(MealCount).where(MealCount.school_id == schools[3].id)
                          .order_by(MealCount.day)).all()
    assert len({(m.students, m.teachers) for m in repeated}) == 1
    assert all(m.repeat_confirmed for m in repeated[4:])
    # one day of last month has its rice twice what the menu explains
    doubled = date(2026, 10, 20)
    rows = services.planned_vs_issued(db, first.id, doubled, "lunch", 0.10)
    rice = next(r for r in rows if r["code"] == RICE)
    assert rice["issued_grams"] >= rice["planned_grams"] * 2 - 1 and rice["over"]
    # a few samples are missing, accompanying meals are not
    meals = db.scalar(select(func.count()).select_from(MealCount))
    assert db.scalar(select(func.count()).select_from(AccompaniedMeal)) == meals
    missing = services.missing_by_school(db, [s.id for s in schools], days[0],
                                         date(2026, 10, 31), today=TODAY)
    assert sum(m["samples"] for m in missing.values()) == 3  # all in last month
    missing = services.missing_by_school(db, [s.id for s in schools], date(2026, 11, 1),
                                         TODAY - timedelta(days=1), today=TODAY)
    assert sum(m["samples"] for m in missing.values()) == 0
    assert db.scalar(select(func.count()).select_from(Sample)) > meals  # a sample per dish
