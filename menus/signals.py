"""Signals of the menus plugin, for plugins that react to menus (canteen, subsidy).

Each is sent by the service after the change is flushed, with the SQLAlchemy session as the
sender, so a subscriber may read and write in the same transaction (the caller commits or
rolls back both). Subscribers: `menu_published.connect(fn)`; `fn(session, **payload)`.
"""
from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

menu_published = _signals.signal("menus.menu-published", doc="""A weekly menu was published.

Payload (keyword arguments):
  menu_id      int        the published WeekMenu
  school_id    int | None the school; None for a county template
  county_id    int        the county the menu belongs to
  week_start   date       the Monday of the week served
  revision     int        1 for the first publication, then 2, 3... for revisions
  previous_id  int | None the revision it supersedes (now "superseded"), if any
""")
