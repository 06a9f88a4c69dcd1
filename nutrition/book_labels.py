"""Display names of the book file's columns, marks and flags (translated in the UI)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

# the columns the food page shows beyond the 13 analysed nutrients: (label, unit)
BOOK_COLUMN_LABELS = {
    "water_g": (_l("Water"), "g"), "cholesterol_mg": (_l("Cholesterol"), "mg"),
    "ash_g": (_l("Ash"), "g"), "carotene_ug": (_l("Carotene"), "µg"),
    "retinol_ug": (_l("Retinol"), "µg"), "niacin_mg": (_l("Niacin"), "mg"),
    "vitamin_e_total_mg": (_l("Vitamin E (total)"), "mg"),
    "vitamin_e_alpha_mg": (_l("Vitamin E (α)"), "mg"),
    "vitamin_e_beta_gamma_mg": (_l("Vitamin E (β+γ)"), "mg"),
    "vitamin_e_delta_mg": (_l("Vitamin E (δ)"), "mg"),
    "phosphorus_mg": (_l("Phosphorus"), "mg"), "potassium_mg": (_l("Potassium"), "mg"),
    "magnesium_mg": (_l("Magnesium"), "mg"), "selenium_ug": (_l("Selenium"), "µg"),
    "copper_mg": (_l("Copper"), "mg"), "manganese_mg": (_l("Manganese"), "mg"),
}
FLAG_LABELS = {
    "kcal_kj_were_swapped": _l("Energy in kcal and kJ were in each other's columns and were "
                               "put back: check against the printed book"),
    "kj_vs_kcal": _l("Energy in kJ does not agree with kcal: check against the printed book"),
    "energy_vs_macros": _l("Energy does not agree with the macronutrients: check against the "
                           "printed book"),
    "proximate_sum": _l("Water, protein, fat, carbohydrate and ash do not add up to 100 g: "
                        "check against the printed book"),
    "edible_range": _l("Edible part impossible or missing, or part of the row not read: check "
                       "against the printed book"),
    "code_format": _l("The food code is malformed: check against the printed book"),
    "code_repeated": _l("The food code is repeated: check against the printed book"),
}
MARK_LABELS = {
    "—": _l("not measured"), "Tr": _l("trace"),
    "?": _l("no readable value in the book file"), "*": _l("footnote mark of the book"),
}


def flag_label(flag: str) -> str:
    """A flag's display text; an unknown flag still reads as a request to check the book."""
    label = FLAG_LABELS.get(flag)
    return str(label) if label is not None else str(_l("Check against the printed book"))

