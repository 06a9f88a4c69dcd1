"""A nutritionist's review of the food table against the printed book: confirm a food, correct
one value (kept on top of the book file: `apply_corrections` after every reload), the foods
still to review and each food's history. Plain functions over a session, no Flask."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Float, func, select
from sqlalchemy.orm import Session

from suite.cells import N_, CellError, cell_number
from suite.errors import ServiceError
from suite.models import User

from .models import FoodRow
from .review_models import FoodReview

__all__ = ["NOT_MEASURED", "ReviewError", "TRACE_TEXT", "apply_corrections", "confirm_food",
           "book_cell", "correct_value", "food_history", "review_columns",
           "value_text"]

NOT_MEASURED, TRACE_TEXT = "—", "Tr"
_DASHES = {"—", "——", "-", "－", "–"}
EDIBLE = "edible_fraction"
# the book file's header for a column where the model names it otherwise
_BOOK_NAMES = {EDIBLE: "edible_pct", "carbohydrate_g": "cho_g"}
# kJ follows kcal while the model keeps no book transcription; with one, kJ is the book's own
DERIVED = set() if hasattr(FoodRow, "book_cells") else {"energy_kj"}
NOTE_MAX = 500


class ReviewError(ServiceError):
    """Refused review: nothing was recorded or changed."""


def review_columns() -> list[str]:
    """The columns a correction may set: the edible portion and every nutrient (every number
    column of the food), read from the model so that columns added later count too."""
    return [c.key for c in FoodRow.__table__.columns
            if isinstance(c.type, Float) and c.key not in DERIVED]


def _text(number: float | None, trace: bool = False, edible: bool = False) -> str:
    if trace:
        return TRACE_TEXT
    if number is None:
        return NOT_MEASURED
    return f"{number * 100:g}" if edible else f"{number:g}"


def book_cell(row: FoodRow, column: str) -> str | None:
    """The book file's verbatim cell of a column, when the row keeps the transcription."""
    cells = getattr(row, "book_cells", None)
    if isinstance(cells, dict):
        for key in (column, _BOOK_NAMES.get(column)):
            if key and cells.get(key) not in (None, ""):
                return str(cells[key])
    return None


def value_text(row: FoodRow, column: str) -> str:
    """A column's value as the book prints it ("—", "Tr", a number; edible portion in %)."""
    return _text(getattr(row, column), column in row.trace_set, column == EDIBLE)


def _book_value(row: FoodRow, column: str) -> str:
    """What the book file says: its verbatim cell when the row keeps one, else the value."""
    return (book_cell(row, column) or value_text(row, column))[:40]


def _parse(column: str, text: str) -> tuple[str, float | None, bool]:
    """(normalised text, stored value, trace) of a value as the book prints it."""
    nullable = FoodRow.__table__.columns[column].nullable
    text = (text or "").strip()
    if text in _DASHES:
        if not nullable:
            raise ReviewError({"value": (N_("This value must be a number."), {})})
        return NOT_MEASURED, None, False
    if text.lower() == "tr":
        if column == EDIBLE:
            raise ReviewError({"value": (N_("This value must be a number."), {})})
        return TRACE_TEXT, 0.0, True
    try:
        number = cell_number(text, column)
    except CellError:
        number = None
    if number is None or number < 0:
        raise ReviewError({"value": (N_("Enter a number of 0 or more, — (not measured) or "
                                        "Tr (trace)."), {})})
    if column == EDIBLE:
        if not 0 < number <= 100:
            raise ReviewError({"value": (N_("The edible portion is a percentage above 0 and "
                                            "at most 100."), {})})
        return f"{number:f}", float(number / Decimal(100)), False
    return f"{number:f}", float(number), False


def _food(session: Session, food_id) -> FoodRow:
    row = session.get(FoodRow, food_id) if food_id else None
    if row is None:
        raise ReviewError({"": (N_("There is no such food."), {})})
    return row


def _checked(page, note: str | None) -> tuple[int, str]:
    errors = {}
    try:
        page = int(str(page).strip())
    except (TypeError, ValueError):
        page = 0
    if not 0 < page < 100_000:
        errors["page"] = (N_("Enter the page number of the book."), {})
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        errors["note"] = (N_("The note is at most %(n)d characters."), {"n": NOTE_MAX})
    if errors:
        raise ReviewError(errors)
    return page, note


def _marks_after(row: FoodRow, column: str, value: float | None, trace: bool) -> dict | None:
    """The food's marks once the column holds the corrected value: "—" or "Tr" as corrected,
    no mark on a number (the book's "?" or footnote belonged to the value it replaces); kJ
    that follows a corrected kcal loses its mark too."""
    marks = row.mark_map
    marks.pop(column, None)
    if column == "energy_kcal" and "energy_kj" in DERIVED:
        marks.pop("energy_kj", None)
    if value is None:
        marks[column] = NOT_MEASURED
    elif trace:
        marks[column] = TRACE_TEXT
    return marks or (None if row.marks is None else {})


def _set(row: FoodRow, column: str, value: float | None, trace: bool) -> bool:
    """Put a value on the food (trace list kept); True when something changed."""
    traces = row.trace_set
    was = (getattr(row, column), column in traces)
    marks = _marks_after(row, column, value, trace)
    if was == (value, trace) and marks == row.marks:
        return False
    row.marks = marks
    setattr(row, column, value)
    traces.discard(column)
    if trace:
        traces.add(column)
    row.trace = ",".join(sorted(traces))
    if column == "energy_kcal" and "energy_kj" in DERIVED:
        row.energy_kj = round(value * 4.184, 1)
    return True


def _record(session: Session, review: FoodReview) -> dict:
    session.add(review)
    session.flush()
    return _as_dict(review, None)


def _as_dict(review: FoodReview, user: User | None) -> dict:
    return {"id": review.id, "food_id": review.food_id, "action": review.action,
            "column": review.column, "book_value": review.book_value,
            "value": review.new_value, "page": review.page, "note": review.note,
            "user_id": review.user_id,
            "user": (user.display_name or user.username) if user is not None else None,
            "at": review.at}


def confirm_food(session: Session, food_id: int, *, page, note: str = "",
                 user_id: int | None = None) -> dict:
    """The food's row matches the book on `page`: recorded (and audited). Returns the record
    as `food_history` shows it."""
    _food(session, food_id)
    page, note = _checked(page, note)
    return _record(session, FoodReview(food_id=food_id, action="confirm", page=page,
                                       note=note, user_id=user_id))


def correct_value(session: Session, food_id: int, column: str, value_text: str, *, page,
                  note: str = "", user_id: int | None = None) -> dict:
    """Set one value of the food to what the book prints on `page` ("—" not measured, "Tr"
    trace, else a number ≥ 0; the edible portion in %), keep what the book file said, and
    record it. ReviewError (nothing changed) on an unknown food or column or a bad value."""
    row = _food(session, food_id)
    if column not in review_columns():
        raise ReviewError({"column": (N_("Choose a value of the food to correct."), {})})
    errors = {}
    try:
        text, value, trace = _parse(column, value_text)
    except ReviewError as exc:
        errors.update(exc.errors)
    try:
        page, note = _checked(page, note)
    except ReviewError as exc:
        errors.update(exc.errors)
    if errors:
        raise ReviewError(errors)
    review = FoodReview(food_id=food_id, action="correct", column=column,
                        book_value=_book_value(row, column), new_value=text, page=page,
                        note=note, user_id=user_id)
    _set(row, column, value, trace)
    return _record(session, review)


def _latest_corrections(session: Session, food_ids=None) -> list[FoodReview]:
    latest = (select(func.max(FoodReview.id)).where(FoodReview.action == "correct")
              .group_by(FoodReview.food_id, FoodReview.column))
    if food_ids is not None:
        latest = latest.where(FoodReview.food_id.in_(list(food_ids)))
    return list(session.scalars(select(FoodReview).where(FoodReview.id.in_(latest))))


def apply_corrections(session: Session, food_ids=None) -> int:
    """Put the latest correction of every (food, column) back on top of the book values, for
    the foods given (all when None): the book file's loader calls it after a reload. Returns
    how many values it changed (0 when the foods already carry their corrections)."""
    reviews = _latest_corrections(session, food_ids)
    if not reviews:
        return 0
    rows = {r.id: r for r in session.scalars(
        select(FoodRow).where(FoodRow.id.in_({r.food_id for r in reviews})))}
    columns, changed = set(review_columns()), 0
    for review in reviews:
        row = rows.get(review.food_id)
        if row is None or review.column not in columns:
            continue
        try:
            _shown, value, trace = _parse(review.column, review.new_value)
        except ReviewError:
            continue  # a column whose rules changed since: the record stays, shown as is
        changed += _set(row, review.column, value, trace)
    session.flush()
    return changed


def food_history(session: Session, food_id: int) -> list[dict]:
    """The food's review records, newest first, each with the reviewer's name."""
    rows = session.execute(select(FoodReview, User).outerjoin(User, User.id == FoodReview.user_id)
                           .where(FoodReview.food_id == food_id)
                           .order_by(FoodReview.id.desc()))
    return [_as_dict(review, user) for review, user in rows]
