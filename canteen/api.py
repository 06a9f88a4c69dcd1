"""JSON API of the canteen plugin under /api/v1/canteen/ (bearer tokens).

PUT  /meals/<school_id>/<date>/<meal>  the meal's counts: {"grades": {"3": {"students": 30,
     "plan_students": 28}, ...}, "teachers": 2, "version": 1 (omit or null to create),
     "dishes": [dish ids] (optional: the published menu's), "change_note", "make_up_reason",
     "confirm_repeat"}; 201 created, 200 edited, 400 a message per field, 409 a stale
     version (with the current record)
GET  /meals/<school_id>/<date>/<meal>  the record, or 404
"""
from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify
from flask_babel import gettext as _
from flask_login import current_user

from suite import clock
from suite.auth import permission_required, school_or_404
from suite.db import get_session
from suite.jsonapi import json_object, refused
from suite.params import parse_day
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
    dishes = body.get("dishes")
    if dishes is not None and not isinstance(dishes, list):
        return refused({"dishes": _("Choose dishes from the list.")})
    version = body.get("version")
    session.commit()  # only read so far: the save starts its own transaction
    try:
        services.save_counts(
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
    except services.CanteenError as exc:
        session.rollback()
        return refused(exc)
    session.commit()
    record = services.meal_counts(session, school.id, day, meal)
    return jsonify(record_json(record)), 201 if version is None else 200
