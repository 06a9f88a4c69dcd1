"""The planner's numbers: a week's analysis against the standard for the school's actual
eaters, and the cost per serving of each day against the meal subsidy in force."""
from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from nutrition import services as nutrition
from nutrition.services import analyze_week, chart_bars, normalize_eaters
from procurement import services as procurement
from suite import services as org
from suite.money import money

from .dishes import cost_of, dish_grams
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
    return session.scalar(select(WeekMenu).where(WeekMenu.id == menu_id).options(
        selectinload(WeekMenu.items).selectinload(MenuItem.dish)
        .selectinload(Dish.ingredients)))


def week_plan(session: Session, menu: WeekMenu, band: str | None = None,
              as_of: date | None = None) -> dict:
    """Every meal, day and the weekly average against the county's standard, the checks,
    and the cost per serving per day beside the subsidy rate of that day."""
    standard = nutrition.county_standard(session, menu.county_id)
    table = nutrition.food_table(session)
    eaters, from_enrolment = eaters_for(session, menu, band)
    eaters = normalize_eaters(standard, eaters)
    heads = defaultdict(int)  # head count per age band: the exact weights of the mix
    for b, _s, c in eaters:
        heads[b] += c
    total = sum(heads.values())
    food_ids = {i.food_id for item in menu.items for i in item.dish.ingredients}
    foods = {f.id: f for f in nutrition.foods_by_id(session, food_ids)}
    prices = procurement.recent_prices(session, menu.school_id, food_ids,
                                       as_of or menu.week_start)
    names = {fid: f.name for fid, f in foods.items()}
    days = []
    for day in served_days(menu):
        meals, grams_day = {}, defaultdict(Decimal)
        for meal in menu.meal_list:
            items = [i for i in menu.items if i.day == day and i.meal == meal]
            if not items:
                continue
            grams = defaultdict(Decimal)  # Σ grams × head count of each food, exact
            for item in items:
                for b, n in heads.items():
                    for food_id, g in dish_grams(item.dish, b):
                        grams[food_id] += g * n
            meals[meal] = {"items": items,  # head-count weighted portion of each food
                           "grams": {fid: g / total for fid, g in grams.items()}}
            for food_id, g in grams.items():
                grams_day[food_id] += g
        days.append({"day": day, "meals": meals,
                     "cost": cost_of(grams_day, prices, names, servings=total),
                     "rate": org.subsidy_rate_on(session, day, menu.county_id)})
    served = [d for d in days if d["meals"]]
    result = {"eaters": eaters, "from_enrolment": from_enrolment, "main_band": main_band(eaters),
              "standard": standard, "days": days, "week": None, "bars": []}
    if not served:
        return result
    week_input = [{m: [(foods[fid].code, float(g)) for fid, g in v["grams"].items()]
                   for m, v in d["meals"].items()} for d in served]
    week, per_day = analyze_week(table, week_input, standard, eaters)
    for d, (day_analysis, meal_analyses) in zip(served, per_day):
        d["analysis"] = day_analysis.to_dict(standard)
        for meal, analysis in meal_analyses.items():
            d["meals"][meal]["analysis"] = analysis.to_dict(standard)
    result["week"] = week.to_dict(standard)
    result["bars"] = chart_bars(result["week"])
    costs = [d["cost"].exact for d in served]  # rounded once, at the end
    result["average_cost"] = money(sum(costs) / len(costs))
    return result
