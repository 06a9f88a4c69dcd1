"""JSON API of the subsidy plugin under /api/v1/subsidy/ (bearer tokens).

GET /ledger?month=YYYY-MM&school=<id>      one school's month with its days
GET /ledger?month=YYYY-MM&scope=county     every school the caller may see, each township's
                                           totals and the county's

GET /flags?month=YYYY-MM[&school=<id>]  the anomaly flags of the month of every school the
    user may see (or one school): each with its school, code, label and explanation in the
    user's language, the figures as strings, the URL of the records and the bureau's
    explanation (note, who, when) or null; open flags first. 400 for a bad month, 404 for a
    school the user may not see.
GET /reports/<school_id>/<YYYY-MM>.pdf|.xlsx  the school's monthly cost report as a file (the
    same as the page's): 400 for a bad month, 404 for a school the user may not see.
Money is a string to the fen ("12.34"), dates ISO; a refusal is {"error", "errors"} (400).
"""
from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from suite import clock
from suite.auth import permission_required, school_or_404, visible_schools
from suite.db import get_session
from suite.jsonapi import refused
from suite.params import parse_month

from . import report_files, services
from .flag_list import flag_rows

api = Blueprint("subsidy_api", __name__, url_prefix="/api/v1/subsidy")


@api.get("/ledger")
@permission_required("subsidy.view")
def ledger():
    session = get_session()
    month = parse_month(request.args.get("month"))
    school_text, scope = request.args.get("school"), request.args.get("scope")
    errors = {}
    if month is None:
        errors["month"] = _("Enter the month as 2026-09.")
    if school_text is None and scope != "county":
        errors["school"] = _("Choose a school, or ask for the county (scope=county).")
    elif school_text is not None and not (school_text.isascii() and school_text.isdigit()):
        errors["school"] = _("The school is a number.")
    if errors:
        return refused(errors)
    year, number = month
    if school_text is not None:
        school = school_or_404(session, int(school_text))
        row = services.school_month(session, school.id, year, number, today=clock.today())
        return jsonify({"month": f"{year:04d}-{number:02d}",
                        "school": services.ledger_json(row)})
    data = services.county_month(session, [s.id for s in visible_schools(session, current_user)],
                                 year, number, today=clock.today())
    return jsonify({"month": f"{year:04d}-{number:02d}",
                    "schools": [services.ledger_json(r) for r in data["schools"]],
                    "townships": [services.ledger_json(t) for t in data["townships"]],
                    "county": services.ledger_json(data["county"])})


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


def _report(school_id: int, month: str, ext: str):
    parsed = parse_month(month)
    if parsed is None:
        return refused({"month": _("Enter the month as 2026-09.")})
    session = get_session()
    school = school_or_404(session, school_id)
    return report_files.send(report_files.month_report(session, school.id, *parsed), ext)


@api.get("/reports/<int:school_id>/<month>.pdf")
@permission_required("subsidy.view")
def report_pdf(school_id: int, month: str):
    return _report(school_id, month, "pdf")


@api.get("/reports/<int:school_id>/<month>.xlsx")
@permission_required("subsidy.view")
def report_xlsx(school_id: int, month: str):
    return _report(school_id, month, "xlsx")
