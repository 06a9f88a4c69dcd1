"""JSON API of the canteen plugin under /api/v1/canteen/ (bearer tokens)."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, current_app, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from procurement import services as procurement
from suite import clock
from suite.auth import permission_required, school_or_404
from suite.db import get_session
from suite.errors import ServiceError
from suite.jsonapi import json_object, refused
from suite.params import parse_day
from suite.vocabulary import MEALS

from . import services

api = Blueprint("canteen_api", __name__, url_prefix="/api/v1/canteen")
MAX_DAYS = 366


def _day_or_404(text: str) -> date:
    day = parse_day(text)
    if day is None:
        abort(404)
    return day


def _money(value) -> str:
    return f"{value:.2f}"


@api.post("/meals/<int:school_id>/<day>/<meal>/issues")
@permission_required("canteen.record")
def issues(school_id, day, meal):
    """Issue food to a counted meal: {"issues": [{"food": "<code>", "grams": "1250.0"}]}; all
    or nothing. 201 with the moves and the meal's cost split."""
    session = get_session()
    school = school_or_404(session, school_id)
    day = _day_or_404(day)
    if meal not in MEALS:
        abort(404)
    rows = json_object().get("issues")
    if not isinstance(rows, list) or not rows:
        return refused({"issues": _("Enter the grams of at least one food.")})
    quantities, keys, errors = {}, {}, {}
    for k, row in enumerate(rows):
        row = row if isinstance(row, dict) else {}
        code = row.get("food")
        food = procurement.get_food(session, code) if isinstance(code, str) and \
            code.isprintable() and len(code) <= 60 else None
        if food is None:
            errors[f"issues[{k}].food"] = _("Unknown food.")
        elif food.id in quantities:
            errors[f"issues[{k}].food"] = _("%(food)s is listed twice.", food=food.name)
        else:
            quantities[food.id], keys[f"quantities[{food.id}]"] = row.get("grams"), \
                f"issues[{k}].grams"
    if errors:
        return refused(errors)
    session.commit()  # only read so far: the issue below starts its own transaction
    try:
        moves = services.issue_to_meal(session, school_id=school.id, day=day, meal=meal,
                                       quantities=quantities, user_id=current_user.id,
                                       today=clock.today())
    except ServiceError as exc:  # the canteen's refusal, or a closed month's
        session.rollback()
        return refused({keys.get(k, k): v for k, v in exc.messages().items()})
    session.commit()
    codes = {f.id: f.code for f in procurement.foods_by_id(session, [m.food_id for m in moves])}
    cost = services.meal_costs(session, school.id, day, day).get((day, meal))
    return jsonify({
        "school_id": school.id, "date": day.isoformat(), "meal": meal,
        "moves": [{"id": m.id, "food": codes[m.food_id], "grams": str(-m.grams),
                   "value": _money(-m.value)} for m in moves],
        "cost": {k: _money(cost[k]) for k in ("food_cost", "student_cost", "teacher_cost")},
    }), 201


def summary_json(summary: dict) -> dict:
    return {"date": summary["day"].isoformat(), "school_day": summary["school_day"],
            "meals": [{**meal, **{k: _money(meal[k]) for k in
                                  ("food_cost", "student_cost", "teacher_cost")}}
                      for meal in summary["meals"]]}


@api.get("/days")
@permission_required("canteen.view")
def days():
    """The day summaries of one school: ?school=<id>&from=YYYY-MM-DD&to=YYYY-MM-DD."""
    session = get_session()
    school_id = request.args.get("school", type=int)
    if school_id is None:
        return refused({"school": _("Choose the school.")})
    school = school_or_404(session, school_id)
    first, last = parse_day(request.args.get("from")), parse_day(request.args.get("to"))
    errors = {}
    if first is None:
        errors["from"] = _("Enter the date as 2026-11-02.")
    if last is None:
        errors["to"] = _("Enter the date as 2026-11-02.")
    if not errors and last < first:
        errors["to"] = _("The end date is before the start date.")
    elif not errors and (last - first).days >= MAX_DAYS:
        errors["to"] = _("At most %(days)s days at a time.", days=MAX_DAYS)
    if errors:
        return refused(errors)
    rows = services.day_summaries(session, school.id, first, last,
                                  current_app.config["CANTEEN_ISSUE_TOLERANCE"],
                                  today=clock.today())
    return jsonify({"school_id": school.id, "from": first.isoformat(), "to": last.isoformat(),
                    "days": [summary_json(r) for r in rows]})
