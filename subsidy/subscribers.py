"""What the subsidy plugin does when other plugins announce a change (their signals): a
submitted or closed month refuses every canteen record dated in it and every change of the
stock dated in it or before it, with a message saying so; every school day whose stock, meal
counts or supplied servings change is worked out again for the ledger (`day_costs`)."""
from __future__ import annotations

from canteen import signals as canteen_signals
from procurement import signals as procurement_signals

from . import day_costs
from .closing import ClosingError, meal_refusal, refusal, stock_refusal


# canteen records that change money: dated before a closed month, they change its figures
MEAL_RECORDS = ("counts", "issues", "supplied")


def refuse_closed_month(session, *, school_id=None, day=None, record=None, **_payload) -> None:
    """The subscriber of canteen's `record_saving`: raise when the month of `day` is submitted
    or closed at this school, or for counts, issues and servings, a later month is (nothing
    is saved; the user reads the message)."""
    message = meal_refusal(session, school_id, day) if record in MEAL_RECORDS else \
        refusal(session, school_id, day)
    if message:
        raise ClosingError({"": message})


def refuse_stock_before_closed_month(session, *, school_id=None, day=None, **_payload) -> None:
    """The subscriber of procurement's `record_saving`: a stock change dated in, or before, a
    submitted or closed month is refused (it would re-value that month's issues)."""
    message = stock_refusal(session, school_id, day)
    if message:
        raise ClosingError({"": message})


def connect() -> None:
    """Connect every subscriber once (init_app may run for several apps in one process):
    blinker keeps one connection per receiver, and a module-level function is never
    collected."""
    canteen_signals.record_saving.connect(refuse_closed_month)
    procurement_signals.record_saving.connect(refuse_stock_before_closed_month)
    day_costs.connect()
