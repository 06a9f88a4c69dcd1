"""Weekly menus: a hand-computed day of the planner, the approval workflow and revisions
with their audit trail, and refused input (dates, days, holidays, duplicates), copies and
county templates."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from menus import services
from menus.models import WeekMenu
from menus.services import MenuError
from suite.models import AuditEntry

from ..factories import food_id
from .helpers import (FRI, HOLIDAY_WEEK, MAKEUP_WEEK, MON, THU, WEEK, audit, counts, item_rows,
                      menu_state, nutrient, publish_as)

DRAFT_ONLY = "Only a draft can be changed: this menu is {}."
STATUS_LABEL = {"submitted": "Submitted", "approved": "Approved", "published": "Published"}
SECOND_PERSON = ("The county requires a second person: you submitted this menu, so someone "
                 "else must approve it.")


# -- a day computed by hand ------------------------------------------------------------------

pytestmark = pytest.mark.usefixtures("en")  # English pages and messages


def test_a_lunch_for_the_schools_enrolment_matches_the_hand_computation(
        db, org, dishes, make_week, deliver):
    deliver([("大米", "10", "kg", "6.00"), ("鸡蛋", "5", "kg", "12.00")], day=date(2026, 11, 2))
    menu = make_week(org.schools[0])
    for dish in (dishes["rice"], dishes["egg"]):
        services.add_item(db, menu, day=MON, meal="lunch", dish_id=dish.id)
    db.commit()
    plan = services.week_plan(db, services.load_menu(db, menu.id))
    # enrolment of schools[0]: 6-8 20 M + 18 F = 38, 9-11 15 M + 17 F = 32, 70 in all
    assert plan["eaters"] == (("6-8", "F", 18), ("6-8", "M", 20), ("9-11", "F", 17),
                              ("9-11", "M", 15))
    assert plan["from_enrolment"] is True and plan["main_band"] == "6-8"
    monday = plan["days"][0]
    assert monday["day"] == MON and [d["day"] for d in plan["days"]] == [
        MON + timedelta(n) for n in range(5)]
    # head-count weighted portions, weights 38/70 (6-8) and 32/70 (9-11), 6-8 = 0.8 × 9-11:
    # rice (130 g for 9-11, 104 g for 6-8): (104 × 38 + 130 × 32) / 70 = 8112 / 70 = 115.8857 g
    # egg (60 g for 9-11, 48 g for 6-8):    (48 × 38 + 60 × 32) / 70 = 3744 / 70 = 53.4857 g
    grams = monday["meals"]["lunch"]["grams"]
    assert float(grams[food_id(db, "012001x")]) == pytest.approx(8112 / 70, abs=1e-6)
    assert float(grams[food_id(db, "111101x")]) == pytest.approx(3744 / 70, abs=1e-6)
    # energy: rice 115.8857 × 346 / 100 = 400.9646 (edible 100 %)
    #       + egg 53.4857 × 0.87 × 139 / 100 = 64.6803 (edible 87 %)   = 465.6448 kcal
    # protein: 115.8857 × 7.9 / 100 = 9.1550 + 53.4857 × 0.87 × 13.1 / 100 = 6.0958 = 15.2507 g
    energy = nutrient(monday["analysis"], "energy_kcal")
    protein = nutrient(monday["analysis"], "protein_g")
    assert energy["amount"] == pytest.approx(465.6448, abs=0.01)
    assert protein["amount"] == pytest.approx(15.2507, abs=0.01)
    # target: lunch 37.5 % of the mix's daily energy
    #   (20 × 1700 + 18 × 1550 + 15 × 2100 + 17 × 1900) / 70 = 125700 / 70 = 1795.7143 kcal
    #   × 0.375 = 673.3929 kcal; ok from 1795.7143 × 35 % × 0.9 = 565.65
    #   to 1795.7143 × 40 % × 1.1 = 790.11; 465.64 is low, 69.1 % of target
    assert energy["target"] == pytest.approx(673.3929, abs=0.01)
    assert (energy["low"], energy["high"]) == (pytest.approx(565.65, abs=0.01),
                                               pytest.approx(790.11, abs=0.01))
    assert energy["status"] == "low" and energy["percent"] == 69.1
    # protein target: (38 × 40 + 32 × 50) / 70 = 44.5714 g × 0.375 = 16.7143 g; ok from
    # 44.5714 × 35 % × 0.8 = 12.48 to 44.5714 × 40 % × 1.2 = 21.39: 15.25 is ok
    assert protein["target"] == pytest.approx(16.7143, abs=0.01)
    assert protein["status"] == "ok"
    # the only served day is the weekly average
    assert nutrient(plan["week"], "energy_kcal")["amount"] == energy["amount"]
    # cost: 115.8857 g × 6.00 / 1000 = 0.6953 + 53.4857 g × 12.00 / 1000 = 0.6418
    #       = 1.3371 → 1.34 CNY per serving, beside the national subsidy of 5.00
    assert monday["cost"].amount == Decimal("1.34") and monday["cost"].complete
    assert monday["rate"] == Decimal("5.00")
    assert plan["average_cost"] == Decimal("1.34")
    # days without dishes have no analysis and cost nothing
    assert all("analysis" not in d and d["cost"].amount == 0 for d in plan["days"][1:])


# -- workflow ---------------------------------------------------------------------------------

def test_draft_to_published_records_who_and_when(db, planned, nutritionist,
                                                 second_nutritionist):
    services.submit(db, planned, nutritionist)
    assert (planned.status, planned.submitted_by) == ("submitted", nutritionist.id)
    services.approve(db, planned, second_nutritionist)
    assert (planned.status, planned.approved_by) == ("approved", second_nutritionist.id)
    services.publish(db, planned, second_nutritionist)
    db.commit()
    db.expire_all()
    assert (planned.status, planned.published_by) == ("published", second_nutritionist.id)
    assert None not in (planned.submitted_at, planned.approved_at, planned.published_at)
    assert planned.submitted_at <= planned.approved_at <= planned.published_at


@pytest.mark.parametrize("step, status, message", [
    ("approve", "draft", "Only a submitted menu can be approved."),
    ("publish", "draft", "Only an approved menu can be published."),
    ("submit", "submitted", "Only a draft can be submitted."),
    ("submit", "draft", "An empty menu cannot be submitted."),
])
def test_steps_out_of_order_are_refused(db, planned, nutritionist, step, status, message):
    if status == "submitted":
        services.submit(db, planned, nutritionist)
    elif message.startswith("An empty"):
        for item in list(planned.items):
            services.remove_item(db, planned, item.id)
    with pytest.raises(MenuError) as exc:
        getattr(services, step)(db, planned, nutritionist)
    assert exc.value.errors == {"status": message}
    assert (planned.status, planned.approved_by, planned.published_by) == (status, None, None)


def test_approving_ones_own_submission_needs_the_county_to_allow_it(db, org, planned,
                                                                    nutritionist):
    assert org.county.second_approver_required is True
    services.submit(db, planned, nutritionist)
    db.commit()
    with pytest.raises(MenuError) as exc:
        services.approve(db, planned, nutritionist)
    assert exc.value.errors == {"status": SECOND_PERSON}
    db.rollback()
    db.expire_all()
    assert (planned.status, planned.approved_by, planned.approved_at) == ("submitted", None, None)
    org.county.second_approver_required = False
    services.approve(db, planned, nutritionist)
    assert (planned.status, planned.approved_by) == ("approved", nutritionist.id)


@pytest.mark.parametrize("status", ["submitted", "approved", "published"])
def test_only_a_draft_can_be_edited(db, org, planned, dishes, nutritionist,
                                    second_nutritionist, status):
    services.submit(db, planned, nutritionist)
    if status != "submitted":
        services.approve(db, planned, second_nutritionist)
    if status == "published":
        services.publish(db, planned, second_nutritionist)
    db.commit()
    before = menu_state(db, planned)
    first = planned.items[0]
    edits = [lambda: services.add_item(db, planned, day=FRI, meal="lunch",
                                       dish_id=dishes["greens"].id),
             lambda: services.remove_item(db, planned, first.id),
             lambda: services.move_item(db, planned, first.id, FRI, "lunch")]
    for edit in edits:
        with pytest.raises(MenuError) as exc:
            edit()
        assert exc.value.errors == {"menu": DRAFT_ONLY.format(STATUS_LABEL[status])}
        db.rollback()
    assert menu_state(db, planned) == before


def test_revision_copies_the_items_and_replaces_the_published_menu(
        db, org, planned, dishes, nutritionist, second_nutritionist):
    publish_as(db, planned, nutritionist, second_nutritionist)
    old_items = item_rows(db, planned.id)
    draft = services.revise(db, planned)
    db.commit()
    assert (draft.status, draft.revision, draft.previous_id) == ("draft", 2, planned.id)
    assert (draft.school_id, draft.week_start, draft.days, draft.meals) == (
        planned.school_id, planned.week_start, planned.days, planned.meals)
    assert item_rows(db, draft.id) == old_items
    assert services.current_menu(db, org.schools[0].id, WEEK).id == draft.id
    with pytest.raises(MenuError) as exc:
        services.revise(db, planned)
    assert exc.value.errors == {"status": "Revision 2 is already being prepared."}
    with pytest.raises(MenuError) as exc:
        services.revise(db, draft)
    assert exc.value.errors == {"status": "Only a published menu needs a revision; edit the "
                                          "draft."}
    egg = next(i for i in draft.items if i.dish_id == dishes["egg"].id)
    services.remove_item(db, draft, egg.id)
    services.add_item(db, draft, day=MON, meal="lunch", dish_id=dishes["greens"].id)
    services.add_item(db, draft, day=FRI, meal="lunch", dish_id=dishes["rice"].id)
    db.commit()
    assert services.diff(planned, draft) == [
        {"day": MON, "meal": "lunch", "removed": ["蒸鸡蛋"], "added": ["清炒小白菜"]},
        {"day": FRI, "meal": "lunch", "removed": [], "added": ["米饭"]}]
    # the old revision stays published until the new one is
    db.expire_all()
    assert planned.status == "published"
    services.submit(db, draft, nutritionist)
    services.approve(db, draft, second_nutritionist)
    assert db.get(WeekMenu, planned.id).status == "published"
    services.publish(db, draft, second_nutritionist)
    db.commit()
    db.expire_all()
    assert (planned.status, draft.status) == ("superseded", "published")
    assert item_rows(db, planned.id) == old_items
    # both revisions' changes are in the audit log
    old_log, new_log = audit(db, "menus_week", planned.id), audit(db, "menus_week", draft.id)
    assert [a for a, _v in old_log] == ["create", "update", "update", "update", "update"]
    assert [v.get("status") for _a, v in old_log[1:]] == ["submitted", "approved", "published",
                                                         "superseded"]
    assert new_log[0][0] == "create" and new_log[0][1]["revision"] == 2
    assert [v.get("status") for _a, v in new_log[1:]] == ["submitted", "approved", "published"]
    # SQLite may reuse a deleted item's id, so look at the creations only
    (egg_created,) = [a for a in audit(db, "menus_item", egg.id) if a[0] == "create"
                      and a[1]["menu_id"] == draft.id]
    assert egg_created[0] == "create" and egg_created[1]["menu_id"] == draft.id
    created = {v["menu_id"] for a, v in db.execute(
        select(AuditEntry.action, AuditEntry.new_values).where(
            AuditEntry.record_type == "menus_item", AuditEntry.action == "create"))}
    assert created == {planned.id, draft.id}


def test_removing_a_dish_from_a_menu_is_audited(db, planned):
    egg = planned.items[1]
    services.remove_item(db, planned, egg.id)
    db.commit()
    assert [a for a, _v in audit(db, "menus_item", egg.id)] == ["create", "delete"]


# -- bad input, copies and templates ----------------------------------------------------------

@pytest.mark.parametrize("school, week_start, kw, errors", [
    (0, None, {}, {"week_start": "A week starts on a Monday."}),
    (0, date(2026, 8, 3), {}, {"week_start": "The week of 2026-08-03 is outside every term."}),
    (0, MAKEUP_WEEK, {"days": [0, 1, 2, 3, 4, 5, 6]},  # the Sunday is no make-up day
     {"days": "Only boarding schools serve meals at the weekend."}),
    (2, WEEK, {"days": [6]}, {"days": "Only boarding schools serve meals at the weekend."}),
    (0, WEEK, {"days": []}, {"days": "Choose the days served."}),
    (0, WEEK, {"meals": ["brunch"]}, {"meals": "Choose the meals served."}),
    (None, WEEK, {"name": " "}, {"name": "A county template needs a name."}),
])
def test_bad_weeks_are_refused(db, org, school, week_start, kw, errors):
    before = counts(db)
    with pytest.raises(MenuError) as exc:
        services.create_week(db, county_id=org.county.id, week_start=week_start, **kw,
                             school=None if school is None else org.schools[school])
    assert exc.value.errors == errors and counts(db) == before


def test_dishes_only_go_on_days_the_school_serves(db, org, dishes, make_week):
    menu = make_week(org.schools[0], HOLIDAY_WEEK)
    rice = dishes["rice"].id
    refused = [
        ({"day": date(2026, 10, 1), "meal": "lunch", "dish_id": rice},
         {"day": "2026-10-01 is not a school day."}),
        ({"day": date(2026, 10, 3), "meal": "lunch", "dish_id": rice},
         {"day": "That day is not served by this menu."}),
        ({"day": HOLIDAY_WEEK, "meal": "breakfast", "dish_id": 999999, "servings": "x"},
         {"dish_id": "Choose a dish.", "meal": "This menu does not serve Breakfast.",
          "servings": "Servings are a whole number from 0 to 10000."}),
    ]
    for kw, errors in refused:
        with pytest.raises(MenuError) as exc:
            services.add_item(db, menu, **kw)
        assert exc.value.errors == errors
    services.add_item(db, menu, day=HOLIDAY_WEEK, meal="lunch", dish_id=rice)
    with pytest.raises(MenuError) as exc:
        services.move_item(db, menu, menu.items[0].id, date(2026, 10, 1), "lunch")
    assert exc.value.errors == {"day": "That day is not served by this menu."}
    db.commit()
    assert item_rows(db, menu.id) == [(HOLIDAY_WEEK, "lunch", "米饭", 1, 70)]


def test_a_day_school_serves_its_make_up_saturday(db, org, dishes, make_week):
    menu = make_week(org.schools[0], MAKEUP_WEEK, days=range(6))
    services.add_item(db, menu, day=date(2026, 10, 10), meal="lunch", dish_id=dishes["rice"].id)
    db.commit()
    assert menu.days == "0,1,2,3,4,5"
    assert [r[0] for r in item_rows(db, menu.id)] == [date(2026, 10, 10)]


def test_the_boarding_school_serves_weekends_in_term_but_not_holidays(db, org, dishes,
                                                                      make_week):
    boarding = org.schools[1]
    menu = make_week(boarding, MAKEUP_WEEK, days=range(7))
    week = make_week(boarding, WEEK, days=[5, 6])
    rice = dishes["rice"].id
    for m, day in ((menu, date(2026, 10, 10)), (menu, date(2026, 10, 11)),
                   (week, date(2026, 11, 21)), (week, date(2026, 11, 22))):
        services.add_item(db, m, day=day, meal="lunch", dish_id=rice)
    holiday_week = make_week(boarding, HOLIDAY_WEEK)
    last = make_week(boarding, date(2027, 1, 18), days=range(7))  # the term ends on Wednesday
    for m, day in ((holiday_week, date(2026, 10, 1)), (last, date(2027, 1, 23))):
        with pytest.raises(MenuError) as exc:
            services.add_item(db, m, day=day, meal="lunch", dish_id=rice)
        assert exc.value.errors == {"day": f"{day.isoformat()} is not a school day."}
    db.commit()
    assert [r[0] for r in item_rows(db, menu.id)] == [date(2026, 10, 10), date(2026, 10, 11)]
    assert item_rows(db, last.id) == item_rows(db, holiday_week.id) == []


def test_a_second_live_menu_for_the_same_school_and_week_is_refused(
        db, org, planned, make_week, nutritionist, second_nutritionist):
    message = {"week_start": "东镇中心小学 already has a menu for the week of 2026-11-16."}
    for published in (False, True):
        if published:
            publish_as(db, planned, nutritionist, second_nutritionist)
        before = counts(db)
        with pytest.raises(MenuError) as exc:
            make_week(org.schools[0])
        assert exc.value.errors == message and counts(db) == before
    assert make_week(org.schools[1]).school_id == org.schools[1].id


def test_copy_week_drops_the_items_on_holidays_of_the_new_week(db, org, dishes, make_week):
    menu = make_week(org.schools[0])
    for n in range(5):
        services.add_item(db, menu, day=WEEK + timedelta(n), meal="lunch",
                          dish_id=dishes["rice"].id, servings=60)
    services.add_item(db, menu, day=THU, meal="lunch", dish_id=dishes["egg"].id)
    db.commit()
    before = item_rows(db, menu.id)
    copy = services.copy_week(db, menu, HOLIDAY_WEEK)
    db.commit()
    assert (copy.school_id, copy.status, copy.revision, copy.previous_id,
            copy.adopted_from_id) == (org.schools[0].id, "draft", 1, None, None)
    # Thursday 2026-10-01 is a holiday: its rice and egg are left out; servings = enrolment
    assert item_rows(db, copy.id) == [(HOLIDAY_WEEK + timedelta(n), "lunch", "米饭", 1, 70)
                                      for n in (0, 1, 2, 4)]
    assert item_rows(db, menu.id) == before


def test_adopting_a_county_template_makes_the_schools_own_draft(db, org, dishes, make_week):
    template = make_week(None, HOLIDAY_WEEK, name=" 县食谱模板第五周 ")
    for day, dish in ((HOLIDAY_WEEK, "rice"), (HOLIDAY_WEEK, "egg"), (date(2026, 10, 1), "rice")):
        services.add_item(db, template, day=day, meal="lunch", dish_id=dishes[dish].id)
    db.commit()
    assert (template.school_id, template.name) == (None, "县食谱模板第五周")
    adopted = services.copy_week(db, template, HOLIDAY_WEEK, school=org.schools[0])
    db.commit()
    assert (adopted.school_id, adopted.adopted_from_id, adopted.status, adopted.name) == (
        org.schools[0].id, template.id, "draft", "")
    # servings default to the school's enrolment, 38 + 32 = 70; the holiday is dropped
    assert item_rows(db, adopted.id) == [(HOLIDAY_WEEK, "lunch", "米饭", 1, 70),
                                         (HOLIDAY_WEEK, "lunch", "蒸鸡蛋", 2, 70)]
    assert [r[4] for r in item_rows(db, template.id)] == [0, 0, 0]
