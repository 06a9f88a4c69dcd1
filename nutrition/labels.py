"""Display names of nutrients, food groups, meals and checks (translated in the UI)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from suite.labels import in_language
from suite.vocabulary import PERIOD_LABELS

from .book import column_of
from .book_labels import BOOK_COLUMN_LABELS, FLAG_LABELS, MARK_LABELS, flag_label
from .food_notes import translate_notes
from .foods import NUTRIENTS

NUTRIENT_LABELS = {
    "energy_kcal": (_l("Energy"), "kcal"), "protein_g": (_l("Protein"), "g"),
    "fat_g": (_l("Fat"), "g"), "carbohydrate_g": (_l("Carbohydrate"), "g"),
    "fibre_g": (_l("Dietary fibre"), "g"), "calcium_mg": (_l("Calcium"), "mg"),
    "iron_mg": (_l("Iron"), "mg"), "zinc_mg": (_l("Zinc"), "mg"),
    "vitamin_a_ug_rae": (_l("Vitamin A"), "µgRAE"), "thiamin_mg": (_l("Vitamin B1"), "mg"),
    "riboflavin_mg": (_l("Vitamin B2"), "mg"), "vitamin_c_mg": (_l("Vitamin C"), "mg"),
    "sodium_mg": (_l("Sodium"), "mg"),
}
GROUP_LABELS = {
    "cereals_tubers": _l("Cereals and tubers"), "vegetables": _l("Vegetables"),
    "fruit": _l("Fruit"), "meat_poultry": _l("Meat and poultry"),
    "fish_shrimp": _l("Fish and shrimp"), "eggs": _l("Eggs"), "dairy": _l("Milk and dairy"),
    "soy_nuts": _l("Soy and nuts"), "vegetable_oil": _l("Vegetable oil"), "salt": _l("Salt"),
    "fungi_algae": _l("Fungi and algae"), "condiments": _l("Condiments"), "other": _l("Other"),
}


def group_code(text: str) -> str:
    """A food group written as its code, or its name in Chinese or English (其他 / Other):
    the code; anything else as it was (the caller refuses it)."""
    from flask_babel import force_locale
    text = (text or "").strip()
    if text in GROUP_LABELS:
        return text
    for locale in ("zh_Hans_CN", "en"):
        with force_locale(locale):
            for code, label in GROUP_LABELS.items():
                if str(label).casefold() == text.casefold():
                    return code
    return text


# a meal, a whole day or a week's average: the host's names (also the template global
# `meal_labels`); kept under this name for the plugins that read it from nutrition.services
MEAL_LABELS = PERIOD_LABELS
CERTAINTY_LABELS = {"reference": _l("Reference (checked against the book)"),
                    "book": _l("From the 6th edition"), "estimate": _l("Estimate"),
                    "user": _l("Entered locally")}
STATUS_LABELS = {"low": _l("low"), "ok": _l("ok"), "high": _l("high")}
CHECK_LABELS = {
    "meal_groups": _l("At least 3 of the 4 food groups in each meal"),
    "vegetable_kinds": _l("At least 3 kinds of vegetables a day"),
    "dark_vegetable_share": _l("More than half of the vegetables dark-coloured"),
    "fruit": _l("Fruit every day"), "milk": _l("200–300 g milk or dairy a day"),
    "soy": _l("Soy products every day"), "oil": _l("Cooking oil at most 30 g a day"),
    "salt": _l("Salt at most 6 g a day (soy sauce and condiments count)"),
    "liver_per_week": _l("Animal liver once a week, 20–25 g"),
    "foods_per_day": _l("12 or more foods a day"), "foods_per_week": _l("25 or more foods a week"),
}
SOURCE_LABELS = {"WS/T 554-2017": _l("WS/T 554-2017"),
                 "Dietary Guidelines for Chinese Residents": _l(
                     "Dietary Guidelines for Chinese Residents (not WS/T 554)")}


def nutrient_label(key: str) -> str:
    label, unit = NUTRIENT_LABELS[key]
    return f"{label} ({unit})"


def chart_bars(result: dict) -> list[dict]:
    """Bars of % of target for the nutrients the standard sets, from an analysis dict, each
    with its acceptable band in % of target (high None: no upper limit)."""
    bars = []
    for n in result["nutrients"]:
        target = n["target"]
        if not target:
            continue
        bars.append({"label": NUTRIENT_LABELS[n["nutrient"]][0], "percent": n["percent"],
                     "status": n["status"], "low": 100 * n["low"] / target,
                     "high": None if n["high"] is None else 100 * n["high"] / target})
    return bars


# the shipped standards' names in the reader's language (a county's own keep their name)
BUILTIN_STANDARD_NAMES = {"WS/T 554-2017": _l("Nutrition guidelines for student meals")}


def standard_name(code: str, data: dict) -> str:
    return str(BUILTIN_STANDARD_NAMES.get(code, data.get("name", "")))


def template_labels() -> dict:
    """The display names nutrition's templates (and the analysis macros in
    nutrition/_analysis.html that menus imports) expect, by template name. Meal names are the
    host's template globals (`meal_labels`, `meal_label`)."""
    return in_language({
        "nutrient_labels": NUTRIENT_LABELS, "group_labels": GROUP_LABELS,
        "certainty_labels": CERTAINTY_LABELS, "status_labels": STATUS_LABELS,
        "check_labels": CHECK_LABELS, "source_labels": SOURCE_LABELS, "nutrients": NUTRIENTS,
        "food_notes": translate_notes, "book_column_labels": BOOK_COLUMN_LABELS,
        "flag_labels": FLAG_LABELS, "flag_label": flag_label, "mark_labels": MARK_LABELS,
        "book_cell_rows": book_cell_rows, "standard_name": standard_name})


def book_cell_rows(cells: dict | None) -> list[tuple[str, str]]:
    """The book file's row as (label, verbatim text), its flags left out (shown translated)."""
    names = {"code": _l("Code"), "name": _l("Name"), "book_group": _l("Group in the book"),
             "book_subgroup": _l("Subgroup in the book"), "edible_pct": _l("Edible part %"),
             "remark": _l("Remark in the book"), "energy_kj": _l("Energy (kJ)")}
    rows = []
    for column, text in (cells or {}).items():
        if column == "check_flags":
            continue
        label = names.get(column)
        if label is None:
            key = column_of(column)
            label, unit = NUTRIENT_LABELS.get(key) or BOOK_COLUMN_LABELS.get(key, (column, ""))
            label = f"{label} ({unit})" if unit else str(label)
        rows.append((str(label), text))
    return rows
