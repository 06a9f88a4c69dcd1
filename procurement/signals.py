"""What procurement tells the plugins that build on it (canteen, subsidy).

Each signal is sent by the service that made the change, after flushing it, as
`signal.send(session, **payload)`: the sender is the SQLAlchemy session, so a subscriber can
read the change and write its own rows in the same transaction (they are committed, or rolled
back, with it). A refused request raises before anything is sent. Amounts are Decimal CNY to
the fen, weights Decimal grams to one decimal, dates `datetime.date`.

Subscribe in your plugin's `init_app`:

    from procurement.signals import delivery_saved

    def on_delivery(session, **payload): ...

    delivery_saved.connect(on_delivery)
"""
from __future__ import annotations

from blinker import Namespace

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
