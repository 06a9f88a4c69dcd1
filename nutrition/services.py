"""Nutrition services: the food table in the database, search, edits, standards, analysis.
Plain functions over a session. This is nutrition's public face: menus and procurement import
nutrition only as `nutrition.services` (what `__all__` lists) and `nutrition.models`."""
from __future__ import annotations

import dataclasses
import threading

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from suite.cells import CellError
from suite.audit import current_actor
from suite.collation import pinyin_order
from suite.db import among
from suite.errors import ServiceError
from suite.models import AuditEntry, County

from . import analysis, retired, search
from .analysis import analyze_meal, analyze_week, normalize_eaters
from .book import doubtful_columns
from .book_sync import sync_rows
from .engine import BROAD_GROUPS, NOT_COUNTED_AS_FOODS, AnalysisError, FoodTable
from .food_rows import food_from_row, parse_nutrient
from .foods import FOOD_GROUPS, KJ_PER_KCAL, NUTRIENTS, Food, N_, energy_check
from .labels import (CHECK_LABELS, GROUP_LABELS, MEAL_LABELS, NUTRIENT_LABELS, SOURCE_LABELS,
                     STATUS_LABELS, chart_bars, nutrient_label, template_labels)
from .models import FoodRow, StandardRow
from .replacement_models import FoodReplacement
from .rules import GROUP_INDEX, NUTRIENT_INDEX, Rules, linear_rules, served_meals
from .search import pinyin_keys
from .review import (ReviewError, apply_corrections, confirm_food, correct_value, food_history,
                     review_columns)
from .review_queue import food_sheet, review_queue, review_states, review_summaries
from .standard import N_, Problem, Standard, StandardError, builtin_standards

__all__ = [
    # the food table
    "FOOD_GROUPS", "NUTRIENTS", "FoodError", "check_food", "food_table",
    "food_table_by_id", "foods_by_id", "get_food", "replacement_of", "replaced_estimates",
    "resolve_food", "save_food", "search_foods", "search_matches",
    "sync_builtin_foods", "to_food", "pinyin_keys", "pinyin_order",
    # the nutritionist's review against the book
    "ReviewError", "apply_corrections", "confirm_food", "correct_value", "food_history",
    "food_sheet", "review_columns", "review_queue", "review_states", "review_summaries",
    # standards
    "DEFAULT_STANDARD", "Standard", "StandardError", "choose_standard", "county_standard",
    "get_standard", "load_standard", "standards",
    # analysis
    "AnalysisError", "analyze", "analyze_meal", "analyze_week", "normalize_eaters",
    # the analysis's verdicts as linear bounds, for menu solvers
    "BROAD_GROUPS", "GROUP_INDEX", "NOT_COUNTED_AS_FOODS", "NUTRIENT_INDEX", "Rules",
    "linear_rules", "served_meals",
    # display names and chart data for other plugins' pages
    "CHECK_LABELS", "GROUP_LABELS", "MEAL_LABELS", "NUTRIENT_LABELS", "SOURCE_LABELS",
    "STATUS_LABELS", "chart_bars", "nutrient_label", "template_labels",
]

DEFAULT_STANDARD = "WS/T 554-2017"
_cache_lock = threading.Lock()
_table_cache: dict[str, tuple[tuple, tuple[FoodTable, dict]]] = {}


class FoodError(ServiceError):
    """Refused food data: `errors` maps a column to (reason template, params)."""


def to_food(row: FoodRow) -> Food:
    """The engine's Food of a row. On a food as the book file has it (certainty "book"), a flag
    or a "?" or footnote mark makes a value doubtful, and an unknown edible fraction (counted
    as 1.0: the food as bought) every value; hand-read and locally entered values are not."""
    return Food(code=row.code, name=row.name, food_group=row.food_group,
                edible_fraction=1.0 if row.edible_fraction is None else row.edible_fraction,
                nutrients={n: getattr(row, n) for n in NUTRIENTS}, aliases=tuple(row.alias_list),
                dark_vegetable=row.dark_vegetable, liver=row.liver,
                trace=frozenset(row.trace_set), source=row.source, certainty=row.certainty,
                notes=row.notes,
                doubtful=doubtful_columns(row.flag_list, row.marks, NUTRIENTS)
                if row.certainty == "book" else frozenset())


def apply_food(row: FoodRow, food: Food) -> None:
    """Copy a food's values onto its database row."""
    row.code, row.name, row.food_group = food.code, food.name, food.food_group
    row.aliases = "|".join(food.aliases)
    row.dark_vegetable, row.liver = food.dark_vegetable, food.liver
    row.edible_fraction = food.edible_fraction
    kcal = food.nutrients["energy_kcal"]
    if row.book_cells is None or kcal != row.energy_kcal or row.energy_kj is None:
        row.energy_kj = None if kcal is None else round(kcal * KJ_PER_KCAL, 1)
    for n in NUTRIENTS:
        setattr(row, n, food.nutrients[n])
    row.trace = ",".join(sorted(food.trace))
    row.source, row.certainty, row.notes = food.source, food.certainty, food.notes


def check_food(food: Food) -> dict[str, tuple[str, dict]]:
    """Plausibility problems of one food by column (empty: plausible)."""
    problems = {}
    reason = None if food.nutrients["energy_kcal"] is None else energy_check(food)
    if reason:
        problems["energy_kcal"] = reason
    return problems


def sync_builtin_foods(session: Session) -> int:
    """Add the built-in foods that are missing (the book's 1,851 and the other built-in rows)
    in bulk, with one summary audit entry; edited rows are left alone. Returns how many rows
    were added (0 and no writes when nothing is missing)."""
    counts = sync_rows(session, FoodRow.__table__)
    if any(counts.values()):  # a nutritionist's corrections stay on top of the book's values
        apply_corrections(session)
        user_id, actor = current_actor()
        session.add(AuditEntry(user_id=user_id, actor=actor, action="create",
                               record_type=FoodRow.__tablename__, record_id="builtin",
                               new_values=counts, note="built-in foods loaded"))
    session.flush()
    return counts["book_added"] + counts["builtin_added"]


def search_foods(session: Session, q: str = "", group: str | None = None, limit: int = 50,
                 offset: int = 0, include_hidden: bool = False) -> tuple[list[FoodRow], int]:
    """A page of active foods and how many match: all by code, or those matching `q` by name,
    alias, code, pinyin or initials, best first (see nutrition.search). The foods hidden by
    default (infant foods) only when asked: the food list and the export ask, pickers not."""
    q = (q or "").strip()
    if not q:
        stmt = select(FoodRow).where(FoodRow.active.is_(True))
        if group:
            stmt = stmt.where(FoodRow.food_group == group)
        if not include_hidden:
            stmt = stmt.where(FoodRow.hidden.is_(False))
        total = session.scalar(select(func.count()).select_from(stmt.subquery()))
        rows = session.scalars(stmt.order_by(FoodRow.code).offset(offset).limit(limit)).all()
        return rows, total
    ids = search.matching_ids(session, q, include_hidden)
    if group and ids:
        keep = set(session.scalars(select(FoodRow.id).where(among(FoodRow.id, ids),
                                                             FoodRow.food_group == group)))
        ids = [i for i in ids if i in keep]
    page = ids[offset:offset + limit]
    rows = {r.id: r for r in session.scalars(select(FoodRow).where(FoodRow.id.in_(page)))} \
        if page else {}
    return [rows[i] for i in page if i in rows], len(ids)


def search_matches(session: Session, q: str, limit: int = 20,
                   include_hidden: bool = False) -> list[search.Match]:
    """Foods matching what a person wrote, best first, each with the name, alias or code that
    matched (`Match.text`, `.via`, `.by`, `.rank_name`): for pickers and suggestions."""
    return search.search_matches(session, q, limit, include_hidden)


def get_food(session: Session, code: str) -> FoodRow | None:
    return session.scalar(select(FoodRow).where(FoodRow.code == code))


def replacement_of(session: Session, code: str) -> dict | None:
    """The retirement of the estimate `code` (old_code, old_name, new_code, new_name, at,
    counts): its record where migration 0016 retired it on this database, else the shipped
    list's line (a database built later never held the estimate; at None, counts {}). None
    when `code` is not a retired estimate."""
    new_code = retired.replaced_by(code)
    if new_code is None:
        return None
    record = session.scalar(select(FoodReplacement).where(FoodReplacement.old_code == code))
    if record is not None:
        return {"old_code": code, "old_name": record.old_name, "new_code": record.new_code,
                "new_name": record.new_name, "at": record.at, "counts": record.counts}
    return {"old_code": code, "old_name": retired.name_of(code), "new_code": new_code,
            "new_name": retired.name_of(new_code), "at": None, "counts": {}}


replaced_estimates = retired.replaced_estimates


def energy_inputs(food: Food) -> tuple:
    return tuple(food.nutrients[n] for n in ("energy_kcal", "protein_g", "fat_g",
                                             "carbohydrate_g", "fibre_g"))


def _numbers(food: Food) -> tuple:
    return (food.edible_fraction, tuple(food.nutrients[n] for n in NUTRIENTS), food.trace)


def save_food(session: Session, values: dict, row: FoodRow | None = None) -> FoodRow:
    """Create or edit a food from column values; FoodError on bad or implausible data.
    A food whose numbers are changed here becomes local data ("user"), whatever it was."""
    values = dict(values)
    values["certainty"] = "user"
    if row is not None:
        values["certainty"] = row.certainty
    book = row is not None and row.book_cells is not None
    unreadable = {}  # every number that cannot be read, at once, not the first alone
    for column in ("edible_fraction", *NUTRIENTS):
        try:
            parse_nutrient(values.get(column), column)
        except CellError as exc:
            unreadable[exc.column] = (exc.reason, exc.params)
    if unreadable:
        raise FoodError(unreadable)
    try:
        food = food_from_row(values, book=book)
    except CellError as exc:
        raise FoodError({exc.column: (exc.reason, exc.params)}) from exc
    # the plausibility check refuses new numbers; a book food's own numbers it only reports
    # (on the food page): the book prints what it prints
    kept = book and energy_inputs(food) == energy_inputs(to_food(row))
    problems = {} if kept else check_food(food)
    for field in ("code", "name"):
        clash = session.scalar(select(FoodRow).where(getattr(FoodRow, field) ==
                                                     getattr(food, field)))
        if clash is not None and clash is not row:
            problems[field] = (N_("%(value)s is already used by food %(code)s"),
                               {"value": getattr(food, field), "code": clash.code})
    if problems:
        raise FoodError(problems)
    if row is not None and _numbers(food) != _numbers(to_food(row)):
        food = dataclasses.replace(food, certainty="user")
    if row is None:
        row = FoodRow(builtin=False)
        session.add(row)
    apply_food(row, food)
    session.flush()
    return row


def food_table(session: Session) -> FoodTable:
    """The foods as an engine table, rebuilt only when the food rows change."""
    return food_table_by_id(session)[0]


def food_table_by_id(session: Session) -> tuple[FoodTable, dict[int, Food]]:
    """The engine table and each of its foods by row id (a page that has ids needs no query
    for their codes and names), from one per-process cache checked against the rows."""
    key, version = search.rows_version(session)
    with _cache_lock:
        cached = _table_cache.get(key)
        if cached and cached[0] == version:
            return cached[1]
    rows = session.scalars(select(FoodRow).order_by(FoodRow.code)).all()
    by_id = {r.id: to_food(r) for r in rows}
    table = FoodTable(by_id.values())
    with _cache_lock:
        _table_cache[key] = (version, (table, by_id))
    return table, by_id


def standards(session: Session) -> dict[str, Standard]:
    """Built-in standards and those loaded from files, by code."""
    out = builtin_standards()
    for row in session.scalars(select(StandardRow).order_by(StandardRow.code)):
        out.setdefault(row.code, Standard(row.data))
    return out


def get_standard(session: Session, code: str | None) -> Standard | None:
    code = code or DEFAULT_STANDARD
    # a built-in code cannot be loaded over (load_standard), so it needs no query
    return builtin_standards().get(code) or standards(session).get(code)


def county_standard(session: Session, county_id: int | None = None) -> Standard:
    code = None
    if county_id is not None:
        code = session.scalar(select(County.nutrition_standard).where(County.id == county_id))
    return get_standard(session, code) or get_standard(session, DEFAULT_STANDARD)


def load_standard(session: Session, data: dict) -> StandardRow:
    """Validate and store a standard document; StandardError lists every problem."""
    Standard.from_dict(data)
    if data["code"] in builtin_standards():
        raise StandardError([Problem(N_("%(code)s is built in and cannot be replaced"),
                                     code=data["code"])])
    row = session.scalar(select(StandardRow).where(StandardRow.code == data["code"]))
    if row is None:
        row = StandardRow(code=data["code"])
        session.add(row)
    row.name, row.data = data["name"], data
    session.flush()
    return row


def choose_standard(session: Session, county_id: int, code: str) -> None:
    if code not in standards(session):
        raise StandardError([f"unknown standard {code}"])
    county = session.get(County, county_id)
    county.nutrition_standard = code
    session.flush()


def analyze(session: Session, standard: Standard, meal: str, eaters, items) -> dict:
    """One meal (or a whole day's items as meal='day') as a JSON-ready dict."""
    table = food_table(session)
    return analysis.analyze_meal(table, items, standard, eaters, meal).to_dict(standard)


def resolve_food(session: Session, text: str) -> tuple[FoodRow | None, list[FoodRow]]:
    """An active food named by code, name or alias: (the food, []) or (None, candidates).
    Exact code or name first (a retired estimate, inactive, gives way to its book food); then
    a shipped alias (data/aliases.csv) names its default food; then an alias in one food's
    own list. Otherwise the search's best candidates."""
    text = (text or "").strip()
    if not text:
        return None, []
    code = retired.replaced_by(text) or text  # a retired estimate's code names its book food
    exact = session.scalar(select(FoodRow).where(or_(FoodRow.code == code, FoodRow.name == text),
                                                 FoodRow.active.is_(True)))
    if exact is not None:
        return exact, []
    default = search.alias_food(session, text)
    if default is not None:
        return default, []
    matches = search.search_matches(session, text, limit=8)
    by_alias = [m.food for m in matches if m.via == "alias" and text in m.food.alias_list]
    if len(by_alias) == 1:
        return by_alias[0], []
    return None, by_alias or [m.food for m in matches]


def foods_by_id(session: Session, ids) -> list[FoodRow]:
    ids = list(set(ids))
    return session.scalars(select(FoodRow).where(FoodRow.id.in_(ids))).all() if ids else []
