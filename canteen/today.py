"""The canteen manager's day at a glance: each meal's tasks and whether they are done, the
day's own tasks, the recent days still missing records, the food the rest of the week's menu
needs beyond the stock, and the county's view of missing records by school."""
from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from menus import services as menus
from procurement import services as procurement
from procurement.models import StockMove
from suite import services as org
from suite.models import School

from .days import day_summaries
from .models import Disinfection, HealthCheck
from .residue import residue_lines

RECENT_DAYS = 14  # how far back the manager is reminded of days with missing records


def day_at_hand(session: Session, school: School, day: date, today: date,
                tolerance) -> dict:
    """Everything the manager's page shows for one day (plain values)."""
    summaries = day_summaries(session, school.id, day - timedelta(days=RECENT_DAYS), day,
                              tolerance, today=today)
    current = next((s for s in summaries if s["day"] == day),
                   {"day": day, "school_day": False, "meals": []})
    disinfected = set(session.scalars(select(Disinfection.meal).where(
        Disinfection.school_id == school.id, Disinfection.day == day)))
    menu = menus.published_menu(session, school.id, menus.week_of(day))
    dishes = defaultdict(list)
    for item in sorted(menu.items if menu else [], key=lambda i: (i.meal, i.position, i.id)):
        if item.day == day:
            dishes[item.meal].append(item.dish.name)
    untested = [line for line in residue_lines(session, school.id, day)
                if line["delivery_date"] == day and line["accepted"] and not line["tests"]]
    # the staff's morning check comes before any meal is counted: read it, not the meals
    health_missing = day <= today and session.scalar(select(HealthCheck.id).where(
        HealthCheck.school_id == school.id, HealthCheck.day == day).limit(1)) is None
    return {
        "day": day, "school_day": current["school_day"], "meals": current["meals"],
        "dishes": dict(dishes), "disinfected": disinfected, "untested": untested,
        "health_missing": health_missing,
        "open_days": [s["day"] for s in reversed(summaries)
                      if s["day"] != day and any(m["missing"] for m in s["meals"])],
        "shortfalls": stock_outlook(session, school.id, day) if day == today else [],
        "licences": procurement.licence_warnings(session, today, school.id),
    }


def stock_outlook(session: Session, school_id: int, day: date) -> list[dict]:
    """Foods that the published menu's meals from `day` to the end of its week need (grams per
    serving × the school's enrolment by age band) beyond what is on hand now; a meal that
    already had food issued is left out."""
    school = session.get(School, school_id)
    if school is None or school.supply_mode != "canteen":
        return []
    menu = menus.published_menu(session, school_id, menus.week_of(day))
    term = org.term_on(session, school.township.county_id, day)
    if menu is None or term is None:
        return []
    bands: dict[str, int] = defaultdict(int)
    for band, _sex, n in org.enrolment_mix(session, school_id, term.id):
        bands[band] += n
    issued = set(session.execute(select(StockMove.move_date, StockMove.meal).where(
        StockMove.school_id == school_id, StockMove.kind == "issue",
        StockMove.move_date >= day)).all())
    need: dict[int, Decimal] = defaultdict(Decimal)
    for item in menu.items:
        if item.day < day or (item.day, item.meal) in issued:
            continue
        for band, n in bands.items():
            for food_id, grams in menus.dish_grams(item.dish, band):
                need[food_id] += grams * n
    stock = {row["food_id"]: row for row in procurement.on_hand(session, school_id)}
    names = {f.id: f.name for f in procurement.foods_by_id(session, list(need))} if need else {}
    rows = []
    for food_id, grams in need.items():
        have = stock[food_id]["grams"] if food_id in stock else Decimal("0.0")
        if grams > have:
            rows.append({"food": names.get(food_id, ""), "need_grams": grams.quantize(
                Decimal("0.1")), "on_hand_grams": have,
                "short_grams": (grams - have).quantize(Decimal("0.1"))})
    return sorted(rows, key=lambda r: -r["short_grams"])
