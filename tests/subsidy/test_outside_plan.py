"""Pupils outside the nutrition plan pay for their own meals, as teachers do: their share of a
meal never counts as spent for the plan's pupils, on the ledger, the day's page and the stored
day figures alike; a month closed before the ledger kept that share shows no difference for a
share that is nothing now, and does for one that is not."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from canteen.services import outside_share, split_cost
from subsidy import services
from subsidy.day_costs import outside_fen, teacher_fen
from tests.canteen.helpers_issuing import count
from tests.factories import TODAY
from tests.subsidy.helpers_closing import close
from tests.subsidy.helpers_ledger import OCT, build_october, issue

pytestmark = pytest.mark.usefixtures("en")


@pytest.fixture
def october(db, org, foods, deliver, supplier):
    return build_october(db, org, deliver, supplier)


def test_a_meal_of_pupils_outside_the_plan_alone_spends_nothing_for_the_plan(db, october):
    own = october[0]
    before = services.school_month(db, own.id, *OCT, today=TODAY)
    # 10-12: a supper for 12 pupils, none of them in the plan, and 2 teachers; 1 kg of rice
    count(db, own, day=date(2026, 10, 12), meal="dinner", grades={1: (12, 0)}, teachers=2)
    issue(db, own, date(2026, 10, 12), "dinner", 1000)
    db.commit()
    after = services.school_month(db, own.id, *OCT, today=TODAY)
    day = next(d for d in after["days"] if d["day"] == date(2026, 10, 12))
    # 5.00 × 2/14 = 0.714 → 0.71 the teachers'; the other 4.29 is the 12 pupils' own
    assert (day["food_cost"], day["teacher_spend"], day["outside_spend"], day["student_spend"],
            day["student_days"]) == (D("5.00"), D("0.71"), D("4.29"), D("0.00"), 0)
    assert after["student_spend"] == before["student_spend"]
    assert after["outside_spend"] == before["outside_spend"] + D("4.29")
    assert after["food_cost"] == after["teacher_spend"] + after["outside_spend"] + \
        after["student_spend"]


def test_the_stored_fen_agree_with_the_canteen_split_for_every_small_meal():
    for cents in (0, 1, 7, 99, 1000, 1523, 99999):
        cost = D(cents) / 100
        for students in range(0, 7):
            for plan in range(0, students + 1):
                for teachers in range(0, 4):
                    pupils, teachers_cost = split_cost(cost, students, teachers)
                    teacher = teacher_fen(cents, students, teachers)
                    assert teacher == int(teachers_cost * 100)
                    assert outside_fen(cents - teacher, students, plan) == \
                        int(outside_share(pupils, students, plan) * 100)


def test_a_month_closed_before_the_share_was_kept(db, factory, october):
    own, _company, empty = october
    manager = factory.user("canteen_manager", school=own)
    bureau = factory.user("bureau")
    rows = [close(db, school, manager, bureau) for school in (own, empty)]
    for row in rows:  # as a month closed before this figure was kept
        row.snapshot = _without(row.snapshot, "outside_spend")
    db.commit()
    kw = dict(year=2026, month=10, today=TODAY)
    assert services.differences(db, school_id=empty.id, **kw) == []
    shown = services.differences(db, school_id=own.id, **kw)
    assert {"field": "outside_spend", "closed": None, "now": "2.16"} in shown
    assert {"field": "days[2026-10-09].outside_spend", "closed": None, "now": "0.48"} in shown
    assert not [d for d in shown if d["field"] == "days[2026-10-05].outside_spend"]


def _without(value, key):
    if isinstance(value, dict):
        return {k: _without(v, key) for k, v in value.items() if k != key}
    if isinstance(value, list):
        return [_without(v, key) for v in value]
    return value
