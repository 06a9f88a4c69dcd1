"""The stock ledger: balances at any date, issues at moving weighted average cost,
stocktakes, and the monthly receipts-issues-balance ledger of a school."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from nutrition.models import FoodRow
from suite.money import money
from suite.vocabulary import MEALS

from . import signals
from .errors import ProcurementError
from .models import StockMove, Stocktake, StocktakeLine
from .moves import (LEDGER_ORDER, available, closed_by_stocktake, cost_of, ledger_from,
                    lock_balances, settle)

ZERO_G, ZERO = Decimal("0.0"), Decimal("0.00")


def balance(session: Session, school_id: int, food_id: int,
            as_of: date | None = None) -> tuple[Decimal, Decimal]:
    """(grams, value) of one food in a school's stock after every move up to `as_of`."""
    stmt = select(func.coalesce(func.sum(StockMove.grams), 0),
                  func.coalesce(func.sum(StockMove.value), 0)).where(
        StockMove.school_id == school_id, StockMove.food_id == food_id)
    if as_of is not None:
        stmt = stmt.where(StockMove.move_date <= as_of)
    grams, value = session.execute(stmt).one()
    return Decimal(grams).quantize(ZERO_G), Decimal(value).quantize(ZERO)


def on_hand(session: Session, school_id: int, as_of: date | None = None) -> list[dict]:
    """Every food with stock (or value) left at a school: one SQL aggregate over the ledger
    (index school, food, date), joined to the food names afterwards."""
    sums = select(StockMove.food_id, func.sum(StockMove.grams).label("grams"),
                  func.sum(StockMove.value).label("value")).where(
        StockMove.school_id == school_id)
    if as_of is not None:
        sums = sums.where(StockMove.move_date <= as_of)
    sums = sums.group_by(StockMove.food_id).subquery()
    stmt = (select(FoodRow.id, FoodRow.code, FoodRow.name, FoodRow.food_group, sums.c.grams,
                   sums.c.value)
            .join(sums, sums.c.food_id == FoodRow.id)
            .where((sums.c.grams != 0) | (sums.c.value != 0)).order_by(FoodRow.code))
    return [{"food_id": fid, "code": code, "name": name, "food_group": group,
             "grams": Decimal(g).quantize(ZERO_G), "value": Decimal(v).quantize(ZERO)}
            for fid, code, name, group, g, v in session.execute(stmt)]


def _valid_id(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**31


def _grams(value) -> Decimal | None:
    try:
        grams = Decimal(str(value)).quantize(ZERO_G, rounding=ROUND_HALF_UP)
    except Exception:  # noqa: BLE001 - any unparsable input is refused alike
        return None
    return grams if grams.is_finite() else None


def issue_stock(session: Session, *, school_id: int, day: date, meal: str, food_id: int,
                grams, user_id: int | None = None, note: str = "") -> StockMove:
    """Take food out of a school's stock for a meal (the canteen plugin calls this), at the
    moving average of the stock on that day. The balance row is locked before anything is read:
    on SQLite call this at the start of a transaction (commit what was only read before)."""
    amount = _grams(grams)
    if meal not in MEALS:
        raise ProcurementError({"meal": _("Unknown meal: %(meal)s.", meal=meal)})
    if amount is None or amount <= 0:
        raise ProcurementError({"grams": _("The quantity must be above 0 g.")})
    if not isinstance(day, date):
        raise ProcurementError({"date": _("Enter the date.")})
    locked = lock_balances(session, school_id, [food_id]) if _valid_id(food_id) else {}
    if food_id not in locked:
        raise ProcurementError({"food": _("Unknown food.")})
    signals.before_save(session, school_id, day, "issue")  # a closed month refuses here
    food = session.get(FoodRow, food_id)
    closed = closed_by_stocktake(session, school_id, food, day)
    if closed:
        raise ProcurementError({"date": closed})
    ledger = ledger_from(session, school_id, food_id, day)
    on_hand = available(session, school_id, food_id, day, "issue", ledger)
    if amount > on_hand:
        raise ProcurementError({"grams": _(
            "Only %(on_hand)s g of %(food)s is on hand on %(day)s; %(asked)s g cannot be "
            "issued.", on_hand=on_hand, food=food.name, day=day.isoformat(), asked=amount)})
    move = StockMove(school_id=school_id, food_id=food_id, move_date=day, kind="issue",
                     grams=-amount, value=ZERO, meal=meal, note=note[:200], created_by=user_id)
    session.add(move)
    settle(session, locked[food_id], day, ledger, [move])  # values it and every later issue
    signals.stock_issued.send(session, move_id=move.id, school_id=school_id, day=day, meal=meal,
                              food_code=food.code, grams=amount, value=-move.value)
    return move


def take_stock(session: Session, *, school_id: int, day: date, counted: dict[int, object],
               counted_by: str, note: str = "", user_id: int | None = None,
               today: date | None = None) -> Stocktake:
    """Record counted grams per food; each variance becomes an adjustment valued at the
    average cost on hand (a surplus of a food with no stock left is valued at 0)."""
    errors = {}
    if not (counted_by or "").strip():
        errors["counted_by"] = _("Enter who counted.")
    if today is not None and day > today:
        errors["take_date"] = _("A stocktake cannot be dated in the future.")
    known = set(session.scalars(select(FoodRow.id).where(FoodRow.id.in_(list(counted)))))
    parsed = {}
    for food_id, raw in counted.items():
        if food_id not in known:
            errors[f"counted[{food_id}]"] = _("Unknown food.")
            continue
        grams = _grams(raw)
        if grams is None or grams < 0:
            errors[f"counted[{food_id}]"] = _("Counted quantities are grams of 0 or more.")
        else:
            parsed[food_id] = grams
    if errors:
        raise ProcurementError(errors)
    locked = lock_balances(session, school_id, parsed)
    signals.before_save(session, school_id, day, "stocktake")  # a closed month refuses here
    errors = _moved_after(session, school_id, parsed, day)
    if errors:
        raise ProcurementError(errors)
    take = Stocktake(school_id=school_id, take_date=day, counted_by=counted_by.strip(),
                     note=note[:200], created_by=user_id)
    session.add(take)
    session.flush()
    for food_id, grams in parsed.items():
        book_g, book_v = balance(session, school_id, food_id, as_of=day)
        variance = grams - book_g
        if variance < 0:
            value = -cost_of(-variance, book_g, book_v)
        elif variance > 0 and book_g > 0:
            value = money(book_v * variance / book_g)
        else:
            value = ZERO
        session.add(StocktakeLine(stocktake_id=take.id, food_id=food_id, book_grams=book_g,
                                  counted_grams=grams, variance_grams=variance,
                                  variance_value=value))
        if variance:
            session.add(StockMove(school_id=school_id, food_id=food_id, move_date=day,
                                  kind="adjust", grams=variance, value=value,
                                  stocktake_id=take.id, created_by=user_id))
        settle(session, locked[food_id], day)
    return take


def _moved_after(session: Session, school_id: int, food_ids, day: date) -> dict:
    """A count must be the last word on a food: refused when it moved after the day counted."""
    rows = session.execute(select(FoodRow.id, FoodRow.name, func.max(StockMove.move_date))
                           .join(StockMove, StockMove.food_id == FoodRow.id)
                           .where(StockMove.school_id == school_id, FoodRow.id.in_(list(food_ids)),
                                  StockMove.move_date > day)
                           .group_by(FoodRow.id, FoodRow.name)).all()
    return {f"counted[{fid}]": _("%(food)s moved on %(later)s, after the day counted: date the "
                                 "stocktake on or after that day.", food=name,
                                 later=later.isoformat()) for fid, name, later in rows}


@dataclass
class LedgerRow:
    day: date
    food: str
    kind: str
    in_grams: Decimal = ZERO_G
    in_value: Decimal = ZERO
    out_grams: Decimal = ZERO_G
    out_value: Decimal = ZERO
    balance_grams: Decimal = ZERO_G
    balance_value: Decimal = ZERO
    note: str = ""


@dataclass
class MonthLedger:
    school_id: int
    first: date
    last: date
    rows: list[LedgerRow] = field(default_factory=list)
    opening: dict[str, tuple] = field(default_factory=dict)  # food -> (grams, value)
    closing: dict[str, tuple] = field(default_factory=dict)
    receipts: Decimal = ZERO      # net of void reversals
    issues: Decimal = ZERO
    adjustments: Decimal = ZERO

    @property
    def in_total(self) -> Decimal:
        return sum((r.in_value for r in self.rows), ZERO)

    @property
    def out_total(self) -> Decimal:
        return sum((r.out_value for r in self.rows), ZERO)


def month_bounds(year: int, month: int) -> tuple[date, date]:
    first = date(year, month, 1)
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return first, nxt - timedelta(days=1)


def month_ledger(session: Session, school_id: int, year: int, month: int) -> MonthLedger:
    """出入库台账: opening balance, every move of the month in date order with the running
    balance per food, and the closing balance. Totals equal the sums of the rows."""
    first, last = month_bounds(year, month)
    ledger = MonthLedger(school_id, first, last)
    opening = select(StockMove.food_id, func.sum(StockMove.grams), func.sum(StockMove.value)) \
        .where(StockMove.school_id == school_id, StockMove.move_date < first) \
        .group_by(StockMove.food_id)
    running = {fid: [Decimal(g).quantize(ZERO_G), Decimal(v).quantize(ZERO)]
               for fid, g, v in session.execute(opening)}
    names = dict(session.execute(select(FoodRow.id, FoodRow.name)).all())
    ledger.opening = {names[f]: tuple(b) for f, b in running.items() if any(b)}
    moves = session.scalars(select(StockMove).where(
        StockMove.school_id == school_id, StockMove.move_date.between(first, last))
        .order_by(*LEDGER_ORDER))
    for move in moves:
        bal = running.setdefault(move.food_id, [ZERO_G, ZERO])
        bal[0] += move.grams
        bal[1] += move.value
        row = LedgerRow(move.move_date, names[move.food_id], move.kind, balance_grams=bal[0],
                        balance_value=bal[1], note=move.meal or move.note or "")
        # a void reversal is a negative receipt; stocktake gains come in, losses go out
        if move.kind in ("receipt", "void") or (move.kind == "adjust" and move.grams >= 0):
            row.in_grams, row.in_value = move.grams, move.value
        else:
            row.out_grams, row.out_value = -move.grams, -move.value
        total = {"receipt": "receipts", "void": "receipts", "issue": "issues"}.get(
            move.kind, "adjustments")
        setattr(ledger, total, getattr(ledger, total) + (
            -move.value if total == "issues" else move.value))
        ledger.rows.append(row)
    ledger.closing = {names[f]: tuple(b) for f, b in running.items() if any(b)}
    return ledger


def monthly_totals(session: Session, school_id: int, year: int, month: int) -> dict:
    """Receipts, issues and adjustments of a month in CNY, aggregated in SQL."""
    first, last = month_bounds(year, month)
    kinds = dict(session.execute(
        select(StockMove.kind, func.sum(StockMove.value)).where(
            StockMove.school_id == school_id, StockMove.move_date.between(first, last))
        .group_by(StockMove.kind)).all())
    d = {k: Decimal(v or 0).quantize(ZERO) for k, v in kinds.items()}
    return {"receipts": d.get("receipt", ZERO) + d.get("void", ZERO),
            "issues": -d.get("issue", ZERO), "adjustments": d.get("adjust", ZERO)}

