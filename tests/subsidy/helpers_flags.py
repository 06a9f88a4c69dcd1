"""Helpers of the anomaly-flag tests: a clean month of one canteen school (one lunch with its
menu, counts, food issued exactly as planned, sample and accompanying meal) built through the
canteen, menus and procurement services and models; a stand-in for the subsidy ledger; the
flags of a month by code."""
from __future__ import annotations

import sys
import types
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from canteen import services as canteen
from subsidy import services
from tests.canteen.helpers_issuing import DAY, RICE, count, dish, food, publish
from tests.factories import TODAY

SETTINGS = {"SUBSIDY_SPEND_LOW": 0.9, "SUBSIDY_SPEND_HIGH": 1.3, "SUBSIDY_SURPLUS_SHARE": 0.1,
            "SUBSIDY_PRICE_ABOVE_MEDIAN": 0.30, "CANTEEN_ISSUE_TOLERANCE": 0.10,
            "CANTEEN_REPEAT_DAYS": 5}
WEEK = date(2026, 11, 16)  # the Monday of DAY's week
# a month whose spend per student-day is the rate: 30 student-days × 5.00 = 150.00
LEDGER = {"student_days": 30, "entitlement": Decimal("150.00"),
          "student_spend": Decimal("150.00"), "teacher_spend": Decimal("0.00"),
          "spend_per_student_day": Decimal("5.00"), "balance": Decimal("0.00"),
          "year_balance": Decimal("0.00"), "year_entitlement": Decimal("150.00"), "days": []}


def stand_in_ledger(monkeypatch, months: dict | None = None) -> list:
    """subsidy.ledger.school_month (and county_month, row by row) answers LEDGER, updated by
    months[month] when given, for every school; returns the list of (school_id, year, month)
    it was asked about."""
    asked = []

    def school_month(session, school_id, year, month, *, today):
        asked.append((school_id, year, month))
        return {**LEDGER, **(months or {}).get(month, {})}

    def county_month(session, school_ids, year, month, *, today):
        return {"schools": [{**school_month(session, sid, year, month, today=today),
                             "school_id": sid} for sid in school_ids]}

    module = types.ModuleType("subsidy.ledger")
    module.school_month = school_month
    module.county_month = county_month
    monkeypatch.setitem(sys.modules, "subsidy.ledger", module)
    return asked


def flags_of(db, school, code=None, year=2026, month=11, settings=None):
    found = services.month_flags(db, school.id, year, month, today=TODAY,
                                 settings=settings or SETTINGS)
    return [f for f in found if code is None or f["code"] == code]


def codes(db, school, **kw) -> list[str]:
    return [f["code"] for f in flags_of(db, school, **kw)]


def clean_month(db, org, deliver, *, menu=True, sample=True, accompany=True,
                issue="2333.5", grades=None, teachers=4):
    """Rice 7 kg for 37.31 delivered on 2026-11-02; lunch on DAY (Friday 2026-11-20): grade 1
    37 pupils (30 plan) and 4 teachers eat rice, planned 37 × 55.5 + 4 × 70.0 = 2333.5 g."""
    school = org.schools[0]
    deliver([("大米", "7", "kg", "5.33")], day=date(2026, 11, 2))
    rice = dish(db, "米饭", [(RICE, "6-8", "55.5"), (RICE, "15-17", "70.0")])
    if menu:
        publish(db, org, school, WEEK, [(DAY, "lunch", rice)])
    count(db, school, grades=grades or {1: (37, 30)}, teachers=teachers, dishes=[rice])
    db.commit()
    if issue:
        canteen.issue_to_meal(db, school_id=school.id, day=DAY, meal="lunch", today=TODAY,
                              quantities={food(db, RICE).id: issue})
    if sample:
        canteen.record_sample(db, school_id=school.id, day=DAY, meal="lunch", dish_id=rice.id,
                              grams="150", taken_at=datetime.combine(
                                  DAY, time(11, 50), ZoneInfo("Asia/Shanghai")),
                              taken_by="李师傅", today=TODAY)
    if accompany:
        canteen.save_accompanied_meal(db, school_id=school.id, day=DAY, meal="lunch",
                                      leader="张校长", quality="good", hygiene="good",
                                      dining_order="good", service="good", today=TODAY)
    db.commit()
    return school
