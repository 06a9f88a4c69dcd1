"""What procurement tells the plugins that build on it (canteen, subsidy).

Each signal is sent by the service that made the change, after flushing it, as
`signal.send(session, **payload)`: the sender is the SQLAlchemy session, so a subscriber can
read the change and write its own rows in the same transaction (they are committed, or rolled
back, with it). A refused request raises before anything is sent. `record_saving` is the one
exception: it is sent BEFORE a change, so that a subscriber can refuse it (the subsidy
plugin's closed month). Amounts are Decimal CNY to
the fen, weights Decimal grams to one decimal, dates `datetime.date`.

Subscribe in your plugin's `init_app`:

    from procurement.signals import delivery_saved

    def on_delivery(session, **payload): ...

    delivery_saved.connect(on_delivery)
"""
from __future__ import annotations

from blinker import Namespace

from suite.errors import ServiceError

from .errors import ProcurementError

_signals = Namespace()

delivery_saved = _signals.signal("procurement.delivery-saved", doc="""\
A delivery was entered and its accepted lines received into stock.

Payload: delivery_id, school_id, supplier_id, delivered_on (date), total (Decimal, every
line), accepted_total (Decimal, the lines that passed inspection and entered stock),
line_count (int, every line).""")

delivery_voided = _signals.signal("procurement.delivery-voided", doc="""\
A delivery was voided and its accepted goods taken out of stock again.

Payload: delivery_id, school_id, delivered_on (date), reason (str), accepted_total (Decimal,
the value taken out of stock).""")

stock_issued = _signals.signal("procurement.stock-issued", doc="""\
Food was taken out of a school's stock for a meal.

Payload: move_id, school_id, day (date), meal ("breakfast", "lunch" or "dinner"),
food_code (str), grams (Decimal, above 0), value (Decimal, the cost at the moving average
when it was issued; a later back-dated receipt or void values the issue again).""")

record_saving = _signals.signal("procurement.record-saving", doc="""\
A change of a school's stock dated `day` is about to be made; raise ServiceError to refuse.

Sent before a delivery is created, a delivery voided, a line rejected, a stocktake taken or food
issued; the void, the rejection, the stocktake and the issue first take their lock (the write
lock on SQLite), so they ask right after it and before anything else is written, and the
caller's rollback undoes the lock's row. A subscriber's refusal reaches the caller as a
ProcurementError with the subscriber's messages, so nothing is saved.

Payload: school_id (int), day (date: the delivery's date for a delivery, a void or a rejected
line, the day counted, the day issued), record (str: "delivery", "void", "reject",
"stocktake", "issue").""")


meal_issue_checking = _signals.signal("procurement.meal-issue-checking", doc="""\
Food is about to be issued to a meal through procurement's own API (`POST /issues`); raise
ServiceError to refuse. The canteen plugin refuses a meal it has not counted (a future day, a
day outside the term or not served): its own issue checks that itself and sends nothing.

Payload: school_id (int), day (date), meal (str).""")


def before_api_issue(session, school_id: int, day, meal: str) -> None:
    """Ask the subscribers whether food may be issued to this meal (they raise if not)."""
    _ask(meal_issue_checking, session, school_id=school_id, day=day, meal=meal)


def before_save(session, school_id: int, day, record: str) -> None:
    """Ask the subscribers whether this change may be made (they raise when it may not)."""
    _ask(record_saving, session, school_id=school_id, day=day, record=record)


def _ask(signal, session, **payload) -> None:
    """Send a question signal; a subscriber's refusal reaches the caller as ProcurementError
    (procurement's callers answer that one)."""
    try:
        signal.send(session, **payload)
    except ProcurementError:
        raise
    except ServiceError as exc:
        raise ProcurementError(exc.errors) from exc
