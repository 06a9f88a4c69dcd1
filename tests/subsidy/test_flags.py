"""Anomaly flags of a school's month: each fires on a planted case with its figures, key and
link, and stays silent on a clean month."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from canteen import services as canteen
from canteen.models import GradeCount
from procurement.models import Supplier
from suite.errors import translate
from tests.canteen.helpers_issuing import DAY, OIL, count, food
from tests.factories import TODAY
from tests.subsidy.helpers_flags import clean_month, flags_of, stand_in_ledger

pytestmark = pytest.mark.usefixtures("en")


@pytest.fixture
def ledger(monkeypatch):
    return stand_in_ledger(monkeypatch)


def chinese(app, explanation) -> str:
    with app.test_request_context(), force_locale("zh_Hans_CN"):
        return translate(explanation)


def test_a_clean_month_raises_no_flag(db, org, deliver, ledger):
    school = clean_month(db, org, deliver)
    assert flags_of(db, school) == []
    assert ledger == [(school.id, 2026, 11)]  # the year's surplus is 0: no other month read
    assert flags_of(db, school, month=12) == []  # a month after today is not looked at


def test_served_above_enrolment_after_an_edit(app, db, org, deliver, ledger):
    school = clean_month(db, org, deliver)
    # grade 1 has 20 + 18 = 38 enrolled (the host's enrolment: the roster knows nobody)
    grade = db.scalars(select(GradeCount)).one()
    grade.students, grade.meal_count.students = 39, 39
    db.commit()
    [found] = flags_of(db, school)
    assert (found["code"], found["record_key"]) == ("served_above_enrolment",
                                                     "2026-11-20|lunch|1")
    assert found["figures"] == {"day": "2026-11-20", "meal": "lunch", "grade": 1, "served": 39,
                                "enrolled": 38}
    assert found["link"] == ("canteen.counts", {"school_id": school.id, "day": "2026-11-20",
                                                "meal": "lunch"})
    assert found["explained"] is None
    assert translate(found["explanation"]) == (
        "2026-11-20, Lunch: 39 students of grade 1 were counted, but only 38 were enrolled "
        "that day.")
    assert chinese(app, found["explanation"]) == (
        "2026-11-20 午餐：1 年级登记就餐 39 人，但当天该年级在籍学生只有 38 人。")


def test_plan_students_above_the_plan(db, org, deliver, ledger):
    school = clean_month(db, org, deliver)
    school.in_plan = False  # nobody of the school is in the plan any more
    db.commit()
    [found] = flags_of(db, school)
    assert found["code"] == "plan_above_enrolment"
    assert found["figures"]["plan_served"] == 30 and found["figures"]["plan_enrolled"] == 0


@pytest.mark.parametrize("spend, code", [
    ("4.49", "spend_low"), ("4.50", None), ("6.50", None), ("6.51", "spend_high")])
def test_spend_per_student_day_against_the_rate(app, db, org, deliver, monkeypatch, spend,
                                                code):
    stand_in_ledger(monkeypatch, {11: {"spend_per_student_day": Decimal(spend),
                                       "student_spend": Decimal("134.70")}})
    school = clean_month(db, org, deliver)
    found = flags_of(db, school)
    # rate 150.00 / 30 = 5.00: below 90 % is under 4.50, above 130 % over 6.50
    assert [f["code"] for f in found] == ([code] if code else [])
    if code == "spend_low":
        assert found[0]["record_key"] == "" and found[0]["figures"] == {
            "spend_per_student_day": Decimal("4.49"), "rate": Decimal("5.00"),
            "student_days": 30, "student_spend": Decimal("134.70"),
            "entitlement": Decimal("150.00"), "limit": Decimal("4.50")}
        assert translate(found[0]["explanation"]) == (
            "Food for students cost 4.49 yuan per student-day, below 90% of the rate of 5.00 "
            "yuan (4.50 yuan): 134.70 yuan spent for 30 student-days entitled to 150.00 yuan.")
        assert chinese(app, found[0]["explanation"]) == (
            "学生伙食每生每日支出 4.49 元，低于补助标准 5.00 元的 90%（4.50 元）：30 人日应补助 "
            "150.00 元，实际支出 134.70 元。")
        assert found[0]["link"] == ("canteen.days", {"school_id": school.id,
                                                     "month": "2026-11"})


@pytest.mark.parametrize("balance, fires", [("180.00", True), ("60.00", False)])
def test_the_years_surplus(db, org, deliver, monkeypatch, balance, fires):
    # the year's entitlement (the ledger's, January to November): 1350.00, of which 10 % is
    # 135.00; the month's ledger alone is asked
    months = {11: {"year_balance": Decimal(balance), "year_entitlement": Decimal("1350.00")}}
    asked = stand_in_ledger(monkeypatch, months)
    school = clean_month(db, org, deliver)
    found = flags_of(db, school)
    assert [f["code"] for f in found] == (["surplus_high"] if fires else [])
    assert [m for _s, _y, m in asked] == [11]
    if fires:
        assert found[0]["figures"] == {"year_balance": Decimal("180.00"),
                                       "year_entitlement": Decimal("1350.00"),
                                       "limit": Decimal("135.00")}


def _lunches(db, school, days, teachers=4, confirmed=False):
    for day in days:
        row = count(db, school, day=day, grades={1: (37, 30)}, teachers=teachers)
        row.repeat_confirmed = confirmed
    db.commit()


def test_identical_counts_five_school_days_in_a_row(db, org, deliver, ledger):
    school = clean_month(db, org, deliver)
    _lunches(db, school, [date(2026, 11, d) for d in (16, 17, 18, 19)], confirmed=True)
    found = flags_of(db, school, "identical_counts")
    assert [(f["record_key"], f["figures"]) for f in found] == [("2026-11-16|lunch", {
        "meal": "lunch", "days": 5, "first": "2026-11-16", "last": "2026-11-20",
        "students": 37, "plan_students": 30, "teachers": 4})]


def test_identical_counts_silent_on_four_days_or_a_change(db, org, deliver, ledger):
    school = clean_month(db, org, deliver)
    _lunches(db, school, [date(2026, 11, d) for d in (17, 18, 19)])
    _lunches(db, school, [date(2026, 11, 13)], teachers=3)  # Friday before: 3 teachers
    assert flags_of(db, school, "identical_counts") == []


@pytest.mark.parametrize("build, code, endpoint", [
    ({"menu": False}, "no_menu", "canteen.index"),
    ({"issue": None}, "no_issue", "canteen.issues"),
    ({"sample": False}, "no_sample", "canteen.samples"),
    ({"accompany": False}, "no_accompany", "canteen.accompany")])
def test_a_meal_missing_a_record(db, org, deliver, ledger, build, code, endpoint):
    school = clean_month(db, org, deliver, **build)
    [found] = flags_of(db, school)
    assert (found["code"], found["record_key"], found["link"][0]) == (
        code, "2026-11-20|lunch", endpoint)
    assert found["figures"] == {"day": "2026-11-20", "meal": "lunch", "students": 37,
                                "teachers": 4}


def test_no_sample_explained_in_both_languages(app, db, org, deliver, ledger):
    school = clean_month(db, org, deliver, sample=False)
    [found] = flags_of(db, school)
    assert translate(found["explanation"]) == (
        "2026-11-20, Lunch: 37 students were counted, but no sample of the meal was retained.")
    assert chinese(app, found["explanation"]) == (
        "2026-11-20 午餐：登记就餐学生 37 人，但该餐没有留样记录。")


def test_food_issued_beyond_the_tolerance(db, org, deliver, ledger):
    school = clean_month(db, org, deliver, issue="2600.0")  # planned 2333.5: 11.4 % over
    [found] = flags_of(db, school)
    assert (found["code"], found["record_key"]) == ("unexplained_issue",
                                                     "2026-11-20|lunch|012001x")
    assert found["figures"]["issued_grams"] == Decimal("2600.0")
    assert found["figures"]["planned_grams"] == Decimal("2333.5")
    assert translate(found["explanation"]).startswith(
        "2026-11-20, Lunch: 2600.0 g of ")
    assert translate(found["explanation"]).endswith(
        " were issued, but the menu served plans 2333.5 g for the servings counted (more "
        "than 10% apart).")
    assert flags_of(db, clean_month_again(db, school, "2550.0"), "unexplained_issue") == []


def clean_month_again(db, school, grams):
    """The lunch's issue changed to `grams` (within 10 % of 2333.5: up to 2566.85)."""
    from procurement.models import StockMove
    move = db.scalars(select(StockMove).where(StockMove.kind == "issue")).one()
    move.grams = -Decimal(grams)
    db.commit()
    return school


def test_a_delivery_from_a_supplier_whose_licence_had_expired(db, org, deliver, ledger,
                                                              supplier):
    school = clean_month(db, org, deliver)
    row = db.get(Supplier, supplier.id)
    row.licence_expiry = date(2026, 11, 2)  # still valid on the day of the delivery
    db.commit()
    assert flags_of(db, school) == []
    row.licence_expiry = date(2026, 11, 1)
    db.commit()
    [found] = flags_of(db, school)
    assert found["code"] == "expired_licence" and found["link"][0] == \
        "procurement.delivery_detail"
    assert found["record_key"] == str(found["figures"]["delivery_id"])
    assert translate(found["explanation"]) == (
        "Delivery NO.0001 of 2026-11-02 came from 县粮油公司, whose food business licence "
        "JY13501000001 had expired on 2026-11-01.")


@pytest.mark.parametrize("price, fires", [("5.21", True), ("5.20", False)])
def test_a_price_above_the_county_median(db, org, deliver, ledger, price, fires):
    school = clean_month(db, org, deliver)  # rice at 5.33 per kg on 2026-11-02
    for other in org.schools[1:]:
        deliver([("大米", "10", "kg", "4.00")], day=date(2026, 11, 3), school=other,
                invoice_no=f"NO.1{other.id}")
    deliver([("大米", "10", "kg", price)], day=date(2026, 11, 4), invoice_no="NO.0002")
    # county median of 5.33, 4.00, 4.00 and the new price: (4.00 + 5.2x) / 2 = 4.60 or 4.61;
    # 30 % above: 5.98 or 5.99. The 5.33 line stays silent either way; so: compare to 4.00
    found = flags_of(db, school, "price_above_median")
    assert found == []
    deliver([("大米", "10", "kg", "4.00")], day=date(2026, 11, 5), school=org.schools[1],
            invoice_no="NO.0009")
    # now 4.00, 4.00, 4.00, 5.33, price: the median 4.00, 30 % above it 5.20
    found = {f["figures"]["price_per_kg"]: f for f in flags_of(db, school,
                                                               "price_above_median")}
    assert sorted(found) == ([Decimal("5.21"), Decimal("5.33")] if fires else [Decimal("5.33")])
    assert {f["figures"]["median_per_kg"] for f in found.values()} == {Decimal("4.00")}
    assert translate(found[Decimal("5.33")]["explanation"]) == (
        "Delivery NO.0001 of 2026-11-02: 大米 at 5.33 yuan per kg, more than 30% above the "
        "county median of 4.00 yuan per kg this month.")


def test_teachers_eating_but_charged_nothing(db, org, deliver, ledger):
    school = clean_month(db, org, deliver)
    deliver([("大豆油", "1", "kg", "13.99")], day=date(2026, 11, 2), invoice_no="NO.0003")
    count(db, school, meal="breakfast", grades={1: (10, 10)}, teachers=1)
    db.commit()
    # 1 g of oil is worth 0.01; the teachers' share 0.01 × 1 / 11 rounds to 0.00
    canteen.issue_to_meal(db, school_id=school.id, day=DAY, meal="breakfast", today=TODAY,
                          quantities={food(db, OIL).id: "1.0"})
    db.commit()
    # one flag only: the lunch's 4 teachers pay their share of it
    [found] = flags_of(db, school, "teachers_charged")
    assert found["record_key"] == "2026-11-20|breakfast"
    assert found["figures"] == {"day": "2026-11-20", "meal": "breakfast", "teachers": 1,
                                "students": 10, "food_cost": Decimal("0.01"),
                                "teacher_cost": Decimal("0.00")}
