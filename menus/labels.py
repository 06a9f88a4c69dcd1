"""Display names of the menus plugin (translated in the UI)."""
from __future__ import annotations

from itertools import combinations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from nutrition import services as nutrition
from suite.labels import in_language
from suite.listing import join_items
from suite.vocabulary import MEAL_LABELS, MEALS

CATEGORY_LABELS = {"staple": _l("Staple"), "meat": _l("Meat dish"),
                   "vegetable": _l("Vegetable dish"), "soup": _l("Soup"), "egg": _l("Egg"),
                   "milk": _l("Milk"), "fruit": _l("Fruit"), "other": _l("Other")}
EXCLUDED_LABELS = {"unpriced": _l("Dishes left out for want of a price"),
                   "restricted": _l("Dishes the school cannot serve"),
                   "empty": _l("Dishes without ingredients")}
ROLE_LABELS = {"staple": _l("Staple food"), "main": _l("Main dish"),
               "vegetable": _l("Vegetable side"), "soup": _l("Soup"), "fruit": _l("Fruit"),
               "milk": _l("Milk"), "other": _l("Other")}
TAG_LABELS = {"pork": _l("Contains pork"), "halal_doubtful": _l("Doubtful for halal"),
              "peanut_nuts": _l("Contains peanuts or nuts"), "egg": _l("Contains egg"),
              "fish_shellfish": _l("Contains fish or shellfish"), "milk": _l("Contains milk"),
              "soy": _l("Contains soy"), "wheat": _l("Contains wheat"), "spicy": _l("Spicy")}


def _meals_label(combo) -> str:
    return join_items(MEAL_LABELS[m] for m in combo)


# a dish's `meals` ("lunch,dinner") in words, for the audit log
MEALS_VALUES = {",".join(c): LazyString(_meals_label, c) for n in (1, 2, 3)
                for c in combinations(MEALS, n)}
STATUS_LABELS = {"draft": _l("Draft"), "submitted": _l("Submitted"),
                 "approved": _l("Approved"), "published": _l("Published"),
                 "superseded": _l("Superseded")}
WEEKDAYS = (_l("Monday"), _l("Tuesday"), _l("Wednesday"), _l("Thursday"), _l("Friday"),
            _l("Saturday"), _l("Sunday"))
WEEKDAY_VALUES = {str(n): day for n, day in enumerate(WEEKDAYS)}  # a week's "0,1,2,3,4"


def template_labels() -> dict:
    """The display names menus' templates use, by template name: menus' own, and nutrition's
    that its analysis macros (nutrition/_analysis.html) and the printed menu need. Meal names
    are the host's template globals (`meal_labels`, `meal_label`)."""
    return in_language({
        "category_labels": CATEGORY_LABELS, "menu_status_labels": STATUS_LABELS,
        "role_labels": ROLE_LABELS, "tag_labels": TAG_LABELS, "excluded_labels": EXCLUDED_LABELS,
        "weekday_labels": WEEKDAYS, "nutrient_labels": nutrition.NUTRIENT_LABELS,
        "group_labels": nutrition.GROUP_LABELS, "status_labels": nutrition.STATUS_LABELS,
        "check_labels": nutrition.CHECK_LABELS, "source_labels": nutrition.SOURCE_LABELS})
