"""Dishes: quantified recipes, their grams per age band, nutrients and cost per serving."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from nutrition import services as nutrition
from nutrition.services import Standard, analyze_meal
from procurement import services as procurement
from suite.errors import ServiceError
from suite.money import money
from suite.vocabulary import AGE_BANDS, MEALS

from .models import CATEGORIES, ROLES, Dish, DishIngredient, role_of
from .tags import dish_tags

# portion factors relative to 9-11, from WS/T 554's energy per band (about 1625, 2000,
# 2275 and 2625 kcal for boys and girls together); editable per dish
DEFAULT_FACTORS = {"6-8": 0.8, "9-11": 1.0, "12-14": 1.15, "15-17": 1.3}
GRAM = Decimal("0.1")


class MenuError(ServiceError):
    """Refused input: `errors` maps a field to a message for the user."""


@dataclass
class IngredientIn:
    food: str          # code, name or alias
    grams: object
    band: str | None = None  # None: the dish's base band, scaled to the others


def _grams(value) -> Decimal | None:
    try:
        grams = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return grams if grams.is_finite() else None


def _aliases(text) -> str:
    """Other names, separated by "、", "," or "，", kept once each and joined by "、"."""
    names = []
    for part in str(text or "").replace("，", ",").replace("、", ",").split(","):
        if part.strip() and part.strip() not in names:
            names.append(part.strip())
    return "、".join(names)


def _meals(meals) -> list[str]:
    chosen = meals.split(",") if isinstance(meals, str) else list(meals or ())
    return [m for m in MEALS if m in chosen] if set(chosen) <= set(MEALS) else []


def _check_extras(errors, role, meals, aliases) -> None:
    if role not in ROLES:
        errors["role"] = _("Choose a role.")
    if not _meals(meals):
        errors["meals"] = _("Choose the meals the dish suits.")
    if len(_aliases(aliases)) > 200:
        errors["aliases"] = _("Other names are at most 200 characters.")


def save_dish(session: Session, *, name: str, category: str, ingredients: list[IngredientIn],
              cooking_method: str = "", notes: str = "", base_band: str = "9-11",
              band_factors: dict | None = None, dish: Dish | None = None,
              user_id: int | None = None, role: str | None = None, spicy: bool = False,
              aliases: str = "", meals=("lunch", "dinner"), main_food_id: int | None = None,
              main_food: str = "") -> Dish:
    """Store a dish and its tags (computed from its foods). `role` defaults to the category's;
    the main ingredient is `main_food_id` or `main_food` (a code or name), one of its foods,
    or none (then the heaviest is meant: menus.tags.main_food)."""
    errors: dict[str, str] = {}
    if not (name or "").strip():
        errors["name"] = _("The dish needs a name.")
    if category not in CATEGORIES:
        errors["category"] = _("Choose a category.")
    if not role:  # the category's; a wrong category is told once
        role = role_of(category) if category in CATEGORIES else "other"
    _check_extras(errors, role, meals, aliases)
    if base_band not in AGE_BANDS:
        errors["base_band"] = _("Unknown age band: %(band)s.", band=base_band)
    factors = dict(DEFAULT_FACTORS)
    for band, factor in (band_factors or {}).items():
        value = _grams(factor)
        if band not in AGE_BANDS or value is None or not Decimal("0.1") <= value <= 5:
            errors["band_factors"] = _("Portion factors are numbers from 0.1 to 5.")
        else:
            factors[band] = float(value)
    rows = []
    for k, ing in enumerate(ingredients):
        if not (ing.food or "").strip() and ing.grams in (None, ""):
            continue
        food, _c = nutrition.resolve_food(session, ing.food or "")
        if food is None:
            errors[f"ingredients[{k}].food"] = _("Unknown food: %(food)s.", food=ing.food or "")
        grams = _grams(ing.grams)
        if grams is not None and Decimal(0) < grams <= 2000:  # 1e30 cannot be quantized
            grams = grams.quantize(GRAM, rounding=ROUND_HALF_UP)  # what is stored
        if grams is None or not Decimal(0) < grams <= 2000:
            errors[f"ingredients[{k}].grams"] = _("Grams per serving must be above 0 and at "
                                                   "most 2000.")
        if ing.band is not None and ing.band not in AGE_BANDS:
            errors[f"ingredients[{k}].band"] = _("Unknown age band: %(band)s.", band=ing.band)
        if food is not None and grams is not None:
            rows.append((food, grams, ing.band))
    if not rows and not any(k.startswith("ingredients[") for k in errors):
        errors["ingredients"] = _("A dish needs at least one ingredient.")
    if (main_food or "").strip() and not main_food_id:
        found, _c = nutrition.resolve_food(session, main_food)
        main_food_id = found.id if found is not None else -1
    if main_food_id and main_food_id not in {food.id for food, _g, _b in rows}:
        errors["main_food"] = _("The main ingredient must be one of the dish's foods.")
    if errors:
        raise MenuError(errors)
    if dish is None:
        dish = Dish(created_by=user_id)
        session.add(dish)
    dish.name, dish.category = name.strip()[:60], category
    dish.cooking_method, dish.notes = (cooking_method or "").strip()[:60], notes or ""
    dish.base_band, dish.band_factors = base_band, factors
    dish.role, dish.spicy, dish.meals = role, bool(spicy), ",".join(_meals(meals))
    dish.aliases, dish.main_food_id = _aliases(aliases), main_food_id or None
    dish.tags = dish_tags([food for food, _g, _b in rows], dish.spicy)
    dish.ingredients.clear()
    session.flush()
    for position, (food, grams, band) in enumerate(rows):
        dish.ingredients.append(DishIngredient(food_id=food.id, grams=grams, band=band,
                                               position=position))
    session.flush()
    return dish


def copy_dish(session: Session, dish: Dish, user_id: int | None = None) -> Dish:
    copy = Dish(name=_("%(name)s (copy)", name=dish.name)[:60], category=dish.category,
                cooking_method=dish.cooking_method, notes=dish.notes, base_band=dish.base_band,
                band_factors=dict(dish.band_factors), created_by=user_id, role=dish.role,
                spicy=dish.spicy, aliases=dish.aliases, meals=dish.meals,
                main_food_id=dish.main_food_id)
    foods = nutrition.foods_by_id(session, [i.food_id for i in dish.ingredients])  # one query
    copy.tags = dish_tags(foods, dish.spicy)
    session.add(copy)
    for ing in dish.ingredients:
        copy.ingredients.append(DishIngredient(food_id=ing.food_id, grams=ing.grams,
                                               band=ing.band, position=ing.position))
    session.flush()
    return copy


def search_dishes(session: Session, q: str = "", category: str | None = None,
                  limit: int = 200) -> list[Dish]:
    """The first `limit` active dishes matching `q` (name, alias, cooking method) and the
    category, by category and then in dictionary (pinyin) order: the matches' names are read
    and sorted, then only the dishes shown are loaded with their ingredients."""
    stmt = select(Dish.id, Dish.category, Dish.name).where(Dish.active.is_(True))
    if q:
        stmt = stmt.where(or_(Dish.name.contains(q.strip(), autoescape=True),
                              Dish.aliases.contains(q.strip(), autoescape=True),
                              Dish.cooking_method.contains(q.strip(), autoescape=True)))
    if category in CATEGORIES:
        stmt = stmt.where(Dish.category == category)
    ids = [r.id for r in sorted(session.execute(stmt), key=lambda r: (
        r.category, nutrition.pinyin_order(r.name), r.id))][:limit]
    loaded = {d.id: d for d in session.scalars(select(Dish).where(Dish.id.in_(ids)).options(
        selectinload(Dish.ingredients)))} if ids else {}
    return [loaded[i] for i in ids if i in loaded]  # one deleted in between is left out


def library_by_role(session: Session) -> list[tuple[str, list[tuple[int, str]]]]:
    """The active dishes as (role, [(id, name), ...]) in the solver's order of roles: what a
    nutritionist picks a subset of for 建议."""
    rows = session.execute(select(Dish.id, Dish.name, Dish.role).where(Dish.active.is_(True)))
    by_role: dict = {}
    for dish_id, name, role in sorted(rows, key=lambda r: (nutrition.pinyin_order(r.name),
                                                           r.id)):  # as a reader looks up
        by_role.setdefault(role, []).append((dish_id, name))
    return [(role, by_role[role]) for role in ROLES if role in by_role]


def with_roles(session: Session, dish_ids: list[int], roles: list[str]) -> list[int]:
    """The chosen dishes and every active dish of the chosen roles, each once."""
    if not roles:
        return dish_ids
    whole = session.scalars(select(Dish.id).where(Dish.active.is_(True), Dish.role.in_(roles))
                            .order_by(Dish.id))
    return list(dict.fromkeys([*dish_ids, *whole]))


def dish_grams(dish: Dish, band: str) -> list[tuple[int, Decimal]]:
    """(food id, raw grams per serving) for an age band: the band's own rows if it has any,
    else the base rows scaled by the band's factor relative to the base band."""
    own = [(i.food_id, i.grams) for i in dish.ingredients if i.band == band]
    if own:
        return own
    factors = dish.band_factors or DEFAULT_FACTORS
    scale = Decimal(str(factors.get(band, 1.0))) / Decimal(str(factors.get(dish.base_band, 1.0)))
    return [(i.food_id, (i.grams * scale).quantize(GRAM, rounding=ROUND_HALF_UP))
            for i in dish.ingredients if i.band is None]


@dataclass
class Cost:
    amount: Decimal      # to the fen, half up
    missing: list[str]   # foods without a price: the amount is incomplete
    latest: date | None  # the most recent price date used
    exact: Decimal = Decimal(0)  # before rounding: sums and averages start from this

    @property
    def complete(self) -> bool:
        return not self.missing


def cost_of(grams_by_food: dict[int, Decimal], prices: dict, names: dict,
            servings=1) -> Cost:
    """Σ grams × CNY per kg / 1000 / servings in Decimal, rounded half up to the fen only at
    the end; foods without a price are listed, not zero. `grams_by_food` may hold the grams
    of several servings (a head-count weighted mix): `servings` divides them last."""
    total, missing, latest = Decimal(0), [], None
    for food_id, grams in grams_by_food.items():
        price = prices.get(food_id)
        if price is None:
            missing.append(names.get(food_id, str(food_id)))
            continue
        total += Decimal(grams) * price.per_kg
        latest = max(latest, price.day) if latest else price.day
    exact = total / (1000 * Decimal(servings))
    return Cost(money(exact), sorted(missing), latest, exact)


def dish_facts(session: Session, dish: Dish, band: str, standard: Standard,
               school_id: int | None, as_of: date) -> dict:
    """Nutrients and cost per serving of a dish for one age band."""
    table = nutrition.food_table(session)
    grams = dish_grams(dish, band)
    codes = {f.id: f for f in nutrition.foods_by_id(session, [fid for fid, _g in grams])}
    items = [(codes[fid].code, float(g)) for fid, g in grams]
    result = analyze_meal(table, items, standard, [(band, "M", 1), (band, "F", 1)], "day")
    prices = procurement.recent_prices(session, school_id, [fid for fid, _g in grams], as_of)
    combined: dict[int, Decimal] = {}
    for fid, g in grams:
        combined[fid] = combined.get(fid, Decimal(0)) + g
    return {"band": band, "ingredients": [(codes[fid], g, prices.get(fid)) for fid, g in grams],
            "nutrients": result.to_dict(standard)["nutrients"],
            "cost": cost_of(combined, prices, {f: codes[f].name for f in codes})}
