"""What the canteen tells the plugins that build on it (subsidy).

`record_saving` is sent BEFORE any canteen record of a school and day is written (counts,
issues of food, supplied servings, food-safety logs), as `record_saving.send(session,
school_id=..., day=..., record=...)`. A subscriber that must stop the save (the subsidy
plugin, when the month is closed) raises `suite.errors.ServiceError` with its message; the
service lets it through, so nothing is saved and the user reads that message.

`meal_counted` is sent AFTER a meal's counts were saved (flushed, same transaction):
payload school_id, day (date), meal, students, plan_students, teachers, version (int).
"""
from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

record_saving = _signals.signal("canteen.record-saving", doc="""\
A canteen record of a school and day is about to be saved; raise ServiceError to refuse.

Payload: school_id (int), day (date), record (str: "counts", "issues", "supplied",
"sample", "accompany", "health_check", "residue", "disinfection").""")

meal_counted = _signals.signal("canteen.meal-counted", doc="""\
A meal's counts were saved (created or edited).

Payload: school_id, day (date), meal, students, plan_students, teachers, version (int).""")


def before_save(session, school_id: int, day, record: str) -> None:
    """Ask the subscribers whether this record may be saved (they raise when it may not)."""
    record_saving.send(session, school_id=school_id, day=day, record=record)
