"""The quick analysis: a meal or a day typed as foods and grams, for chosen eaters."""
from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from suite import clock
from suite import services as org
from suite.auth import has_permission, permission_required, school_or_404, visible_schools
from suite.db import get_session
from suite.vocabulary import AGE_BANDS, MEALS, SEXES

from .. import services
from ..engine import AnalysisError
from ..labels import chart_bars, nutrient_label

ROWS = 10


def _eater_choices(session):
    choices = [(f"{b}/{s}", f"{b} {_('Boys') if s == 'M' else _('Girls')}")
               for b in AGE_BANDS for s in SEXES]
    schools = visible_schools(session, current_user)
    choices += [(f"school/{s.id}", _("Enrolment of %(school)s", school=s.name)) for s in schools]
    return choices


def _eaters(session, choice: str):
    if choice.startswith("school/"):
        school = school_or_404(session, int(choice.split("/")[1]))
        county = org.county_of(session)
        term = org.current_term(session, county.id, clock.today())
        mix = org.enrolment_mix(session, school.id, term.id) if term else []
        return [{"age_band": b, "sex": s, "count": n} for b, s, n in mix]
    band, _sep, sex = choice.partition("/")
    return [{"age_band": band, "sex": sex, "count": 1}]


def _county_id(session) -> int | None:
    county = org.county_of(session)
    return county.id if county else None


@permission_required("nutrition.analyze")
def quick_analysis():
    session = get_session()
    foods_in = request.args.getlist("food")
    grams_in = request.args.getlist("grams")
    count = max(ROWS, len(foods_in) + 2)
    rows = [{"food": (foods_in[i] if i < len(foods_in) else ""),
             "grams": (grams_in[i] if i < len(grams_in) else ""), "error": None,
             "candidates": [], "resolved": None} for i in range(count)]
    meal = request.args.get("meal", "lunch")
    meal = meal if meal in MEALS + ("day",) else "lunch"
    who = request.args.get("eaters", "9-11/M")
    choices = _eater_choices(session)
    if who not in dict(choices):
        who = "9-11/M"
    items, result, error = [], None, None
    for row in rows:
        if not row["food"] and not row["grams"]:
            continue
        food, candidates = services.resolve_food(session, row["food"])
        if food is None:
            row["error"] = _("Unknown food.") if not candidates else _("Which one?")
            row["candidates"] = candidates
            continue
        row["resolved"] = food
        try:
            grams = float(row["grams"])
        except ValueError:
            row["error"] = _("Enter the grams per person as a number.")
            continue
        if not 0 < grams <= 2000:
            row["error"] = _("Grams must be above 0 and at most 2000.")
            continue
        items.append((food.code, grams))
    if items and not any(r["error"] for r in rows):
        standard = services.county_standard(session, _county_id(session))
        try:
            result = services.analyze(session, standard, meal, _eaters(session, who), items)
        except AnalysisError as exc:
            error = exc.message
    return render_template("nutrition/analyze.html", rows=rows, meal=meal, who=who,
                           choices=choices, meals=MEALS + ("day",), result=result, error=error,
                           bars=chart_bars(result) if result else [],
                           nutrient_label=nutrient_label,
                           can_edit=has_permission(current_user, "nutrition.edit"))
