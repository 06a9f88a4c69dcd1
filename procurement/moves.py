"""Writing the stock ledger safely.

Every change to the stock of a food at a school first locks that school's and food's balance
row, so two requests never both spend the same grams. A move takes its place in ledger order
(date; within a day receipts, void reversals, issues, stocktake adjustments; then entry order),
may take out only what the ledger holds from that place on, and every issue after it is
valued again at the moving average in that order: the ledger, balances and month totals are
the same whichever order the moves were entered in. A stocktake closes the ledger of a food up
to its date: nothing may be dated on or before it."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import case, func, literal, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from nutrition.models import FoodRow
from suite.memo import forget
from suite.money import money

from .models import StockBalance, StockMove, Stocktake, StocktakeLine

ZERO_G, ZERO = Decimal("0.0"), Decimal("0.00")
KIND_ORDER = {"receipt": 0, "void": 1, "issue": 2, "adjust": 3}
LEDGER_ORDER = (StockMove.move_date, case(KIND_ORDER, value=StockMove.kind), StockMove.id)
_INSERT = {"postgresql": pg_insert, "sqlite": sqlite_insert}


def cost_of(grams: Decimal, on_hand_grams: Decimal, on_hand_value: Decimal) -> Decimal:
    """Moving weighted average: the share of the value on hand, rounded half up to the fen;
    all of it for the last gram."""
    if grams >= on_hand_grams:
        return on_hand_value
    return money(on_hand_value * grams / on_hand_grams)


def lock_balances(session: Session, school_id: int, food_ids) -> dict[int, StockBalance]:
    """Lock the balance rows of these foods at a school (made when missing), in food order so
    two requests never wait for each other. Unknown foods are left out of the answer.

    The first statement is a write: on SQLite that takes the database's write lock, on
    PostgreSQL the SELECT … FOR UPDATE that follows takes the row lock."""
    insert = _INSERT[session.get_bind().dialect.name]
    rows = {}
    for food_id in sorted(set(food_ids)):
        session.execute(insert(StockBalance).from_select(
            ["school_id", "food_id", "grams", "value"],
            select(literal(school_id), FoodRow.id, literal(ZERO_G), literal(ZERO))
            .where(FoodRow.id == food_id)).on_conflict_do_nothing())
        row = session.scalars(select(StockBalance).where(
            StockBalance.school_id == school_id, StockBalance.food_id == food_id)
            .with_for_update().execution_options(populate_existing=True)).one_or_none()
        if row is not None:
            rows[food_id] = row
    forget(session)  # a check read before waiting for the lock (a month closed?) asks again
    return rows


def counted_until(session: Session, school_id: int, food_id: int) -> date | None:
    """The date of the last stocktake that counted this food at this school."""
    return session.scalar(select(func.max(Stocktake.take_date)).join(
        StocktakeLine, StocktakeLine.stocktake_id == Stocktake.id).where(
        Stocktake.school_id == school_id, StocktakeLine.food_id == food_id))


def closed_by_stocktake(session: Session, school_id: int, food: FoodRow, day: date) -> str | None:
    """Why a move of `food` dated `day` is refused, when a stocktake already closed that day."""
    counted = counted_until(session, school_id, food.id)
    if counted is not None and day <= counted:
        return _("%(food)s was counted in the stocktake of %(counted)s: stock moves cannot be "
                 "dated on or before that day.", food=food.name, counted=counted.isoformat())
    return None


def ledger_from(session: Session, school_id: int, food_id: int, day: date) -> tuple:
    """(grams, value) before `day` and the moves from `day` on, in ledger order: what
    `available` and `settle` work from (read once when one change uses both)."""
    grams, value = session.execute(select(
        func.coalesce(func.sum(StockMove.grams), 0), func.coalesce(func.sum(StockMove.value), 0))
        .where(StockMove.school_id == school_id, StockMove.food_id == food_id,
               StockMove.move_date < day)).one()
    moves = session.scalars(select(StockMove).where(
        StockMove.school_id == school_id, StockMove.food_id == food_id,
        StockMove.move_date >= day).order_by(*LEDGER_ORDER)).all()
    return Decimal(grams), Decimal(value), moves


def available(session: Session, school_id: int, food_id: int, day: date, kind: str,
              ledger: tuple | None = None) -> Decimal:
    """The most a new move of `kind` dated `day` may take out: the lowest balance of the
    ledger from that move's place on (later issues must stay covered). `ledger`: what
    `ledger_from` gave for this food and day, when the caller has read it."""
    grams, _value, moves = ledger or ledger_from(session, school_id, food_id, day)
    place, low = (day, KIND_ORDER[kind]), None
    for move in moves:
        if low is None and (move.move_date, KIND_ORDER[move.kind]) > place:
            low = grams
        grams += move.grams
        if low is not None:
            low = min(low, grams)
    return (grams if low is None else low).quantize(ZERO_G)


def settle(session: Session, balance: StockBalance, day: date, ledger: tuple | None = None,
           added=()) -> None:
    """After moves dated `day` were added: value every issue from `day` on again, in ledger
    order, and bring the balance row to the sum of the moves. `ledger`: what `ledger_from`
    gave for this food and day before the moves `added` were made (the balance row was
    locked before it was read, so nothing else changed it)."""
    if ledger is None:
        session.flush()
        grams, value, moves = ledger_from(session, balance.school_id, balance.food_id, day)
    else:  # the moves added are not flushed yet: they come after the known ones of their kind
        grams, value, known = ledger
        moves = sorted([*known, *added], key=lambda m: (
            m.move_date, KIND_ORDER[m.kind], m.id if m.id is not None else float("inf")))
    for move in moves:
        if move.kind == "issue":
            cost = -cost_of(-move.grams, grams, value)
            if move.value != cost:
                move.value = cost
        grams += move.grams
        value += move.value
    balance.grams, balance.value = grams.quantize(ZERO_G), value.quantize(ZERO)
    session.flush()
