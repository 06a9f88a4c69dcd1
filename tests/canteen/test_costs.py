"""The cost of each meal, split exactly between students and teachers, and planned against
issued grams."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from canteen import services
from tests.canteen.helpers_issuing import DAY, OIL, POTATO, RICE, count, dish, food
from tests.factories import TODAY

pytestmark = pytest.mark.usefixtures("en")


@pytest.fixture
def costed(db, org, foods, deliver):
    """Rice 7 kg for 37.31, potatoes 9 kg for 12.33, oil 1 kg for 13.99; lunch: 37 pupils
    of grade 1 (6-8) and 4 teachers; breakfast: 3 pupils and 1 teacher."""
    school = org.schools[0]
    deliver([("大米", "7", "kg", "5.33"), ("土豆", "9", "kg", "1.37"),
             ("大豆油", "1", "kg", "13.99")], day=date(2026, 11, 2))
    rice = dish(db, "米饭", [(RICE, "6-8", "55.5"), (RICE, "15-17", "70.0")])
    stew = dish(db, "炖土豆", [(POTATO, "6-8", "25.0"), (POTATO, "15-17", "30.0")])
    count(db, school, grades={1: (37, 30)}, teachers=4, dishes=[rice, stew])
    count(db, school, meal="breakfast", grades={1: (3, 3)}, teachers=1)
    db.commit()
    ids = {code: food(db, code).id for code in (RICE, POTATO, OIL)}
    services.issue_to_meal(db, school_id=school.id, day=DAY, meal="lunch", today=TODAY,
                           quantities={ids[RICE]: "2333.3", ids[POTATO]: "1234.5",
                                       ids[OIL]: "77.7"})
    services.issue_to_meal(db, school_id=school.id, day=DAY, meal="breakfast", today=TODAY,
                           quantities={ids[POTATO]: "2222.2"})
    db.commit()
    return school


def test_the_student_and_teacher_split_to_the_fen(db, costed):
    costs = services.meal_costs(db, costed.id, DAY, DAY)
    # lunch, each issue at the moving average, half up to the fen:
    #   rice   37.31 × 2333.3 / 7000 = 12.436489 → 12.44
    #   potato 12.33 × 1234.5 / 9000 =  1.691265 →  1.69
    #   oil    13.99 ×   77.7 / 1000 =  1.087023 →  1.09      food cost 15.22
    #   teachers 15.22 × 4 / (37 + 4) = 1.484878… → 1.48; students 15.22 − 1.48 = 13.74,
    #   of which the 7 of 37 pupils outside the plan 13.74 × 7 / 37 = 2.5995… → 2.60
    assert costs[(DAY, "lunch")] == {
        "food_cost": Decimal("15.22"), "student_cost": Decimal("13.74"),
        "teacher_cost": Decimal("1.48"), "outside_cost": Decimal("2.60"),
        "plan_cost": Decimal("11.14"), "students": 37, "plan_students": 30, "teachers": 4}
    # breakfast: potatoes left 7765.5 g worth 12.33 − 1.69 = 10.64;
    #   10.64 × 2222.2 / 7765.5 = 3.04475… → 3.04; teachers 3.04 × 1 / 4 = 0.76; pupils 2.28
    assert costs[(DAY, "breakfast")] == {
        "food_cost": Decimal("3.04"), "student_cost": Decimal("2.28"),
        "teacher_cost": Decimal("0.76"), "outside_cost": Decimal("0.00"),
        "plan_cost": Decimal("2.28"), "students": 3, "plan_students": 3, "teachers": 1}
    assert list(costs) == [(DAY, "breakfast"), (DAY, "lunch")]
    total = sum(c["food_cost"] for c in costs.values())
    assert total == sum(c["student_cost"] + c["teacher_cost"] for c in costs.values()) \
        == Decimal("18.26")


def test_split_rounds_half_up_and_always_adds_up():
    # 15.22 × 1 / 4 = 3.805 → 3.81 (half up, not to even); 15.22 − 3.81 = 11.41
    assert services.split_cost(Decimal("15.22"), 3, 1) == (Decimal("11.41"), Decimal("3.81"))
    # nobody counted: all of it stays with the students, nothing is charged to teachers
    assert services.split_cost(Decimal("9.99"), 0, 0) == (Decimal("9.99"), Decimal("0.00"))
    assert services.split_cost(Decimal("10.00"), 0, 3) == (Decimal("0.00"), Decimal("10.00"))
    for teachers in range(0, 9):
        s, t = services.split_cost(Decimal("0.07"), 5, teachers)
        assert s + t == Decimal("0.07") and s >= 0 and t >= 0


def test_the_share_of_pupils_outside_the_plan_rounds_half_up():
    # 13.74 × 7 / 37 = 2.5995 → 2.60; 0.10 × 1 / 4 = 0.025 → 0.03 (half up, not to even)
    assert services.outside_share(Decimal("13.74"), 37, 30) == Decimal("2.60")
    assert services.outside_share(Decimal("0.10"), 4, 3) == Decimal("0.03")
    # every pupil in the plan, nobody counted, or nobody in the plan
    assert services.outside_share(Decimal("9.99"), 40, 40) == Decimal("0.00")
    assert services.outside_share(Decimal("9.99"), 0, 0) == Decimal("0.00")
    assert services.outside_share(Decimal("9.99"), 12, 0) == Decimal("9.99")


def test_no_cost_outside_the_range_or_for_another_school(db, org, costed):
    assert services.meal_costs(db, costed.id, date(2026, 11, 21), date(2026, 11, 30)) == {}
    assert services.meal_costs(db, org.schools[1].id, DAY, DAY) == {}


def test_planned_against_issued_beyond_the_tolerance(db, costed):
    rows = services.planned_vs_issued(db, costed.id, DAY, "lunch", 0.10)
    # rice planned 37 × 55.5 + 4 × 70.0 = 2333.5: 0.2 g under, within ±10 %
    # potato planned 37 × 25.0 + 4 × 30.0 = 1045.0: 189.5 g over is 18 %, beyond
    # oil: not in the menu at all, so any issue of it is beyond
    assert [(r["code"], r["planned_grams"], r["issued_grams"], r["difference"],
             r["issued_value"], r["over"]) for r in rows] == [
        (RICE, Decimal("2333.5"), Decimal("2333.3"), Decimal("-0.2"), Decimal("12.44"), False),
        (POTATO, Decimal("1045.0"), Decimal("1234.5"), Decimal("189.5"), Decimal("1.69"), True),
        (OIL, Decimal("0.0"), Decimal("77.7"), Decimal("77.7"), Decimal("1.09"), True)]
    loose = services.planned_vs_issued(db, costed.id, DAY, "lunch", "0.2")
    assert [r["over"] for r in loose] == [False, False, True]


def test_the_meal_page_names_the_share_of_pupils_outside_the_plan(client, login, costed):
    login("canteen_manager", school=costed)
    lunch = client.get(f"/canteen/{costed.id}/{DAY.isoformat()}/lunch/issues")
    assert ("Of which pupils outside the nutrition plan: 2.60 yuan (they pay for it; never "
            "subsidy spending)") in lunch.get_data(as_text=True)
    breakfast = client.get(f"/canteen/{costed.id}/{DAY.isoformat()}/breakfast/issues")
    page = breakfast.get_data(as_text=True)
    assert breakfast.status_code == 200 and "Students' share: 2.28 yuan" in page
    assert "outside the nutrition plan" not in page  # all 3 pupils are in the plan
