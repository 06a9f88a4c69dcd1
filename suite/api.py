"""Host JSON API under /api/v1 (bearer token auth): schools and terms the user may see."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from flask_login import current_user
from sqlalchemy import select

from . import services
from . import openapi
from .auth import login_required, public, school_filter
from .db import get_session
from .models import School, Term, Township

api = Blueprint("suite_api", __name__, url_prefix="/api/v1")


def school_json(school: School, township: Township) -> dict:
    return {
        "id": school.id, "code": school.code, "name": school.name, "kind": school.kind,
        "township": {"id": township.id, "code": township.code, "name": township.name},
        "rural": school.rural, "boarding": school.boarding, "supply_mode": school.supply_mode,
        "in_plan": school.in_plan, "active": school.active,
    }


@api.get("/schools")
@login_required
def schools():
    rows = get_session().execute(
        select(School, Township).join(Township)
        .where(school_filter(current_user, School.id, School.township_id))
        .order_by(School.code)).all()
    return jsonify({"schools": [school_json(s, t) for s, t in rows]})


@api.get("/terms")
@login_required
def terms():
    session = get_session()
    rows = session.scalars(select(Term).order_by(Term.start_date)).all()
    return jsonify({"terms": [{
        "id": t.id, "name": t.name, "start_date": t.start_date.isoformat(),
        "end_date": t.end_date.isoformat(),
        "school_days": [d.isoformat() for d in services.school_days(session, t)],
    } for t in rows]})


@api.get("/openapi.json")
@public
def openapi_document():
    """The OpenAPI 3 document of every enabled plugin's API (no token needed to read it)."""
    names = [p.name for p in current_app.extensions["suite_plugins"] if p.name != "suite"]
    return jsonify(openapi.document(names))
