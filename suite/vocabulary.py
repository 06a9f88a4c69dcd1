"""Words every plugin shares: meals, age bands, sexes. Defined once, here."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

MEALS = ("breakfast", "lunch", "dinner")
# WS/T 554-2017 age bands of school pupils, youngest first
AGE_BANDS = ("6-8", "9-11", "12-14", "15-17")
SEXES = ("M", "F")

MEAL_LABELS = {"breakfast": _l("Breakfast"), "lunch": _l("Lunch"), "dinner": _l("Dinner")}
# what an analysis can cover: a meal, a whole day or a week's average
PERIOD_LABELS = {**MEAL_LABELS, "day": _l("Whole day"), "week": _l("Weekly average")}
SEX_LABELS = {"M": _l("Male"), "F": _l("Female")}


def age_band_for(age: int) -> str | None:
    """The band of a pupil of this age in whole years; None outside school ages."""
    for band in AGE_BANDS:
        low, high = (int(x) for x in band.split("-"))
        if low <= age <= high:
            return band
    return None


def meal_label(code) -> str:
    return str(PERIOD_LABELS.get(code, code))
