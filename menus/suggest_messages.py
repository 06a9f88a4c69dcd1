"""What a proposal says to the nutritionist, in her language: the solver's status, and when no
week meets every rule, which rules cannot be met, by how much, and what would help."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from nutrition import services as nutrition
from suite.vocabulary import meal_label

from .labels import ROLE_LABELS, WEEKDAYS

HINTS = {  # which dishes raise a nutrient that falls short
    "energy_kcal": _l("staple"), "protein_g": _l("meat, fish, egg or soy"),
    "fibre_g": _l("whole-grain, vegetable or bean"), "calcium_mg": _l("milk or soy"),
    "iron_mg": _l("liver, red meat or dark vegetable"), "zinc_mg": _l("meat, fish or egg"),
    "vitamin_a_ug_rae": _l("liver or dark vegetable"), "thiamin_mg": _l("whole-grain, pork or bean"),
    "riboflavin_mg": _l("milk, egg or liver"), "vitamin_c_mg": _l("vegetable or fruit"),
}
GROUPS = {index: name for name, index in nutrition.GROUP_INDEX.items()}


def _day(days, t) -> str:
    day = days[t]
    return f"{day.isoformat()} {WEEKDAYS[day.weekday()]}"


def _percent(fraction: float) -> str:
    return f"{100 * fraction:.0f}"


def shortfall(label, amount: float, days, slots) -> str:
    """One relaxed rule: `amount` is how far the best week misses it, as a fraction of the
    bound (cost: of the day's limit)."""
    (kind, *rest), side = label
    low = side == "low"
    if kind == "nutrient":
        name = nutrition.nutrient_label(rest[0])
        if low:
            return _("%(nutrient)s: the weekly average reaches at most %(percent)s%% of its "
                     "lower limit; the library needs more %(hint)s dishes.", nutrient=name,
                     percent=_percent(1 - amount), hint=HINTS.get(rest[0], ""))
        return _("%(nutrient)s: the weekly average is at least %(percent)s%% of its upper "
                 "limit.", nutrient=name, percent=_percent(1 + amount))
    if kind == "food_group":
        group = nutrition.GROUP_LABELS[GROUPS[rest[0]]]
        if low:
            return _("%(group)s: the weekly average reaches at most %(percent)s%% of its lower "
                     "limit.", group=group, percent=_percent(1 - amount))
        return _("%(group)s: the weekly average is at least %(percent)s%% of its upper limit.",
                 group=group, percent=_percent(1 + amount))
    if kind == "energy_share":
        points = "%.1f" % (100 * amount)
        part = _("Fat") if rest[0] == "fat" else _("Carbohydrate")
        return _("%(part)s's share of energy misses its range by %(points)s percentage points.",
                 part=part, points=points)
    if kind == "cost":
        return _("%(day)s: the week that meets the standard best costs %(percent)s%% of the "
                 "day's limit; raise the budget or add cheaper dishes.",
                 day=_day(days, rest[0]), percent=_percent(1 + amount))
    if kind == "liver":
        return _("%(rule)s: at most %(percent)s%% is reached.",
                 rule=nutrition.CHECK_LABELS["liver_per_week"],
                 percent=_percent(1 - amount if low else 1 + amount))
    if kind == "meal_groups":
        t, meal = slots[rest[0]]
        return _("%(day)s %(meal)s: %(rule)s cannot be met.", day=_day(days, t),
                 meal=meal_label(meal), rule=nutrition.CHECK_LABELS["meal_groups"])
    if kind == "foods_per_week":
        return _("%(rule)s cannot be met.", rule=nutrition.CHECK_LABELS["foods_per_week"])
    check = "foods_per_day" if kind == "foods_per_day" else kind
    return _("%(day)s: %(rule)s cannot be met (missed by %(percent)s%%).",
             day=_day(days, rest[0]), rule=nutrition.CHECK_LABELS.get(check, check),
             percent=_percent(amount))


def structure_gap(role: str, slot, slots) -> str:
    _t, meal = slots[slot]
    return _("No dish of the library can be the %(role)s of %(meal)s.",
             role=ROLE_LABELS[role], meal=meal_label(meal))


def status_line(solution, stock: bool = False) -> str:
    """`stock`: the solver minimised the cost beyond the food on hand, not the cost."""
    if stock and solution.status in ("optimal", "feasible"):
        return _("The week that meets every check and spends least beyond the food on hand "
                 "(proven optimal).") if solution.status == "optimal" else \
            _("A week that meets every check and uses food on hand; the time ran out before "
              "it was proven to spend least beyond it.")
    if solution.status == "optimal":
        return _("The cheapest week that meets every check (proven optimal).")
    if solution.status == "feasible" and solution.gap is None:
        return _("A week that meets every check; the time ran out before its cost was proven "
                 "near the cheapest.")
    if solution.status == "feasible":
        gap = "%.1f" % (100 * (solution.gap or 0))
        return _("A week that meets every check; it is at most %(gap)s%% dearer than the "
                 "cheapest possible.", gap=gap)
    if solution.status == "relaxed":
        return _("No week of these dishes meets every check: this is the closest one.") \
            if solution.proven else \
            _("No week meeting every check was found in the time allowed: this is the "
              "closest one found.")
    if solution.status == "unverified":
        return _("The solver's week did not pass the planner's checks; nothing is proposed.")
    return _("No week can be proposed.")


def explain(suggestion) -> list[str]:
    solution = suggestion.solution
    slots = [(t, m) for t in range(len(suggestion.days)) for m in suggestion.meals]
    out = [structure_gap(role, s, slots) for role, s in solution.structure_gaps]
    out += [shortfall(label, amount, suggestion.days, slots)
            for label, amount in solution.shortfalls[:8]]
    return out
