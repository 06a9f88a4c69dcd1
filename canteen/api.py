"""JSON API of the canteen plugin under /api/v1/canteen/ (bearer tokens).

PUT  /meals/<school_id>/<date>/<meal>  the meal's counts: {"grades": {"3": {"students": 30,
     "plan_students": 28}, ...}, "teachers": 2, "version": 1 (omit or null to create),
     "dishes": [dish ids] (optional: the published menu's), "change_note", "make_up_reason",
     "confirm_repeat"}; 201 created, 200 edited, 400 a message per field, 409 a stale
     version (with the current record)
GET  /meals/<school_id>/<date>/<meal>  the record, or 404
POST /meals/<school_id>/<date>/<meal>/issues  food issued to a counted meal:
     {"issues": [{"food": "<food code>", "grams": "1250.0"}]}; all or nothing; 201 with the
     moves and the meal's cost split between students and teachers
GET  /days?school=<id>&from=YYYY-MM-DD&to=YYYY-MM-DD  the day summaries (at most 366 days)
"""
from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from procurement import services as procurement
from suite import clock
from suite.auth import permission_required, school_or_404
from suite.db import get_session
from suite.errors import ServiceError
from suite.jsonapi import json_object, refuse_not_text, refused
from suite.params import day_arg_problems, parse_day
from suite.vocabulary import MEALS

from . import services

api = Blueprint("canteen_api", __name__, url_prefix="/api/v1/canteen")
MEAL_URL = "/meals/<int:school_id>/<day>/<meal>"


def _place(school_id, day_text, meal):
    day = parse_day(day_text)
    if day is None or meal not in MEALS:
        abort(404)
    return school_or_404(get_session(), school_id), day


def record_json(record: dict) -> dict:
    out = dict(record)
    out["day"] = record["day"].isoformat()
    out["updated_at"] = record["updated_at"].isoformat() if record["updated_at"] else None
    return out


def _text(body, name) -> str:
    value = body.get(name)
    return value.replace("\x00", "") if isinstance(value, str) else ""


@api.get(MEAL_URL)
@permission_required("canteen.view")
def get_meal(school_id, day, meal):
    school, day = _place(school_id, day, meal)
    record = services.meal_counts(get_session(), school.id, day, meal)
    if record is None:
        abort(404)
    return jsonify(record_json(record))


@api.put(MEAL_URL)
@permission_required("canteen.record")
def put_meal(school_id, day, meal):
    session = get_session()
    school, day = _place(school_id, day, meal)
    body = json_object()
    refuse_not_text(body, ("change_note", "make_up_reason"))  # 12 or true: nobody wrote that
    dishes = body.get("dishes")
    if dishes is not None and not isinstance(dishes, list):
        return refused({"dishes": _("Choose dishes from the list.")})
    version = body.get("version")
    session.commit()  # only read so far: the save starts its own transaction
    try:
        record = services.save_counts_record(
            session, school_id=school.id, day=day, meal=meal, grades=body.get("grades"),
            teachers=body.get("teachers"), version=version, dishes=dishes,
            change_note=_text(body, "change_note"), make_up_reason=_text(body, "make_up_reason"),
            confirm_repeat=body.get("confirm_repeat") is True, user_id=current_user.id,
            today=clock.today(), repeat_days=current_app.config["CANTEEN_REPEAT_DAYS"])
    except services.StaleCount as exc:
        session.rollback()
        current = services.meal_counts(session, school.id, day, meal)
        answer, status = refused(exc, 409)
        payload = answer.get_json()
        payload["current"] = record_json(current) if current else None
        return jsonify(payload), status
    except ServiceError as exc:  # the canteen's refusal, or a closed month's
        session.rollback()
        return refused(exc)
    session.commit()  # the record was built before: nothing in the commit changes it
    return jsonify(record_json(record)), 201 if version is None else 200


MAX_DAYS = 366


def _money(value) -> str:
    return f"{value:.2f}"


@api.post("/meals/<int:school_id>/<day>/<meal>/issues")
@permission_required("canteen.record")
def issues(school_id, day, meal):
    """Issue food to a counted meal: {"issues": [{"food": "<code>", "grams": "1250.0"}]}; all
    or nothing. 201 with the moves and the meal's cost split."""
    session = get_session()
    school, day = _place(school_id, day, meal)
    rows = json_object().get("issues")
    if not isinstance(rows, list) or not rows:
        return refused({"issues": _("Enter the grams of at least one food.")})
    quantities, keys, codes, errors = {}, {}, {}, {}
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
            codes[food.id] = food.code
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
    cost = services.meal_costs(session, school.id, day, day).get((day, meal))  # as committed
    session.commit()
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
    errors = day_arg_problems(request.args)
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
