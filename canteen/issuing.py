"""Food issued to a meal (出库): the quantities the served menu calls for, and the issue itself
through procurement's stock ledger (valued there at the moving weighted average).

Servings per age band: the students served of each grade are split over the age bands of that
grade's enrolment in the term, in proportion, by largest remainder (so the band servings add up
exactly to the grade's count). A grade without enrolment counts as the band of its usual age
(grade + 6 years). Teachers and staff eat the oldest band's portion (15-17, the closest to an
adult's); they pay for it themselves (see costs.py)."""
from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from menus import services as menus
from menus.models import Dish
from procurement import services as procurement
from procurement.models import StockMove
from suite import services as org
from suite.models import Enrolment, School
from suite.vocabulary import AGE_BANDS, age_band_for

from .count_checks import served_dish_ids
from .errors import CanteenError
from .locks import write_lock_first
from .models import MealCount
from .signals import before_save

GRAM = Decimal("0.1")
MAX_GRAMS = Decimal(10) ** 12  # far beyond any stock, well inside Numeric(14, 1)
TEACHER_BAND = AGE_BANDS[-1]  # teachers and staff eat the oldest band's portion


def meal_count(session: Session, school_id: int, day: date, meal: str) -> MealCount | None:
    return session.scalar(select(MealCount).where(
        MealCount.school_id == school_id, MealCount.day == day, MealCount.meal == meal))


def split(total: int, weights: dict[str, int]) -> dict[str, int]:
    """`total` shared in proportion to `weights` by largest remainder: the parts add up to
    `total` exactly (ties go to the earlier band)."""
    whole = sum(weights.values())
    if total <= 0 or whole <= 0:
        return {}
    parts = {k: total * w // whole for k, w in weights.items()}
    order = sorted(weights, key=lambda k: (-(total * weights[k] % whole), AGE_BANDS.index(k)))
    for k in order[:total - sum(parts.values())]:
        parts[k] += 1
    return {k: n for k, n in parts.items() if n}


def band_servings(session: Session, count: MealCount) -> dict[str, int]:
    """Servings per age band of one meal: the students by grade and band, teachers in the
    oldest band."""
    school = session.get(School, count.school_id)
    term = org.term_on(session, school.township.county_id, count.day)
    mix: dict[int, dict[str, int]] = defaultdict(dict)
    if term is not None:
        for grade, band, n in session.execute(
                select(Enrolment.grade, Enrolment.age_band, func.sum(Enrolment.student_count))
                .where(Enrolment.school_id == count.school_id, Enrolment.term_id == term.id)
                .group_by(Enrolment.grade, Enrolment.age_band)):
            mix[grade][band] = int(n or 0)
    return servings_of(count.grades, count.teachers, mix)


def servings_of(grades, teachers: int, mix: dict) -> dict[str, int]:
    """Servings per age band of a meal's grade counts and teachers, given the term's
    enrolment mix {grade: {band: students}} of the school."""
    servings: dict[str, int] = defaultdict(int)
    for row in grades:
        weights = mix.get(row.grade) or {age_band_for(row.grade + 6) or TEACHER_BAND: 1}
        for band, n in split(row.students, weights).items():
            servings[band] += n
    if teachers:
        servings[TEACHER_BAND] += teachers
    return {b: servings[b] for b in AGE_BANDS if servings.get(b)}


def served_dishes(session: Session, school_id: int, day: date, meal: str,
                  count: MealCount | None = None) -> list[Dish]:
    """The dishes of the meal (see `served_dish_ids`), with their ingredients."""
    ids = served_dish_ids(session, school_id, day, meal, count)
    dishes = {d.id: d for d in session.scalars(select(Dish).where(Dish.id.in_(ids)).options(
        selectinload(Dish.ingredients)))} if ids else {}
    return [dishes[i] for i in ids if i in dishes]


def planned_grams(session: Session, school_id: int, day: date, meal: str,
                  count: MealCount | None = None) -> dict[int, Decimal]:
    """Food id -> grams the served menu calls for: Σ grams per serving × band servings."""
    count = count if count is not None else meal_count(session, school_id, day, meal)
    servings = band_servings(session, count) if count is not None else {}
    return grams_of(served_dishes(session, school_id, day, meal, count), servings)


def grams_of(dishes, servings: dict[str, int]) -> dict[int, Decimal]:
    """Food id -> grams of `dishes` for the band servings, to the tenth of a gram."""
    planned: dict[int, Decimal] = defaultdict(Decimal)
    for dish in dishes:
        for band, n in servings.items():
            for food_id, grams in menus.dish_grams(dish, band):
                planned[food_id] += grams * n
    return {f: g.quantize(GRAM, rounding=ROUND_HALF_UP) for f, g in planned.items()}


def propose_issues(session: Session, school_id: int, day: date, meal: str,
                   include_stock: bool = False) -> list[dict]:
    """The planned grams per food of a meal with what is on hand that day: rows of
    {food_id, code, name, planned_grams, on_hand_grams}, the menu's foods first (by code), then
    with `include_stock` every other food on hand (planned 0.0)."""
    planned = planned_grams(session, school_id, day, meal)
    stock = {r["food_id"]: r["grams"] for r in procurement.on_hand(session, school_id, day)}
    foods = {f.id: f for f in procurement.foods_by_id(
        session, list(planned) + (list(stock) if include_stock else []))}
    rows = [{"food_id": f.id, "code": f.code, "name": f.name,
             "planned_grams": planned.get(f.id, GRAM * 0),
             "on_hand_grams": stock.get(f.id, GRAM * 0)} for f in foods.values()]
    return sorted(rows, key=lambda r: (r["food_id"] not in planned, r["code"]))


def issued_grams(session: Session, school_id: int, day: date, meal: str) -> dict[int, tuple]:
    """Food id -> (grams, value) already issued to the meal (positive numbers)."""
    rows = session.execute(select(StockMove.food_id, func.sum(StockMove.grams),
                                  func.sum(StockMove.value)).where(
        StockMove.school_id == school_id, StockMove.move_date == day, StockMove.meal == meal,
        StockMove.kind == "issue").group_by(StockMove.food_id))
    return {f: (-Decimal(g).quantize(GRAM), -Decimal(v).quantize(Decimal("0.01")))
            for f, g, v in rows}


def _amount(value) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        amount = Decimal(str(value).strip())
    except Exception:  # noqa: BLE001 - anything unreadable is refused alike
        return None
    return amount if amount.is_finite() else None


def check_meal(session: Session, school_id: int, day, meal: str, today: date) -> dict:
    """What stops food being issued to this meal: {field: message}, empty when nothing."""
    school = session.get(School, school_id)
    if school is None:
        return {"school": _("Unknown school.")}
    if school.supply_mode != "canteen":
        return {"school": _("This school's meals are supplied ready-made: it keeps no stock "
                            "to issue from.")}
    if not isinstance(day, date):
        return {"date": _("Enter the date.")}
    if day > today:
        return {"date": _("Food cannot be issued for a future day.")}
    if meal_count(session, school_id, day, meal) is None:
        return {"meal": _("No meal count for this meal yet: enter the counts first.")}
    return {}


def issue_to_meal(session: Session, *, school_id: int, day: date, meal: str,
                  quantities: dict[int, object], user_id: int | None = None,
                  today: date) -> list:
    """Issue food to a counted meal: grams per food id. All or nothing: every refused food has
    its message (key `quantities[<food id>]`) and nothing is saved; a subscriber of
    `record_saving` (a closed month) may refuse with its own ServiceError. procurement's
    issue_stock locks each food's balance and refuses more than is on hand; on SQLite call
    this at the start of a transaction (commit what was only read before)."""
    write_lock_first(session)
    errors = check_meal(session, school_id, day, meal, today)
    if errors:
        raise CanteenError(errors)
    if not quantities:
        raise CanteenError({"quantities": _("Enter the grams of at least one food.")})
    ids = [f for f in quantities if isinstance(f, int) and not isinstance(f, bool)]
    foods = {f.id: f for f in procurement.foods_by_id(session, ids)}
    parsed = {}
    for food_id, raw in quantities.items():
        key, food = f"quantities[{food_id}]", foods.get(food_id)
        grams = _amount(raw)
        if food is None:
            errors[key] = _("Unknown food.")
        elif grams is None or grams <= 0:
            errors[key] = _("%(food)s: enter the grams issued, a number above 0.",
                            food=food.name)
        elif grams >= MAX_GRAMS:
            errors[key] = _("%(food)s: more grams than any stock holds.", food=food.name)
        elif grams.quantize(GRAM, rounding=ROUND_HALF_UP) != grams:
            errors[key] = _("%(food)s: grams have at most one decimal place.", food=food.name)
        else:
            parsed[food_id] = grams
    if errors:
        raise CanteenError(errors)
    before_save(session, school_id, day, "issues")  # a closed month refuses here
    moves = []
    with session.begin_nested():  # a refusal below takes back every issue of this call
        for food_id in sorted(parsed):
            try:
                with session.begin_nested():
                    moves.append(procurement.issue_stock(
                        session, school_id=school_id, day=day, meal=meal, food_id=food_id,
                        grams=parsed[food_id], user_id=user_id))
            except procurement.ProcurementError as exc:
                errors[f"quantities[{food_id}]"] = " ".join(exc.messages().values())
        if errors:
            raise CanteenError(errors)
    return moves
