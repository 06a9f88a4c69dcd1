"""Planned against issued for many schools' meals at once gives, meal by meal, what
`planned_vs_issued` gives one meal: dishes noted with the counts or taken from the newest
published menu revision, the term's band mix, food issued but not planned."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from canteen import services
from menus.models import MenuItem, WeekMenu
from suite import services as org_services
from tests.canteen.helpers_issuing import DAY, POTATO, RICE, count, dish, food, publish
from tests.factories import TODAY

pytestmark = pytest.mark.usefixtures("en")
MONDAY = date(2026, 11, 16)


def test_the_meals_of_many_schools_at_once_equal_each_meal_alone(db, org, foods, deliver):
    one, two, three = org.schools
    org_services.set_enrolment(db, one.id, org.term.id, {
        (1, "6-8", "M"): 20, (3, "6-8", "F"): 8, (3, "9-11", "F"): 10})
    deliver([("大米", "20", "kg", "5.00"), ("土豆", "20", "kg", "1.33")], day=date(2026, 11, 2))
    deliver([("大米", "20", "kg", "5.00")], day=date(2026, 11, 2), school=two,
            invoice_no="NO.0002")
    rice = dish(db, "米饭", [(RICE, "6-8", "100.0"), (RICE, "9-11", "125.5"),
                           (RICE, "15-17", "150.0")])
    stew = dish(db, "土豆炖菜", [(POTATO, None, "60.5")], category="vegetable")
    publish(db, org, two, MONDAY, [(DAY, "lunch", stew)])             # revision 1
    db.add(WeekMenu(county_id=org.county.id, school_id=two.id, week_start=MONDAY,
                    status="published", meals="breakfast,lunch,dinner", revision=2,
                    items=[MenuItem(day=DAY, meal="lunch", dish_id=x.id, position=i)
                           for i, x in enumerate((rice, stew))]))
    count(db, one, grades={1: (10, 10), 3: (25, 20)}, teachers=3, dishes=[rice, stew])
    count(db, one, day=date(2026, 11, 19), grades={1: (10, 10)})
    count(db, two, grades={2: (30, 30)}, teachers=1)          # dishes from the menu
    count(db, two, meal="breakfast", grades={2: (30, 30)})    # no dishes, no menu
    db.commit()
    for school, day, meal, grams in ((one, DAY, "lunch", {RICE: "4000", POTATO: "2560"}),
                                     (two, DAY, "lunch", {RICE: "3100"}),
                                     (two, DAY, "breakfast", {RICE: "500"})):
        services.issue_to_meal(db, school_id=school.id, day=day, meal=meal, today=TODAY,
                               quantities={food(db, c).id: g for c, g in grams.items()})
        db.commit()
    many = services.planned_vs_issued_between(db, [s.id for s in org.schools],
                                              date(2026, 11, 1), date(2026, 11, 30), 0.10)
    assert set(many) == {(one.id, DAY, "lunch"), (one.id, date(2026, 11, 19), "lunch"),
                         (two.id, DAY, "lunch"), (two.id, DAY, "breakfast")}
    assert many[(one.id, date(2026, 11, 19), "lunch")] == []  # counted, nothing planned
    for (sid, day, meal), rows in many.items():
        assert rows == services.planned_vs_issued(db, sid, day, meal, 0.10), (sid, day, meal)
    lunch = {r["code"]: r for r in many[(two.id, DAY, "lunch")]}
    assert lunch[RICE]["planned_grams"] > 0 and lunch[POTATO]["planned_grams"] > 0
    assert [r["over"] for r in many[(two.id, DAY, "breakfast")]] == [True]
    assert many[(one.id, DAY, "lunch")][0]["issued_value"] == Decimal("20.00")
    assert services.planned_vs_issued_between(db, [three.id], DAY, DAY, 0.10) == {}
