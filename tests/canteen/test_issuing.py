"""Proposed quantities from the served menu and the issue of food to a meal."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from canteen import services
from canteen.errors import CanteenError
from procurement import services as procurement
from suite import services as org_services
from tests.canteen.helpers_issuing import (DAY, OIL, POTATO, RICE, count, dish, food, moves,
                                           publish)
from tests.factories import TODAY

pytestmark = pytest.mark.usefixtures("en")


@pytest.fixture
def day(db, org, foods, deliver):
    """School 0: grade 3 mixes two bands (20 of 6-8, 10 of 9-11); rice 10 kg at 5.00 and
    10 kg at 6.10 and potatoes 20 kg at 1.33 in stock; lunch of the day has two dishes."""
    school = org.schools[0]
    org_services.set_enrolment(db, school.id, org.term.id, {
        (1, "6-8", "M"): 20, (1, "6-8", "F"): 18, (3, "6-8", "M"): 12, (3, "6-8", "F"): 8,
        (3, "9-11", "F"): 10})
    deliver([("大米", "10", "kg", "5.00"), ("土豆", "20", "kg", "1.33")], day=date(2026, 11, 2))
    deliver([("大米", "10", "kg", "6.10")], day=date(2026, 11, 9), invoice_no="NO.0002")
    rice = dish(db, "米饭", [(RICE, "6-8", "100.0"), (RICE, "9-11", "125.5"),
                           (RICE, "15-17", "150.0")])
    stew = dish(db, "土豆炖菜", [(POTATO, "6-8", "60.5"), (POTATO, "9-11", "80.0"),
                             (POTATO, "15-17", "95.5")], category="vegetable")
    mc = count(db, school, grades={1: (10, 10), 3: (25, 20)}, teachers=3, dishes=[rice, stew])
    db.commit()
    return school, mc, rice


def test_band_servings_split_a_grade_by_largest_remainder(db, day):
    school, mc, _rice = day
    # grade 1: all 10 in 6-8; grade 3: 25 × 20/30 = 16 r 20, 25 × 10/30 = 8 r 10 → the one
    # left goes to 6-8 (larger remainder): 17 + 8 = 25; teachers (3) eat the 15-17 portion
    assert services.band_servings(db, mc) == {"6-8": 27, "9-11": 8, "15-17": 3}


def test_proposal_is_grams_per_serving_times_band_servings(db, day):
    school, _mc, _rice = day
    rows = services.propose_issues(db, school.id, DAY, "lunch")
    # rice:    27 × 100.0 + 8 × 125.5 + 3 × 150.0 = 2700.0 + 1004.0 + 450.0 = 4154.0 g
    # potato:  27 × 60.5  + 8 × 80.0  + 3 × 95.5  = 1633.5 + 640.0  + 286.5 = 2560.0 g
    assert [(r["code"], r["name"], r["planned_grams"], r["on_hand_grams"]) for r in rows] == [
        (RICE, "大米", Decimal("4154.0"), Decimal("20000.0")),
        (POTATO, "马铃薯", Decimal("2560.0"), Decimal("20000.0"))]


def test_proposal_falls_back_to_the_published_menu(db, org, day):
    school, mc, rice = day
    mc.dishes.clear()
    publish(db, org, school, date(2026, 11, 16), [(DAY, "lunch", rice)])
    db.commit()
    rows = services.propose_issues(db, school.id, DAY, "lunch", include_stock=True)
    assert [(r["code"], r["planned_grams"]) for r in rows] == [
        (RICE, Decimal("4154.0")), (POTATO, Decimal("0.0"))]


def test_issue_values_each_food_at_the_moving_average(db, day):
    school, _mc, _rice = day
    rice, potato = food(db, RICE), food(db, POTATO)
    issued = services.issue_to_meal(db, school_id=school.id, day=DAY, meal="lunch",
                                    quantities={rice.id: "4154.0", potato.id: Decimal("2560")},
                                    today=TODAY)
    db.commit()
    # rice: 20000 g worth 50.00 + 61.00 = 111.00; 111.00 × 4154 / 20000 = 23.0547 → 23.05
    # potato: 20000 g worth 26.60; 26.60 × 2560 / 20000 = 3.4048 → 3.40
    assert [(m.grams, m.value) for m in issued] == [
        (Decimal("-4154.0"), Decimal("-23.05")), (Decimal("-2560.0"), Decimal("-3.40"))]
    assert procurement.balance(db, school.id, rice.id) == (Decimal("15846.0"),
                                                            Decimal("87.95"))
    costs = services.meal_costs(db, school.id, DAY, DAY)
    assert costs[(DAY, "lunch")]["food_cost"] == Decimal("26.45")


def test_a_refused_food_leaves_the_whole_issue_unsaved(db, day):
    school, _mc, _rice = day
    rice, potato, oil = food(db, RICE), food(db, POTATO), food(db, OIL)
    before = moves(db)
    with pytest.raises(CanteenError) as refused:
        services.issue_to_meal(db, school_id=school.id, day=DAY, meal="lunch",
                               quantities={rice.id: "4154.0", potato.id: "20000.1",
                                           oil.id: "50"}, today=TODAY)
    db.rollback()
    assert refused.value.messages() == {
        f"quantities[{potato.id}]": "Only 20000.0 g of 马铃薯 is on hand on 2026-11-20; "
                                     "20000.1 g cannot be issued.",
        f"quantities[{oil.id}]": "Only 0.0 g of 大豆油 is on hand on 2026-11-20; 50.0 g "
                                  "cannot be issued."}
    assert moves(db) == before
    assert procurement.balance(db, school.id, rice.id) == (Decimal("20000.0"),
                                                            Decimal("111.00"))


def test_refusals_before_anything_is_issued(db, org, day):
    school, _mc, _rice = day
    rice = food(db, RICE)
    company = org.schools[2]
    company.supply_mode = "company"
    db.commit()
    before = moves(db)

    def refused(**kw):
        args = dict(school_id=school.id, day=DAY, meal="lunch", quantities={rice.id: "100"},
                    today=TODAY)
        with pytest.raises(CanteenError) as exc:
            services.issue_to_meal(db, **{**args, **kw})
        db.rollback()
        return exc.value.messages()

    assert refused(meal="dinner") == {
        "meal": "No meal count for this meal yet: enter the counts first."}
    assert refused(day=date(2026, 11, 24)) == {
        "date": "Food cannot be issued for a future day."}
    assert refused(school_id=company.id) == {
        "school": "This school's meals are supplied ready-made: it keeps no stock to issue "
                  "from."}
    assert refused(quantities={}) == {"quantities": "Enter the grams of at least one food."}
    assert refused(quantities={rice.id: "0", 999999: "5", -1: "x"}) == {
        f"quantities[{rice.id}]": "大米: enter the grams issued, a number above 0.",
        "quantities[999999]": "Unknown food.", "quantities[-1]": "Unknown food."}
    assert refused(quantities={rice.id: "abc"}) == {
        f"quantities[{rice.id}]": "大米: enter the grams issued, a number above 0."}
    assert refused(quantities={rice.id: "1.25"}) == {
        f"quantities[{rice.id}]": "大米: grams have at most one decimal place."}
    assert refused(quantities={rice.id: float("nan")}) == {
        f"quantities[{rice.id}]": "大米: enter the grams issued, a number above 0."}
    assert moves(db) == before


def test_issue_screen_prefills_saves_and_shows_refusals_on_their_field(client, login, db, day):
    school, _mc, _rice = day
    rice, potato = food(db, RICE), food(db, POTATO)
    login("canteen_manager")
    url = f"/canteen/{school.id}/2026-11-20/lunch/issues"
    page = client.get(url).get_data(as_text=True)
    assert f'name="q_{rice.id}"' in page and 'value="4154.0"' in page
    assert 'value="2560.0"' in page and 'id="issued-before"' not in page
    refused = client.post(url, data={f"q_{rice.id}": "4154", f"q_{potato.id}": "99999"})
    text = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "Only 20000.0 g of 马铃薯 is on hand on 2026-11-20; 99999.0 g cannot be issued." \
        in text
    assert moves(db, school.id)[-1][2] == "receipt"  # nothing issued
    saved = client.post(url, data={f"q_{rice.id}": "4154.0", f"q_{potato.id}": "0"})
    assert saved.status_code == 302
    assert [m[1:] for m in moves(db, school.id) if m[2] == "issue"] == [
        (RICE, "issue", Decimal("-4154.0"), Decimal("-23.05"), "lunch")]
    page = client.get(url).get_data(as_text=True)
    assert "23.05" in page and 'value="4154.0"' not in page  # the rest to issue is empty
    # what is left filled in is issued on top of what was: the page says so
    assert 'value="2560.0"' in page
    assert ("Food was already issued to this meal (see below). The fields hold only what the "
            "menu calls for beyond it: saving issues these amounts as well.") in page


def test_a_closed_month_refuses_the_issue(db, day):
    from canteen.signals import record_saving
    from suite.errors import ServiceError

    school, _mc, _rice = day
    seen = []

    def closed(sender, **payload):
        seen.append(payload)
        raise ServiceError({"date": "closed"})

    before = moves(db)
    with record_saving.connected_to(closed):
        with pytest.raises(ServiceError) as exc:
            services.issue_to_meal(db, school_id=school.id, day=DAY, meal="lunch",
                                   quantities={food(db, RICE).id: "100"}, today=TODAY)
    db.rollback()
    assert exc.value.errors == {"date": "closed"}
    assert seen == [{"school_id": school.id, "day": DAY, "record": "issues"}]
    assert moves(db) == before
