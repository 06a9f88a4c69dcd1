"""A closed month (the subsidy plugin's veto through `canteen.signals.record_saving`) refuses
every canteen record of that school and day, with the subscriber's message, and nothing is
saved; the counts of a meal that are saved are announced with `meal_counted`."""
from __future__ import annotations

from datetime import timedelta

import pytest

from canteen import services
from canteen.models import (AccompaniedMeal, Disinfection, HealthCheck, MealCount, ResidueTest,
                            Sample)
from canteen.signals import meal_counted, record_saving
from suite.errors import ServiceError

from ..factories import TODAY
from .helpers_safety import at, counts, served

pytestmark = pytest.mark.usefixtures("en")
DAY = TODAY - timedelta(days=1)  # a Sunday: counts need a make-up reason
MODELS = (MealCount, Sample, AccompaniedMeal, HealthCheck, ResidueTest, Disinfection)


@pytest.fixture
def closed():
    """Every save is refused as the subsidy plugin does for a closed month; yields the asks."""
    asked = []

    def refuse(sender, **payload):
        asked.append(payload)
        raise ServiceError({"": "本月已结账"})

    with record_saving.connected_to(refuse):
        yield asked


def _saves(db, org, worker, line, dish):
    school_id = org.schools[0].id
    common = {"school_id": school_id, "today": TODAY}
    return {
        "counts": lambda: services.save_counts(
            db, day=TODAY, meal="lunch", grades={1: (1, 1)}, teachers=0, **common),
        "sample": lambda: services.record_sample(
            db, day=DAY, meal="lunch", dish_id=dish.id, grams="130", taken_at=at(DAY, "11:50"),
            taken_by="李", **common),
        "accompany": lambda: services.save_accompanied_meal(
            db, day=DAY, meal="lunch", leader="校长", quality="good", hygiene="good",
            dining_order="good", service="good", **common),
        "health_check": lambda: services.record_health_checks(
            db, day=DAY, checked_by="王", checks=[{"worker_id": worker.id, "present": True,
                                                  "temperature_c": "36.5", "hands_ok": True,
                                                  "symptoms": "", "fit": True}], **common),
        "residue": lambda: services.record_residue_test(
            db, day=DAY, delivery_line_id=line.id, sample="大白菜", inhibition_rate="10",
            tested_by="李", **common),
        "disinfection": lambda: services.record_disinfection(
            db, day=DAY, meal="lunch", method="steam", started_at=at(DAY, "13:00"), minutes=30,
            person="张", **common),
    }


def test_a_closed_month_refuses_every_canteen_record(db, org, deliver, closed):
    dish = served(db, org.schools[0], DAY, "lunch", "米饭")[0]
    worker = services.save_worker(db, school_id=org.schools[0].id, name="王秀英")
    line = deliver([("大白菜", "20", "kg", "1.85")], day=DAY).lines[0]
    db.commit()
    before = counts(db, *MODELS)
    for record, save in _saves(db, org, worker, line, dish).items():
        with pytest.raises(ServiceError) as refused:
            save()
        db.rollback()
        assert refused.value.errors == {"": "本月已结账"}, record
        assert closed[-1]["record"] == record
        assert closed[-1]["school_id"] == org.schools[0].id
    assert [a["day"] for a in closed] == [TODAY] + [DAY] * 5
    assert counts(db, *MODELS) == before


def test_saved_counts_are_announced(db, org):
    heard = []

    def listen(sender, **payload):
        heard.append(payload)

    with meal_counted.connected_to(listen):
        row = services.save_counts(db, school_id=org.schools[0].id, day=TODAY, meal="lunch",
                                   grades={1: (3, 2)}, teachers=1, today=TODAY)
    assert heard == [{"school_id": org.schools[0].id, "day": TODAY, "meal": "lunch",
                      "students": 3, "plan_students": 2, "teachers": 1,
                      "version": row.version}]
