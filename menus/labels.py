"""Display names of the menus plugin (translated in the UI)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

CATEGORY_LABELS = {"staple": _l("Staple"), "meat": _l("Meat dish"),
                   "vegetable": _l("Vegetable dish"), "soup": _l("Soup"), "egg": _l("Egg"),
                   "milk": _l("Milk"), "fruit": _l("Fruit"), "other": _l("Other")}
STATUS_LABELS = {"draft": _l("Draft"), "submitted": _l("Submitted"),
                 "approved": _l("Approved"), "published": _l("Published"),
                 "superseded": _l("Superseded")}
BANDS = ("6-8", "9-11", "12-14", "15-17")
WEEKDAYS = (_l("Monday"), _l("Tuesday"), _l("Wednesday"), _l("Thursday"), _l("Friday"),
            _l("Saturday"), _l("Sunday"))
