"""What is left to review: each food's review state, the foods never reviewed by group (the
flagged ones and those published menus use first), and one food's sheet for its page."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .foods import FOOD_GROUPS
from suite.db import among
from suite.models import User

from .models import FoodRow
from .review import book_cell, food_history, review_columns, value_text
from .review_models import FoodReview
from .signals import food_usage

__all__ = ["food_sheet", "foods_in_menus", "review_queue", "review_states", "review_summaries"]


def review_states(session: Session, food_ids=None) -> dict[int, str]:
    """Food id -> "confirmed" or "corrected" (its latest review); foods never reviewed are
    absent ("unreviewed")."""
    latest = select(func.max(FoodReview.id)).group_by(FoodReview.food_id)
    if food_ids is not None:
        latest = latest.where(FoodReview.food_id.in_(list(food_ids)))
    rows = session.execute(select(FoodReview.food_id, FoodReview.action)
                           .where(FoodReview.id.in_(latest)))
    return {food_id: ("confirmed" if action == "confirm" else "corrected")
            for food_id, action in rows}


def review_summaries(session: Session, food_ids) -> dict[int, dict]:
    """Food id -> its review state in one statement for a page of foods: {"state":
    "unreviewed" | "confirmed" | "corrected", and from the latest record "by" (the reviewer's
    name), "at" (datetime), "page", "column" (the corrected column, None for a confirmation),
    "note"} (None for those of a food never reviewed)."""
    ids = list(set(food_ids))
    out = {i: {"state": "unreviewed", "by": None, "at": None, "page": None, "column": None,
               "note": None} for i in ids}
    if not ids:
        return out
    latest = (select(func.max(FoodReview.id)).where(among(FoodReview.food_id, ids))
              .group_by(FoodReview.food_id))
    rows = session.execute(select(FoodReview, User.display_name, User.username)
                           .outerjoin(User, User.id == FoodReview.user_id)
                           .where(FoodReview.id.in_(latest)))
    for review, display_name, username in rows:
        out[review.food_id] = {
            "state": "confirmed" if review.action == "confirm" else "corrected",
            "by": display_name or username, "at": review.at, "page": review.page,
            "column": review.column, "note": review.note}
    return out


def foods_in_menus(session: Session) -> set[int]:
    """Ids of the foods the dishes of published menus use, as the subscribers answer."""
    used: set[int] = set()
    for _receiver, answer in food_usage.send(session):
        used.update(answer or ())
    return used


def review_queue(session: Session) -> list[dict]:
    """The active foods never reviewed, by food group (FOOD_GROUPS order, empty groups left
    out): [{"group", "count", "flagged", "in_menus", "foods": [{"id", "code", "name",
    "flags", "in_menus"}]}], in each group the flagged and used foods first, then by code.
    `flags` is the food's `check_flags` (when the model has them) as a list."""
    reviewed = select(FoodReview.food_id).distinct()
    columns = [FoodRow.id, FoodRow.code, FoodRow.name, FoodRow.food_group]
    flags = getattr(FoodRow, "check_flags", None)
    stmt = (select(*columns, *([flags] if flags is not None else []))
            .where(FoodRow.active.is_(True), FoodRow.id.not_in(reviewed)))
    hidden = getattr(FoodRow, "hidden", None)
    used = foods_in_menus(session)
    groups: dict[str, list[dict]] = {}
    for food_id, code, name, group, *rest in session.execute(stmt):
        listed = _flag_list(rest[0] if rest else None)
        food = {"id": food_id, "code": code, "name": name, "flags": listed,
                "in_menus": food_id in used}
        groups.setdefault(group, []).append(food)
    if hidden is not None:  # hidden foods (infant foods) only when flagged or used
        shown = set(session.scalars(select(FoodRow.id).where(hidden.is_(True))))
        for group, foods in groups.items():
            groups[group] = [f for f in foods if f["id"] not in shown or f["flags"]
                             or f["in_menus"]]
    order = {g: i for i, g in enumerate(FOOD_GROUPS)}
    result = []
    for group in sorted(groups, key=lambda g: order.get(g, len(order))):
        foods = sorted(groups[group], key=lambda f: (not (f["flags"] or f["in_menus"]),
                                                     f["code"]))
        if foods:
            result.append({"group": group, "count": len(foods),
                           "flagged": sum(1 for f in foods if f["flags"]),
                           "in_menus": sum(1 for f in foods if f["in_menus"]), "foods": foods})
    return result


def _flag_list(value) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        return [f.strip() for f in value.replace("|", ",").replace(";", ",").split(",")
                if f.strip()]
    return [str(f) for f in value]


def food_sheet(session: Session, row: FoodRow) -> dict:
    """One food's review for its page: {"state": "unreviewed" | "confirmed" | "corrected",
    "history": food_history(...), "has_book": the row keeps the book's transcription,
    "columns": [{"column", "book" (verbatim cell or None), "value" (as printed now),
    "correction" (its latest correction record or None)}]}."""
    history = food_history(session, row.id)
    latest: dict[str, dict] = {}
    for record in history:  # newest first
        if record["action"] == "correct":
            latest.setdefault(record["column"], record)
    columns = [{"column": c, "book": book_cell(row, c), "value": value_text(row, c),
                "correction": latest.get(c)} for c in review_columns()]
    state = "unreviewed"
    if history:
        state = "confirmed" if history[0]["action"] == "confirm" else "corrected"
    return {"state": state, "history": history, "columns": columns,
            "has_book": isinstance(getattr(row, "book_cells", None), dict)}
