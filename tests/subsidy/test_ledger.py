"""The subsidy ledger of a month built by hand (tests/subsidy/helpers_ledger.py): every
figure to the fen, with the arithmetic; township and county totals equal to their rows; the
same figures whether one school or the county is asked for."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from sqlalchemy import delete

from canteen import services as canteen
from procurement import services as procurement
from subsidy import services
from suite.memo import forget
from suite.models import SubsidyRate
from tests.canteen.helpers_issuing import count
from tests.factories import TODAY
from tests.subsidy.helpers_ledger import OCT, OIL, build_october, issue, rates

pytestmark = pytest.mark.usefixtures("en")


@pytest.fixture
def october(db, org, foods, deliver, supplier):
    return build_october(db, org, deliver, supplier)


def figures(row, *keys):
    return {k: row[k] for k in keys}


MONEY = ("entitlement", "food_cost", "teacher_spend", "outside_spend", "student_spend",
         "spend_per_student_day", "balance", "year_balance", "receipts", "issues", "adjustments",
         "stock_value_end")
COUNTS = ("plan_students_first", "plan_students_last", "school_days", "meal_days",
          "student_days")


def test_the_canteen_school_to_the_fen(db, october):
    own = october[0]
    row = services.school_month(db, own.id, *OCT, today=TODAY)
    assert (row["school_id"], row["code"], row["township"], row["first"], row["last"]) == (
        own.id, own.code, "东镇", date(2026, 10, 1), date(2026, 10, 31))
    # the host's enrolment of the term (no roster students): 20 + 18 + 15 + 17, all plan
    # 22 school days (21 weekdays after the holiday of 10-01, and the make-up day 10-10)
    # student-days: 10-09 max(30 breakfast, 38 lunch) = 38; 10-10 38; 10-16 36 → 112
    assert figures(row, *COUNTS) == {"plan_students_first": 70, "plan_students_last": 70,
                                     "school_days": 22, "meal_days": 3, "student_days": 112}
    assert figures(row, *MONEY) == {
        # 38 × 5.00 + 38 × 5.00 + 36 × 6.00 (the top-up from 10-16) = 190 + 190 + 216
        "entitlement": D("596.00"),
        # 1000 + 2000 + 3000 + 2000 g of rice at 0.005 a gram
        "food_cost": D("40.00"),
        # 10.00 × 2/42 = 0.476 → 0.48; 15.00 × 3/43 = 1.0465 → 1.05; 10.00 × 1/41 = 0.2439
        # → 0.24; breakfast had no teachers
        "teacher_spend": D("1.77"),
        # the pupils outside the plan (2 of 40, 2 of 40, 4 of 40 at lunch) pay for theirs:
        # (10.00 − 0.48) × 2/40 = 0.476 → 0.48; (15.00 − 1.05) × 2/40 = 0.6975 → 0.70;
        # (10.00 − 0.24) × 4/40 = 0.976 → 0.98; breakfast was all plan pupils
        "outside_spend": D("2.16"),
        "student_spend": D("36.07"),            # 40.00 − 1.77 − 2.16
        "spend_per_student_day": D("0.32"),     # 36.07 / 112 = 0.3221
        "balance": D("559.93"),                 # 596.00 − 36.07
        # September: 38 × 5.00 − (5.00 − 5.00 × 2/40 = 0.25) = 185.25; 185.25 + 559.93
        "year_balance": D("745.18"),
        # 50.00 of rice, and 20.00 of oil taken out again by the void
        "receipts": D("50.00"), "issues": D("40.00"), "adjustments": D("0.00"),
        # 50 − 5 (September) + 50 + 20 − 20 − 40
        "stock_value_end": D("55.00")}
    assert row["days_without_rate"] == []
    assert len(row["days"]) == 22 and all(d["school_day"] for d in row["days"])
    served = [d for d in row["days"] if d["meals"]]
    assert [(d["day"], d["rate"], d["student_days"], d["entitlement"], d["food_cost"],
             d["teacher_spend"], d["outside_spend"], d["student_spend"], d["meals"])
            for d in served] == [
        (date(2026, 10, 9), D("5.00"), 38, D("190.00"), D("15.00"), D("0.48"), D("0.48"),
         D("14.04"), 2),
        (date(2026, 10, 10), D("5.00"), 38, D("190.00"), D("15.00"), D("1.05"), D("0.70"),
         D("13.25"), 1),
        (date(2026, 10, 16), D("6.00"), 36, D("216.00"), D("10.00"), D("0.24"), D("0.98"),
         D("8.78"), 1)]


def test_the_company_supplied_school_to_the_fen(db, october):
    row = services.school_month(db, october[1].id, *OCT, today=TODAY)
    assert figures(row, *COUNTS) == {"plan_students_first": 78, "plan_students_last": 78,
                                     "school_days": 22, "meal_days": 2, "student_days": 142}
    assert figures(row, *MONEY) == {
        "entitlement": D("782.00"),             # 70 × 5.00 + 72 × 6.00 = 350 + 432
        "food_cost": D("693.00"),               # (74 + 80) servings × 4.50
        "teacher_spend": D("40.50"),            # 333 × 4/74 = 18.00; 360 × 5/80 = 22.50
        "outside_spend": D("13.50"),            # (360 − 22.50) × 3/75 on 10-20
        "student_spend": D("639.00"),           # 693.00 − 40.50 − 13.50
        "spend_per_student_day": D("4.50"),     # 639.00 / 142 = 4.4999
        "balance": D("143.00"), "year_balance": D("143.00"),
        "receipts": D("0.00"), "issues": D("0.00"), "adjustments": D("0.00"),
        "stock_value_end": D("0.00")}


def test_township_and_county_totals_are_the_sums_of_their_rows(db, org, october):
    data = services.county_month(db, [s.id for s in org.schools], *OCT, today=TODAY)
    assert [r["school_id"] for r in data["schools"]] == sorted(
        (s.id for s in org.schools), key=lambda i: db.get(type(org.schools[0]), i).code)
    empty = data["schools"][2]
    assert (empty["student_days"], empty["spend_per_student_day"], empty["balance"]) == (
        0, None, D("0.00"))
    east, west = data["townships"]
    assert (east["township"], east["schools"], west["township"], west["schools"]) == (
        "东镇", 2, "西乡", 1)
    # 东镇: 112 + 142 student-days; 596.00 + 782.00; 36.07 + 639.00 = 675.07 → 2.66 a day
    assert figures(east, "student_days", "entitlement", "student_spend",
                   "spend_per_student_day", "balance", "year_balance") == {
        "student_days": 254, "entitlement": D("1378.00"), "student_spend": D("675.07"),
        "spend_per_student_day": D("2.66"), "balance": D("702.93"),
        "year_balance": D("888.18")}
    for key in COUNTS + MONEY:
        if key == "spend_per_student_day":
            continue
        for town in data["townships"]:
            rows = [r for r in data["schools"] if r["township_id"] == town["township_id"]]
            assert town[key] == sum(r[key] for r in rows), key
        assert data["county"][key] == sum(t[key] for t in data["townships"]) \
            == sum(r[key] for r in data["schools"]), key
    assert data["county"]["school_days"] == 66 and data["county"]["plan_students_last"] == 148


def test_one_school_and_the_county_give_identical_figures(db, org, october):
    data = services.county_month(db, [s.id for s in org.schools], *OCT, today=TODAY)
    for row in data["schools"]:
        assert services.school_month(db, row["school_id"], *OCT, today=TODAY) == row


def test_the_figures_agree_with_canteen_and_procurement(db, october):
    first, last = date(2026, 10, 1), date(2026, 10, 31)
    for school in october:
        row = services.school_month(db, school.id, *OCT, today=TODAY)
        costs = canteen.meal_costs(db, school.id, first, last).values()
        assert row["student_spend"] == sum((c["plan_cost"] for c in costs), D("0.00"))
        assert row["teacher_spend"] == sum((c["teacher_cost"] for c in costs), D("0.00"))
        assert row["outside_spend"] == sum((c["outside_cost"] for c in costs), D("0.00"))
        assert all(c["plan_cost"] + c["outside_cost"] == c["student_cost"] for c in costs)
        assert figures(row, "receipts", "issues", "adjustments") == \
            procurement.monthly_totals(db, school.id, *OCT)
        assert row["stock_value_end"] == sum(
            (r["value"] for r in procurement.on_hand(db, school.id, last)), D("0.00"))


def test_the_year_balance_runs_over_the_months(db, october):
    own = october[0]
    september = services.school_month(db, own.id, 2026, 9, today=TODAY)
    assert (september["student_days"], september["balance"]) == (38, D("185.25"))
    october_row = services.school_month(db, own.id, *OCT, today=TODAY)
    assert october_row["year_balance"] == september["year_balance"] + october_row["balance"]
    january = services.school_month(db, own.id, 2027, 1, today=date(2027, 1, 31))
    assert january["year_balance"] == D("0.00")  # a new year starts from nothing


def test_a_day_without_a_rate_adds_nothing_and_is_listed(db, org):
    school = org.schools[0]
    db.execute(delete(SubsidyRate))  # not even the national rates the migrations bring
    count(db, school, day=date(2026, 10, 9), grades={1: (10, 10)})
    row = services.school_month(db, school.id, *OCT, today=TODAY)
    assert (row["student_days"], row["entitlement"], row["days_without_rate"]) == (
        10, D("0.00"), [date(2026, 10, 9)])
    rates(db, org)
    row = services.school_month(db, school.id, *OCT, today=TODAY)
    assert (row["entitlement"], row["days_without_rate"]) == (D("50.00"), [])


def test_days_after_today_are_not_yet_school_days(db, org):
    rates(db, org)
    row = services.school_month(db, org.schools[0].id, 2026, 11, today=TODAY)
    # 2026-11-02 … 11-23: 16 weekdays up to Monday the 23rd
    assert (row["through"], row["school_days"], len(row["days"])) == (TODAY, 16, 16)


def test_an_unknown_school_is_refused(db, org):
    with pytest.raises(services.LedgerError) as exc:
        services.school_month(db, 999999, *OCT, today=TODAY)
    assert exc.value.messages() == {"school": "No such school."}


def test_the_county_takes_the_same_statements_for_more_schools(db, org, factory, october,
                                                              sql_seen):
    def statements(ids):
        forget(db)  # each count starts with nothing remembered from the last
        sql_seen.clear()
        services.county_month(db, ids, *OCT, today=TODAY)
        return len(sql_seen)

    statements([s.id for s in org.schools])  # anything left to flush goes first
    few = statements([s.id for s in org.schools])
    more = [factory.school(org.townships[1]) for _ in range(6)]
    db.flush()
    assert statements([s.id for s in org.schools + more]) == few <= 30


def test_ledger_json_gives_money_as_strings_and_dates_iso(db, october):
    row = services.ledger_json(services.school_month(db, october[0].id, *OCT, today=TODAY))
    assert (row["entitlement"], row["spend_per_student_day"], row["first"]) == (
        "596.00", "0.32", "2026-10-01")
    assert row["days"][5] == {"day": "2026-10-09", "school_day": True, "rate": "5.00",
                              "student_days": 38, "entitlement": "190.00",
                              "food_cost": "15.00", "teacher_spend": "0.48",
                              "outside_spend": "0.48", "student_spend": "14.04", "meals": 2}


def test_the_years_months_and_their_running_balance(db, org, october):
    row = services.school_month(db, october[0].id, *OCT, today=TODAY)
    months = row["year_months"]
    assert [m["month"] for m in months] == list(range(1, 11))
    assert all(m["student_days"] == 0 and m["running_balance"] == D("0.00")
               for m in months[:8])
    assert [figures(m, "student_days", "entitlement", "student_spend", "balance",
                    "running_balance", "rate", "spend_per_student_day")
            for m in months[8:]] == [
        # September: 38 × 5.00 = 190.00, 5.00 of rice less 2 of 40 pupils' 0.25 = 4.75,
        # 4.75 / 38 = 0.125 → 0.13
        {"student_days": 38, "entitlement": D("190.00"), "student_spend": D("4.75"),
         "balance": D("185.25"), "running_balance": D("185.25"), "rate": D("5.00"),
         "spend_per_student_day": D("0.13")},
        # October: the rate averages 596.00 / 112 = 5.3214 with the top-up from 10-16
        {"student_days": 112, "entitlement": D("596.00"), "student_spend": D("36.07"),
         "balance": D("559.93"), "running_balance": D("745.18"), "rate": D("5.32"),
         "spend_per_student_day": D("0.32")}]
    assert row["year_entitlement"] == D("786.00")  # 190.00 + 596.00
    county = services.county_month(db, [s.id for s in october], *OCT, today=TODAY)["county"]
    # 745.18 + the company school's 143.00 (it has no September)
    assert county["year_months"][9]["running_balance"] == D("888.18")
    assert county["year_entitlement"] == D("1568.00")  # 786.00 + 782.00


def test_food_cost_by_food_group_sums_to_the_ledger(db, org, october):
    rows = services.county_month(db, [s.id for s in october], *OCT, today=TODAY)["schools"]
    groups = services.food_groups(db, rows)
    own, company, empty = october
    assert groups[own.id] == [{"group": "cereals_tubers", "label": "Cereals and tubers",
                               "food_cost": D("40.00"), "student_spend": D("36.07")}]
    assert groups[company.id] == [{"group": "supplied", "label": "Supplied meals",
                                   "food_cost": D("693.00"), "student_spend": D("639.00")}]
    assert groups[empty.id] == []


def test_a_teachers_only_meal_adds_nothing_to_the_students_groups(db, org, october, deliver):
    """10 October: lunch (40 pupils, 3 teachers) took rice; a dinner of 5 teachers alone
    takes 1 kg of oil at 12.00. The oil is food cost, but none of it is the students': spread
    over the month in proportion, 8.82 of it would have been published as pupils' food."""
    own = october[0]
    deliver([("大豆油", "5", "kg", "12.00")], day=date(2026, 10, 10), school=own,
            invoice_no="NO.OIL")
    count(db, own, day=date(2026, 10, 10), meal="dinner", teachers=5)
    issue(db, own, date(2026, 10, 10), "dinner", 1000, code=OIL)
    (row,) = services.county_month(db, [own.id], *OCT, today=TODAY)["schools"]
    assert (row["food_cost"], row["student_spend"]) == (D("52.00"), D("36.07"))
    assert services.food_groups(db, [row])[own.id] == [
        {"group": "cereals_tubers", "label": "Cereals and tubers", "food_cost": D("40.00"),
         "student_spend": D("36.07")},
        {"group": "vegetable_oil", "label": "Vegetable oil", "food_cost": D("12.00"),
         "student_spend": D("0.00")}]


def test_the_students_share_of_groups_sums_exactly():
    from subsidy.ledger import _apportion
    # 3823 × 3/4 = 2867.25 and × 1/4 = 955.75: the fen left over goes to the larger remainder
    assert _apportion([3000, 1000], 3823) == [2867, 956]
    assert _apportion([1, 1, 1], 100) == [34, 33, 33]
    assert _apportion([], 0) == []
    assert _apportion([500, -100], 300) == [300, 0]  # a return outweighs: no shares
