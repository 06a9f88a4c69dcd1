"""The anomaly flags of the hand-built October (tests/subsidy/helpers_ledger.py) from the real
ledger (the flags' own tests use a stand-in): its over-counts (40 pupils of grade 1 counted
where 38 are enrolled) are counted in the ledger as claimed and flagged, and the money flags
carry the ledger's figures."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from sqlalchemy import select

from canteen.models import MealCount
from subsidy import services
from suite.errors import translate
from tests.factories import TODAY
from tests.subsidy.helpers_flags import SETTINGS
from tests.subsidy.helpers_ledger import OCT, build_october

pytestmark = pytest.mark.usefixtures("en")


@pytest.fixture
def october(db, org, foods, deliver, supplier):
    return build_october(db, org, deliver, supplier)


def flags(db, school):
    return [(f["code"], f["record_key"]) for f in services.month_flags(
        db, school.id, *OCT, today=TODAY, settings=SETTINGS)]


def test_the_canteen_schools_flags(db, october):
    days = ("2026-10-09|lunch", "2026-10-10|lunch", "2026-10-16|lunch")
    meals = ("2026-10-09|breakfast",) + days
    assert flags(db, october[0]) == (
        # grade 1: 20 + 18 enrolled, 40 counted on each lunch (38 of them plan students)
        [("served_above_enrolment", f"{d}|1") for d in days]
        + [("spend_low", ""), ("surplus_high", "")]
        # nothing published, sampled or accompanied; rice issued with no menu planning it
        + [("no_menu", m) for m in meals] + [("no_sample", m) for m in meals]
        + [("no_accompany", m) for m in meals]
        + [("unexplained_issue", f"{m}|012001x") for m in meals])


def test_the_money_flags_carry_the_ledgers_figures(db, october):
    found = {f["code"]: f["figures"] for f in services.month_flags(
        db, october[0].id, *OCT, today=TODAY, settings=SETTINGS)}
    # 36.07 spent for 112 student-days entitled to 596.00: 0.32 a day against an average rate
    # of 596.00 / 112 = 5.32, whose 90 % is 4.79
    assert found["spend_low"] == {"spend_per_student_day": D("0.32"), "rate": D("5.32"),
                                  "student_days": 112, "student_spend": D("36.07"),
                                  "entitlement": D("596.00"), "limit": D("4.79")}
    # the year: 185.25 (September) + 559.93 of 190.00 + 596.00 entitled; 10 % is 78.60
    assert found["surplus_high"] == {"year_balance": D("745.18"),
                                     "year_entitlement": D("786.00"), "limit": D("78.60")}


def test_the_company_school_and_the_empty_school(db, october):
    _own, company, empty = october
    meals = ("2026-10-14|lunch", "2026-10-20|lunch")
    # 639.00 / 142 = 4.50 a day against (350.00 + 432.00) / 142 = 5.51, whose 90 % is 4.96
    assert flags(db, company) == (
        [("spend_low", ""), ("surplus_high", "")] + [("no_menu", m) for m in meals]
        + [("no_sample", m) for m in meals] + [("no_accompany", m) for m in meals])
    assert flags(db, empty) == []


def test_fewer_servings_than_people_counted_is_flagged(db, october):
    """20 October: 75 pupils and 5 teachers, 80 servings. With 10 teachers counted instead,
    85 people ate 80 servings: the bureau sees it, with the figures and the servings' page."""
    company = october[1]
    count = db.scalar(select(MealCount).where(MealCount.school_id == company.id,
                                              MealCount.day == date(2026, 10, 20)))
    count.teachers = 10
    db.commit()
    found = [f for f in services.month_flags(db, company.id, *OCT, today=TODAY,
                                             settings=SETTINGS)
             if f["code"] == "servings_short"]
    assert [(f["record_key"], f["figures"], f["link"][0]) for f in found] == [
        ("2026-10-20|lunch", {"day": "2026-10-20", "meal": "lunch", "students": 75,
                              "teachers": 10, "servings": 80}, "canteen.supplied")]
    assert translate(found[0]["explanation"]) == (
        "2026-10-20, Lunch: 75 students and 10 teachers were counted, but 80 servings were "
        "delivered.")
