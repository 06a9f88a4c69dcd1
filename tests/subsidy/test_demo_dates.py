"""The demo county on any day: the canteen, menus and procurement demos start on the first
school day of last month (the term's first school day when last month is before the term), so
the month the bureau closes has meals on every school day, spend, and the planted problems,
early or late in a month."""
from __future__ import annotations

from datetime import date, datetime, time, timezone

import pytest
from sqlalchemy import select

from canteen.models import MealCount
from subsidy import services
from subsidy.demo import previous_month
from suite import clock
from suite import services as org
from suite.demo import build_demo, first_demo_day
from suite.models import School, Term

RICE = "012001x"


@pytest.mark.parametrize("today, first", [
    (date(2026, 11, 2), date(2026, 10, 8)),    # a Monday early in a month; October's holiday
    (date(2026, 12, 1), date(2026, 11, 2)),    # the first of a month
    (date(2026, 11, 29), date(2026, 10, 8)),   # a Sunday late in a month
])
def test_last_month_is_served_and_closed(db, app, monkeypatch, today, first):
    # the demo is built in the morning of `today` (08:00 in Beijing), even a day to come
    monkeypatch.setattr(clock, "utcnow", lambda: datetime.combine(today, time(0), timezone.utc))
    build_demo(db, schools=3, today=today, password="demo-password-1")
    db.commit()
    term = db.scalar(select(Term))
    assert first_demo_day(db, term, today) == first
    year, month = previous_month(today)
    assert (first.year, first.month) == (year, month)
    schools = db.scalars(select(School).order_by(School.code)).all()
    days = [d for d in org.school_days(db, term) if first <= d < today]
    counted = set(db.execute(select(MealCount.school_id, MealCount.day)).all())
    assert min(d for _s, d in counted) == first
    for school in schools:
        # the first school's last school day is its manager's work at hand
        expected = set(days) - ({days[-1]} if school.code == "S0001" else set())
        assert {d for s, d in counted if s == school.id} >= expected, school.code

    ledger = services.county_month(db, [s.id for s in schools], year, month, today=today)
    last = [d for d in days if (d.year, d.month) == (year, month)]
    assert all(r["school_days"] == len(last) and r["meal_days"] >= len(last) - 1
               and r["student_spend"] > 0 for r in ledger["schools"])
    # the third school's month is closed: its public account shows the month's figures
    closed = services.month_closes(db, [schools[2].id], year, month)[schools[2].id]
    assert closed["status"] == "closed"
    public = services.public_account(db, schools[2].id, year, month, today=today)
    assert public["student_days"] == ledger["schools"][2]["student_days"] > 0
    assert public["student_spend"] == ledger["schools"][2]["student_spend"] > 0

    # the planted problems are in that month: the doubled rice (open), a missing sample
    # explained by the bureau
    settings = services.flag_settings(app.config)
    flags = [f for s in schools for f in services.month_flags(
        db, s.id, year, month, today=today, settings=settings)]
    rice = [f for f in flags if f["code"] == "unexplained_issue"
            and f["record_key"].endswith(f"|lunch|{RICE}")]
    assert len(rice) == 1 and rice[0]["explained"] is None
    assert rice[0]["figures"]["issued_grams"] == 2 * rice[0]["figures"]["planned_grams"]
    assert [f["code"] for f in flags if f["explained"]] == ["no_sample"]


def test_last_month_before_the_term_starts_on_its_first_day(db):
    build_demo(db, schools=1, today=date(2026, 9, 9), password="demo-password-1")
    db.commit()
    term = db.scalar(select(Term))
    assert first_demo_day(db, term, date(2026, 9, 9)) == term.start_date == date(2026, 9, 1)
    counted = sorted(d for (d,) in db.execute(select(MealCount.day)))
    assert counted[0] == date(2026, 9, 1) and counted[-1] < date(2026, 9, 8)
