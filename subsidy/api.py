"""JSON API of the subsidy plugin under /api/v1/subsidy/ (bearer tokens).

GET /flags?month=YYYY-MM[&school=<id>]  the anomaly flags of the month of every school the
    user may see (or one school): each with its school, code, label and explanation in the
    user's language, the figures as strings, the URL of the records and the bureau's
    explanation (note, who, when) or null; open flags first. 400 for a bad month, 404 for a
    school the user may not see.
"""
from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from suite.auth import permission_required, school_or_404
from suite.db import get_session
from suite.jsonapi import refused
from suite.params import parse_month

from .flag_list import flag_rows

api = Blueprint("subsidy_api", __name__, url_prefix="/api/v1/subsidy")


def _flag_json(row: dict) -> dict:
    note = row["explained"]
    return {"school_id": row["school"].id, "school_code": row["school"].code,
            "school_name": row["school"].name, "code": row["code"],
            "label": str(row["label"]), "record_key": row["record_key"],
            "explanation": row["text"],
            "figures": {k: str(v) for k, v in row["figures"].items()},
            "url": row["url"],
            "explained": None if note is None else {
                "note": note["note"], "by": note["by"],
                "at": note["at"].isoformat() if note["at"] else None}}


@api.get("/flags")
@permission_required("subsidy.flags")
def flags():
    parsed = parse_month(request.args.get("month"))
    if parsed is None:
        return refused({"month": _("Enter a month as YYYY-MM.")})
    session = get_session()
    school = None
    text = (request.args.get("school") or "").strip()
    if text:
        school = school_or_404(session, int(text) if text.isascii() and text.isdigit()
                               and len(text) < 10 else 0)
    year, month = parsed
    rows = flag_rows(session, current_user, year, month, school=school)
    return jsonify({"month": f"{year:04d}-{month:02d}",
                    "open": sum(1 for r in rows if r["explained"] is None),
                    "flags": [_flag_json(r) for r in rows]})
