"""Meal counts, the service: totals, versions, every check against the roster and the term,
identical counts in a row, and the audit of an edit. Each refusal leaves nothing saved."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from canteen import services
from canteen.models import MealCount
from canteen.services import CanteenError, StaleCount
from suite.models import AuditEntry

from .helpers_counts import FRIDAY, SATURDAY, TODAY, record, stored

pytestmark = pytest.mark.usefixtures("en")

GRADES = {1: (30, 28), 4: (20, 20)}  # schools[0] has 38 in grade 1 and 32 in grade 4


@pytest.fixture
def manager(db, factory, org):
    user = factory.user("canteen_manager", school=org.schools[0], username="zhang")
    user.display_name = "张三"
    db.commit()
    return user


@pytest.fixture
def save(db, org, manager):
    def _save(**kw):
        args = dict(school_id=org.schools[0].id, day=FRIDAY, meal="lunch", grades=GRADES,
                    teachers=3, today=TODAY, user_id=manager.id)
        args.update(kw)
        row = services.save_counts(db, **args)
        db.commit()
        return row
    return _save


def refused(db, save, **kw) -> dict:
    before = stored(db)
    with pytest.raises(CanteenError) as caught:
        save(**kw)
    db.rollback()
    assert stored(db) == before
    return caught.value.messages()


def test_create_keeps_exact_totals_and_reads_back(db, org, save, manager):
    save()
    assert record(db, org.schools[0].id, FRIDAY) == (1, 50, 48, 3, [(1, 30, 28), (4, 20, 20)])
    got = services.meal_counts(db, org.schools[0].id, FRIDAY, "lunch")
    assert got["version"] == 1 and got["teachers"] == 3 and got["students"] == 50
    assert got["grades"] == [
        {"grade": 1, "students": 30, "plan_students": 28, "enrolled": 38, "plan_enrolled": 38},
        {"grade": 4, "students": 20, "plan_students": 20, "enrolled": 32, "plan_enrolled": 32}]
    assert (got["dishes"], got["menu_id"], got["menu_changed"], got["repeat_confirmed"]) == \
        ([], None, False, False)
    assert got["updated_by"] == manager.id
    assert services.meal_counts(db, org.schools[0].id, FRIDAY, "dinner") is None


def test_edit_with_the_version_bumps_it_and_is_audited(db, org, save):
    row = save()
    save(version=1, grades={1: (25, 25), 4: (20, 20)}, teachers=4)
    assert record(db, org.schools[0].id, FRIDAY) == (2, 45, 45, 4, [(1, 25, 25), (4, 20, 20)])
    entries = db.scalars(select(AuditEntry).where(
        AuditEntry.record_type == "canteen_meal_count", AuditEntry.record_id == str(row.id),
        AuditEntry.action == "update")).all()
    assert len(entries) == 1
    keys = ("students", "plan_students", "teachers")
    assert {k: entries[0].old_values[k] for k in keys} == \
        {"students": 50, "plan_students": 48, "teachers": 3}
    assert {k: entries[0].new_values[k] for k in keys} == \
        {"students": 45, "plan_students": 45, "teachers": 4}
    grade = db.scalars(select(AuditEntry).where(
        AuditEntry.record_type == "canteen_grade_count", AuditEntry.action == "update")).one()
    assert (grade.old_values, grade.new_values) == (
        {"students": 30, "plan_students": 28}, {"students": 25, "plan_students": 25})


STALE = ("These counts were saved meanwhile by 张三 (version %s): grade 1: 30 (plan 28); "
         "grade 4: 20 (plan 20); teachers 3. Check them and save again.")


def test_creating_again_is_refused_with_the_newer_values(db, save):
    save()
    with pytest.raises(StaleCount) as caught:
        save(grades={1: (1, 1)})
    assert caught.value.messages() == {"version": STALE % 1}
    db.rollback()


def test_an_older_version_is_refused_and_nothing_changes(db, org, save):
    save()
    save(version=1, grades=GRADES, teachers=3)
    before = record(db, org.schools[0].id, FRIDAY)
    assert refused(db, save, version=1, grades={1: (2, 2)}) == {"version": STALE % 2}
    assert refused(db, save, version="abc") == {"version": STALE % 2}
    assert record(db, org.schools[0].id, FRIDAY) == before


@pytest.mark.parametrize("bad", ["3.5", "-1", "abc", "", None, 2**31, -1, 3.5, True, "٣",
                                 "３.５"])
def test_counts_must_be_whole_numbers(db, save, bad):
    assert refused(db, save, grades={1: (bad, 0)}) == {
        "grade_1": "Grade 1: enter whole numbers, 0 or more."}
    assert refused(db, save, grades={1: (3, bad)}) == {
        "grade_1": "Grade 1: enter whole numbers, 0 or more."}
    assert refused(db, save, teachers=bad) == {"teachers": "Enter a whole number, 0 or more."}


def test_full_width_digits_of_a_chinese_input_method_are_read(db, org, save):
    save(grades={1: ("３", " ２ ")}, teachers="１")
    saved = services.meal_counts(db, org.schools[0].id, FRIDAY, "lunch")
    assert (saved["students"], saved["plan_students"], saved["teachers"]) == (3, 2, 1)


def test_checks_against_the_enrolment_of_the_day(db, save):
    assert refused(db, save, grades={1: (39, 0), 4: (32, 33)}) == {
        "grade_1": "Grade 1: 39 students served, but only 38 enrolled on 2026-11-20.",
        "grade_4": "Grade 4: plan students (33) cannot exceed the students served (32)."}
    assert refused(db, save, grades={7: (1, 1), "x": (1, 1)}) == {
        "grade_7": "The school has no grade 7.", "grade_x": "The school has no grade x."}
    assert refused(db, save, grades="30") == {"grades": "Enter the students served by grade."}


def test_plan_students_within_the_plan_enrolment(db, org, save):
    org.schools[0].in_plan = False
    db.commit()
    assert refused(db, save, grades={1: (30, 1)}) == {
        "grade_1": "Grade 1: 1 plan students, but only 0 in the nutrition plan on 2026-11-20."}
    save(grades={1: (30, 0)})


def test_meal_day_and_school(db, org, save):
    assert refused(db, save, meal="supper") == {"meal": "Choose breakfast, lunch or dinner."}
    assert refused(db, save, day=date(2026, 11, 24)) == {
        "day": "Enter a date, not in the future."}
    assert refused(db, save, day="2026-11-20") == {"day": "Enter a date, not in the future."}
    assert refused(db, save, school_id=999999) == {"school": "Choose a school."}


def test_a_day_that_is_not_a_school_day_needs_a_reason(db, org, save):
    message = "%s is not a school day: give the reason meals were served."
    assert refused(db, save, day=SATURDAY) == {"make_up_reason": message % "2026-11-21"}
    assert refused(db, save, day=date(2026, 10, 1)) == {
        "make_up_reason": message % "2026-10-01"}
    save(day=SATURDAY, make_up_reason="  运动会  ")
    assert services.meal_counts(db, org.schools[0].id, SATURDAY, "lunch")["make_up_reason"] \
        == "运动会"
    save(day=date(2026, 10, 10))  # a make-up school day
    save(school_id=org.schools[1].id, day=SATURDAY, grades={7: (70, 70)})  # boarding school


def test_no_meal_is_counted_outside_every_term(db, org, save):
    """The term runs from 2026-09-01: a summer day is refused even with a reason, as a
    delivery is, and nothing is saved."""
    before = db.scalar(select(func.count()).select_from(MealCount))
    assert refused(db, save, day=date(2026, 8, 31), make_up_reason="夏令营") == {
        "day": "The date 2026-08-31 is outside every term."}
    assert db.scalar(select(func.count()).select_from(MealCount)) == before


REPEAT = ("The counts are the same as on at least the 4 school days before: confirm they are "
          "real.")


def test_identical_counts_five_school_days_in_a_row_need_confirming(db, org, save):
    for day in (17, 18, 19, 20):  # Tuesday to Friday, then Monday after the weekend
        save(day=date(2026, 11, day))
    assert refused(db, save, day=TODAY) == {"confirm_repeat": REPEAT}
    row = save(day=TODAY, confirm_repeat=True)
    assert row.repeat_confirmed is True
    assert services.meal_counts(db, org.schools[0].id, TODAY, "lunch")["repeat_confirmed"]


def test_a_different_day_in_the_run_breaks_the_repeat(db, save):
    for day, teachers in ((17, 3), (18, 2), (19, 3), (20, 3)):
        save(day=date(2026, 11, day), teachers=teachers)
    assert save(day=TODAY).repeat_confirmed is False
    assert save(day=date(2026, 11, 16), grades={1: (30, 28), 4: (20, 20)}).repeat_confirmed \
        is False  # only three identical days before it


def test_the_repeat_run_length_is_a_parameter(db, save):
    save(day=date(2026, 11, 20))
    assert refused(db, save, day=TODAY, repeat_days=2) == {
        "confirm_repeat": "The counts are the same as on at least the 1 school days before: "
                          "confirm they are real."}
