"""建议 and 采用 on a real database: a library of priced dishes, a school's week suggested
within the subsidy, accepted into the draft as one audited change, and the planner then
passes it; a stale or foreign proposal is refused and changes nothing."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from menus import services
from menus.models import MenuItem
from menus.services import IngredientIn
from nutrition.services import FOOD_GROUPS
from procurement import services as procurement
from procurement.services import LineIn
from suite.models import AuditEntry

from .helpers import WEEK, item_rows
from .helpers_suggest import PRICES, library, price_table

pytestmark = pytest.mark.usefixtures("en")
CATEGORY = {"main": "meat", "staple": "staple", "vegetable": "vegetable", "soup": "soup",
            "fruit": "fruit", "milk": "milk"}


@pytest.fixture
def priced_library(db, org, foods):
    """The seed-7 synthetic library as dishes, every food delivered a week before WEEK."""
    supplier = procurement.save_supplier(db, {
        "name": "县农产品公司", "credit_code": "91350100M000100Y43", "licence_no": "JY135010002",
        "licence_expiry": date(2027, 6, 30), "approved": True, "food_groups": list(FOOD_GROUPS)})
    lines = [LineIn(code, "1", "kg", price, temperature_c="2", food_code=code)
             for code, price in PRICES.items()]
    procurement.create_delivery(db, school=org.schools[0], supplier_id=supplier.id,
                                delivery_date=date(2026, 11, 9), invoice_no="NO.7",
                                checker="王老师", lines=lines, today=date(2026, 11, 22))
    dishes = []
    for cand in library(7, dict(staple=12, main=60, vegetable=40, soup=8, fruit=8, milk=4),
                        price_table()):
        rows = [IngredientIn(code, str(g)) for code, g in cand.rows["9-11"]]
        dishes.append(services.save_dish(db, name=cand.name, category=CATEGORY[cand.role],
                                         ingredients=rows))
    db.commit()
    return dishes


def test_a_suggested_week_is_accepted_and_then_passes_the_planner(db, org, priced_library,
                                                                 make_week):
    menu = make_week(org.schools[0])
    proposal = services.propose(db, menu, time_limit=20)
    assert proposal.solution.status in ("optimal", "feasible")
    assert {day for day, *_ in proposal.items} == {WEEK.replace(day=WEEK.day + i)
                                                   for i in range(5)}
    before = db.scalar(select(func.count()).select_from(AuditEntry))
    services.accept(db, menu, [(d, m, k) for d, m, k, _n in proposal.items],
                    proposal.fingerprint)
    db.commit()
    plan = services.week_plan(db, services.load_menu(db, menu.id))
    assert services.failures(plan) == []
    assert all(d["cost"].amount <= Decimal("5.00") for d in plan["days"])
    assert plan["average_cost"] == proposal.plan["average_cost"]
    assert db.scalar(select(func.count()).select_from(AuditEntry)) >= before + len(proposal.items)


def test_a_stale_proposal_is_refused_and_changes_nothing(db, org, priced_library, make_week,
                                                        dishes):
    menu = make_week(org.schools[0])
    proposal = services.propose(db, menu, time_limit=20)
    services.add_item(db, menu, day=WEEK, meal="lunch", dish_id=dishes["rice"].id)
    db.commit()
    before = item_rows(db, menu.id)
    with pytest.raises(services.MenuError) as caught:
        services.accept(db, menu, [(d, m, k) for d, m, k, _n in proposal.items],
                        proposal.fingerprint)
    assert list(caught.value.errors.values()) == [
        "The draft changed after this proposal was made: make a new one."]
    db.rollback()
    assert item_rows(db, menu.id) == before


def test_a_proposal_naming_a_day_the_menu_does_not_serve_is_refused(db, org, priced_library,
                                                                   make_week):
    menu = make_week(org.schools[0])
    with pytest.raises(services.MenuError) as caught:
        services.accept(db, menu, [(date(2026, 11, 21), "lunch", priced_library[0].id)],
                        services.fingerprint(menu))
    assert list(caught.value.errors.values()) == [
        "The proposal does not fit this menu: make a new one."]
    assert db.scalar(select(func.count()).select_from(MenuItem)) == 0
