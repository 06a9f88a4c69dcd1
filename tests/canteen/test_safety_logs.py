"""Accompanying-meal log, canteen staff and morning checks, tableware disinfection."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from canteen import services
from canteen.errors import CanteenError
from canteen.models import AccompaniedMeal, Disinfection, HealthCheck, Worker
from suite.models import AuditEntry

from ..factories import TODAY
from .helpers_safety import at, counts

pytestmark = pytest.mark.usefixtures("en")


def _refused(db, models, action, **kw) -> dict:
    db.commit()  # what the test made so far stays after the rollback
    before = counts(db, *models)
    with pytest.raises(CanteenError) as refused:
        action(db, **kw)
    db.rollback()
    assert counts(db, *models) == before
    return refused.value.messages()


# accompanying meal

def _meal(org, **kw):
    return {"school_id": org.schools[0].id, "day": TODAY, "meal": "lunch", "leader": "赵校长",
            "companions": "钱老师、孙老师", "quality": "excellent", "hygiene": "good",
            "dining_order": "fair", "service": "poor", "reactions": "", "user_id": None,
            "today": TODAY, **kw}


def test_accompanied_meal_is_one_per_meal_and_saving_again_edits(db, org):
    first = services.save_accompanied_meal(db, **_meal(org))
    db.commit()
    again = services.save_accompanied_meal(db, **_meal(org, quality="good",
                                                       reactions="一名学生腹痛"))
    db.commit()
    assert again.id == first.id and counts(db, AccompaniedMeal) == (1,)
    row = services.accompanied_meal(db, org.schools[0].id, TODAY, "lunch")
    assert (row.leader, row.quality, row.hygiene, row.dining_order, row.service,
            row.reactions) == ("赵校长", "good", "good", "fair", "poor", "一名学生腹痛")
    changes = db.scalars(select(AuditEntry).where(
        AuditEntry.record_type == "canteen_accompanied_meal", AuditEntry.action == "update",
        AuditEntry.record_id == str(row.id))).all()
    assert [(c.old_values["quality"], c.new_values["quality"]) for c in changes] == [
        ("excellent", "good")]


def test_accompanied_meal_refusals(db, org):
    assert _refused(db, [AccompaniedMeal], services.save_accompanied_meal, **_meal(
        org, leader=" ", quality="great", day=TODAY + timedelta(1))) == {
        "day": "The date cannot be in the future.", "leader": "Enter the school leader who ate.",
        "quality": "Choose a rating."}
    assert _refused(db, [AccompaniedMeal], services.save_accompanied_meal, **_meal(
        org, meal="tea", companions="x" * 201)) == {
        "meal": "Unknown meal: tea.", "companions": "At most 200 characters."}


# staff and morning checks

@pytest.fixture
def staff(db, org):
    school = org.schools[0].id
    ws = [services.save_worker(db, school_id=school, name=n) for n in ("王大厨", "李帮厨", "周阿姨")]
    ws[2] = services.save_worker(db, school_id=school, worker_id=ws[2].id, name="周阿姨",
                                 active=False)
    db.commit()
    return ws


def _check(worker, **kw):
    return {"worker_id": worker.id, "present": True, "temperature_c": "36.5", "hands_ok": True,
            "symptoms": "", "fit": True, **kw}


def _checks(org, checks, **kw):
    return {"school_id": org.schools[0].id, "day": TODAY, "checks": checks,
            "checked_by": "食堂管理员", "today": TODAY, **kw}


def test_workers_and_a_full_morning_check(db, org, staff):
    assert [(w.name, w.active) for w in services.workers(db, org.schools[0].id)] == [
        ("李帮厨", True), ("王大厨", True), ("周阿姨", False)]
    assert [w.name for w in services.workers(db, org.schools[0].id, active_only=True)] == [
        "李帮厨", "王大厨"]
    rows = services.record_health_checks(db, **_checks(org, [
        _check(staff[0]), _check(staff[1], temperature_c="37.6", fit=False,
                                 symptoms="咳嗽")]))
    db.commit()
    assert [(r.temperature_c, r.fit, r.symptoms) for r in rows] == [
        (Decimal("36.5"), True, ""), (Decimal("37.6"), False, "咳嗽")]
    # checking again edits the day's rows
    services.record_health_checks(db, **_checks(org, [
        _check(staff[0], present=False, temperature_c=""), _check(staff[1], fit=False,
                                                                  hands_ok=False)]))
    db.commit()
    day = services.health_checks(db, org.schools[0].id, TODAY)
    assert counts(db, HealthCheck) == (2,)
    assert (day[staff[0].id].present, day[staff[0].id].temperature_c, day[staff[0].id].fit) == (
        False, None, False)
    assert (day[staff[1].id].hands_ok, day[staff[1].id].temperature_c) == (False,
                                                                           Decimal("36.5"))


@pytest.mark.parametrize("change", [{"temperature_c": "37.3"}, {"symptoms": "腹泻"},
                                    {"hands_ok": False}])
def test_unwell_worker_passed_as_fit_is_refused(db, org, staff, change):
    assert _refused(db, [HealthCheck], services.record_health_checks, **_checks(org, [
        _check(staff[0]), _check(staff[1], **change)])) == {
        f"checks[{staff[1].id}].fit": "李帮厨 has a fever, symptoms or unhealthy hands: send "
                                      "them home, not fit to work."}


def test_every_active_worker_and_only_this_schools(db, org, staff):
    other = services.save_worker(db, school_id=org.schools[1].id, name="外校")
    db.commit()
    assert _refused(db, [HealthCheck], services.record_health_checks, **_checks(org, [
        _check(staff[0], temperature_c="42.1"), _check(other)], checked_by="")) == {
        f"checks[{staff[0].id}].temperature_c": "Enter 王大厨's temperature, from 35.0 to 42.0 °C.",
        f"checks[{other.id}]": "Unknown worker.",
        f"checks[{staff[1].id}]": "Record the check of 李帮厨.",
        "checked_by": "Enter who did the check."}


def test_worker_refusals(db, org, staff):
    assert _refused(db, [Worker], services.save_worker, school_id=org.schools[1].id,
                    worker_id=staff[0].id, name="") == {
        "name": "Enter the worker's name.", "worker": "Unknown worker."}
    assert db.get(Worker, staff[0].id).school_id == org.schools[0].id


# disinfection

def _dis(org, **kw):
    return {"school_id": org.schools[0].id, "day": TODAY, "meal": "lunch", "method": "steam",
            "started_at": at(TODAY, "12:40"), "minutes": "30", "person": "周阿姨",
            "today": TODAY, "now": at(TODAY, "14:00"), **kw}


def test_disinfection_recorded(db, org):
    row = services.record_disinfection(db, **_dis(org))
    db.commit()
    assert [(d.method, d.minutes, d.person, d.started_at) for d in services.disinfections(
        db, org.schools[0].id, TODAY)] == [("steam", 30, "周阿姨", at(TODAY, "12:40"))]
    assert row.meal == "lunch"


def test_disinfection_refusals(db, org):
    assert _refused(db, [Disinfection], services.record_disinfection, **_dis(
        org, method="uv", minutes="0", person="", started_at=at(TODAY, "14:01"))) == {
        "method": "Choose a method.",
        "minutes": "Enter the minutes, a whole number from 1 to 600.",
        "person": "Enter who did it.", "started_at": "The time cannot be in the future."}
    assert _refused(db, [Disinfection], services.record_disinfection, **_dis(
        org, started_at=at(date(2026, 11, 22), "12:00"), minutes="2.5")) == {
        "started_at": "The time must be on 2026-11-23.",
        "minutes": "Enter the minutes, a whole number from 1 to 600."}
