"""The planner's numbers: a week's analysis against the standard for the school's actual
eaters, and the cost per serving of each day against the meal subsidy in force."""
from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from nutrition import services as nutrition
from nutrition.services import chart_bars, normalize_eaters
from procurement import services as procurement
from suite import services as org

from .dishes import dish_grams
from .evaluate import plan_days
from .models import Dish, MenuItem, WeekMenu
from .weeks import served_days

FALLBACK_EATERS = (("9-11", "M", 1), ("9-11", "F", 1))


def week_term(session: Session, menu: WeekMenu):
    return org.term_on(session, menu.county_id, menu.week_start) or \
        org.term_on(session, menu.county_id, menu.week_start + timedelta(days=4))


def eaters_for(session: Session, menu: WeekMenu, band: str | None = None) -> tuple[tuple, bool]:
    """((age band, sex, count), ...) and whether it is the school's enrolment."""
    if band:
        b, _sep, sex = band.partition("/")
        sexes = [sex] if sex in ("M", "F") else ["M", "F"]
        return tuple((b, s, 1) for s in sexes), False
    term = week_term(session, menu)
    if menu.school_id is not None and term is not None:
        mix = org.enrolment_mix(session, menu.school_id, term.id)
        if mix:
            return tuple(mix), True
    return FALLBACK_EATERS, False


def main_band(eaters) -> str:
    totals = defaultdict(int)
    for band, _sex, count in eaters:
        totals[band] += count
    return max(totals, key=totals.get)


def load_menu(session: Session, menu_id: int) -> WeekMenu | None:
    """The menu with its items, dishes and their ingredients in two queries (joining the
    items and dishes to the menu's row costs a third less than a query for each)."""
    return session.execute(select(WeekMenu).where(WeekMenu.id == menu_id).options(
        joinedload(WeekMenu.items).joinedload(MenuItem.dish)
        .selectinload(Dish.ingredients))).unique().scalar_one_or_none()


def week_plan(session: Session, menu: WeekMenu, band: str | None = None,
              as_of: date | None = None) -> dict:
    """Every meal, day and the weekly average against the county's standard, the checks,
    and the cost per serving per day beside the subsidy rate of that day."""
    standard = nutrition.county_standard(session, menu.county_id)
    eaters, from_enrolment = eaters_for(session, menu, band)
    eaters = normalize_eaters(standard, eaters)
    food_ids = {i.food_id for item in menu.items for i in item.dish.ingredients}
    table, by_id = nutrition.food_table_by_id(session)
    foods = {fid: by_id[fid] for fid in food_ids}
    prices = procurement.recent_prices(session, menu.school_id, food_ids,
                                       as_of or menu.week_start)
    rates = org.subsidy_rates_on(session, served_days(menu), menu.county_id)
    days = [{"day": day, "rate": rates[day],
             "meals": {meal: [(i.dish, i) for i in menu.items if i.day == day and i.meal == meal]
                       for meal in menu.meal_list}}
            for day in served_days(menu)]
    plan = plan_days(table, standard, eaters, days, dish_grams,
                     {fid: f.code for fid, f in foods.items()}, prices,
                     {fid: f.name for fid, f in foods.items()}, menu.meal_list)
    plan.update({"eaters": eaters, "from_enrolment": from_enrolment,
                 "main_band": main_band(eaters), "standard": standard, "bars": []})
    if plan["week"] is not None:
        plan["bars"] = chart_bars(plan["week"])
    return plan
