"""JSON API of the nutrition plugin under /api/v1/nutrition/ (bearer tokens)."""
from __future__ import annotations

from flask import Blueprint, abort, jsonify, request
from flask_babel import gettext as _

from suite.auth import permission_required
from suite.db import get_session
from suite.guards import INT_MAX, offset_arg
from suite.jsonapi import refused
from suite.vocabulary import MEALS, SEXES

from . import book, services
from .book_labels import flag_label
from .engine import MAX_GRAMS, AnalysisError
from .foods import TRACE

api = Blueprint("nutrition_api", __name__, url_prefix="/api/v1/nutrition")


# every value column of a food, in the book's order (energy in kcal and kJ, …, manganese)
VALUE_COLUMNS = tuple(book.column_of(c) for c in book.VALUE_COLUMNS if c != "edible_pct")


def _review_json(summary: dict) -> dict:
    at = summary["at"]
    return summary | {"at": at.isoformat() if at is not None else None}


def food_json(row, review: dict) -> dict:
    """A food with every column: the values (numbers, null where the book prints "—" or has no
    readable value), its marks (column -> "—", "Tr", "?" or a footnote such as "*"), the book
    file's check flags with their labels in the request's language, and its review state."""
    marks = row.mark_map | {n: TRACE for n in row.trace_set}
    return {
        "code": row.code, "name": row.name, "aliases": row.alias_list,
        "food_group": row.food_group, "dark_vegetable": row.dark_vegetable, "liver": row.liver,
        "edible_fraction": row.edible_fraction, "energy_kj": row.energy_kj,
        "per_100g_edible": {c: getattr(row, c) for c in VALUE_COLUMNS},
        "trace": sorted(row.trace_set), "marks": dict(sorted(marks.items())),
        "check_flags": [{"code": f, "label": flag_label(f)} for f in row.flag_list],
        "hidden": row.hidden, "book_group": row.book_group, "book_subgroup": row.book_subgroup,
        "remark": row.remark, "source": row.source, "certainty": row.certainty,
        "notes": row.notes, "review": _review_json(review),
    }


def _yes(name: str) -> bool:
    return request.args.get(name, "").strip().lower() in ("1", "true", "yes")


@api.get("/foods")
@permission_required("nutrition.view")
def foods():
    """A page of foods (`q`, `group`, `limit`, `offset`); infant foods with include_hidden=1."""
    session = get_session()
    limit = min(max(request.args.get("limit", 50, type=int), 1), 500)
    rows, total = services.search_foods(session, request.args.get("q", ""),
                                        request.args.get("group") or None, limit,
                                        offset_arg(),
                                        include_hidden=_yes("include_hidden"))
    reviews = services.review_summaries(session, [r.id for r in rows])
    return jsonify({"total": total, "foods": [food_json(r, reviews[r.id]) for r in rows]})


@api.get("/foods/<code>")
@permission_required("nutrition.view")
def food(code):
    session = get_session()
    row = services.get_food(session, code) or abort(404)
    return jsonify(food_json(row, services.review_summaries(session, [row.id])[row.id]))


@api.get("/standards")
@permission_required("nutrition.view")
def standards():
    return jsonify({"standards": [s.data for s in services.standards(get_session()).values()]})


def _validate(session, body) -> tuple[dict, tuple]:
    """Every bad field of an analyze request, and the parsed (standard, meal, eaters, items)."""
    errors = {}
    if not isinstance(body, dict):
        return {"body": "must be a JSON object"}, ()
    standard = services.get_standard(session, body.get("standard")) \
        if isinstance(body.get("standard"), (str, type(None))) else None
    if standard is None:
        errors["standard"] = f"unknown standard {body.get('standard')!r}"
    meal = body.get("meal", "day")
    if meal not in MEALS + ("day",):
        errors["meal"] = "must be breakfast, lunch, dinner or day"
    eaters = body.get("eaters")
    if not isinstance(eaters, list) or not eaters:
        errors["eaters"] = "must be a non-empty list"
        eaters = []
    bands = standard.age_bands if standard else ()
    for k, e in enumerate(eaters):
        e = e if isinstance(e, dict) else {}
        if e.get("age_band") not in bands:
            errors[f"eaters[{k}].age_band"] = f"unknown age band {e.get('age_band')!r}"
        if e.get("sex") not in SEXES:
            errors[f"eaters[{k}].sex"] = "must be M or F"
        count = e.get("count", 1)
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            errors[f"eaters[{k}].count"] = "must be a whole number of 0 or more"
        elif count > INT_MAX:  # the engine's float sums overflow on counts like 10**400
            errors[f"eaters[{k}].count"] = _("A count of eaters is at most %(max)d.",
                                              max=INT_MAX)
    items = body.get("items")
    if not isinstance(items, list) or not items:
        errors["items"] = "must be a non-empty list"
        items = []
    table = services.food_table(session)
    parsed = []
    for k, item in enumerate(items):
        item = item if isinstance(item, dict) else {}
        if not isinstance(item.get("food"), str) or item.get("food") not in table.index:
            errors[f"items[{k}].food"] = f"unknown food code {item.get('food')!r}"
        grams = item.get("grams")
        if not isinstance(grams, (int, float)) or isinstance(grams, bool) \
                or not 0 < grams <= MAX_GRAMS:
            errors[f"items[{k}].grams"] = f"must be a number above 0 and at most {MAX_GRAMS:g}"
        parsed.append((item.get("food"), grams))
    return errors, (standard, meal, eaters, parsed)


@api.post("/analyze")
@permission_required("nutrition.analyze")  # the same permission as the quick analysis page
def analyze():
    session = get_session()
    errors, parsed = _validate(session, request.get_json(silent=True))
    if errors:
        return refused(errors)
    standard, meal, eaters, items = parsed
    try:
        result = services.analyze(session, standard, meal, eaters, items)
    except AnalysisError as exc:
        return refused({exc.field: exc.message})
    result["standard"] = standard.code
    return jsonify(result)
