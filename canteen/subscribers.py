"""What the canteen does when other plugins announce a change (their signals)."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from menus.signals import menu_published
from procurement.signals import meal_issue_checking
from suite import clock
from suite.vocabulary import MEALS

from .errors import CanteenError
from .issuing import check_meal
from .models import MealCount


def mark_menu_revised(session, *, school_id=None, week_start=None, previous_id=None,
                      **_payload) -> None:
    """A menu revision published after counts were entered: the counts of that school and
    week that followed the superseded revision get `menu_revised` (a note for the manager).
    Changed through the ORM, so the change is audited (and the record's version moves on)."""
    if school_id is None or previous_id is None:
        return
    rows = session.scalars(select(MealCount).where(
        MealCount.school_id == school_id, MealCount.menu_id == previous_id,
        MealCount.day >= week_start, MealCount.day < week_start + timedelta(days=7),
        MealCount.menu_revised.is_(False)))
    for row in rows:
        row.menu_revised = True
    session.flush()


def refuse_uncounted_meal(session, *, school_id=None, day=None, meal=None,
                          **_payload) -> None:
    """Food issued through procurement's API goes to a meal the canteen counted, as the
    canteen's own issue requires (a school that keeps stock, no future day)."""
    if meal not in MEALS:  # procurement's own check says so
        return
    errors = check_meal(session, school_id, day, meal, clock.today())
    if errors:
        raise CanteenError(errors)


def connect() -> None:
    """Connect every subscriber once (init_app may run for several apps in one process):
    blinker keeps one connection per receiver, and a module-level function is never
    collected."""
    menu_published.connect(mark_menu_revised)
    meal_issue_checking.connect(refuse_uncounted_meal)
