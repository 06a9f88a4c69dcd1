"""Signals of the nutrition plugin. nutrition requires no other plugin, so it asks: the
plugins that use foods answer (the sender is the SQLAlchemy session)."""
from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

food_usage = _signals.signal("nutrition.food-usage", doc="""Which foods do published menus use?

Sent by `nutrition.review.review_queue` with the session as sender and no payload; each
subscriber returns an iterable of food ids (`nutrition_food.id`) used by the dishes of
published menus. The menus plugin answers.
""")
