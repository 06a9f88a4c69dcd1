"""JSON API of the roster plugin under /api/v1/roster/ (bearer tokens). ID numbers and phones
are always masked here."""
from __future__ import annotations

import json

from flask import Blueprint, abort, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from suite import clock
from suite.auth import permission_required
from suite.db import get_session
from suite.guards import offset_arg
from suite.jsonapi import refused
from suite.services import county_of
from suite.tabular import TableFileError, read_table

from . import services
from .models import ReconRun, Student

api = Blueprint("roster_api", __name__, url_prefix="/api/v1/roster")


@api.get("/students")
@permission_required("roster.view")
def students():
    session = get_session()
    filters = {k: request.args.get(k) for k in ("school", "grade", "category")
               if request.args.get(k)}
    for key in ("school", "category", "grade"):
        if key in filters and not (filters[key].isascii() and filters[key].isdigit()
                                   and len(filters[key]) < 10):
            return refused({key: _("must be the number of a record (an id)")})
    limit = min(max(request.args.get("limit", 1000, type=int), 1), 10000)
    offset = offset_arg()
    if request.args.get("special") in {k.code for k in services.special_kinds()}:
        filters["special"] = request.args["special"]  # one of the special kinds
    try:
        stmt = services.student_query(session, current_user, filters, clock.today())
    except LookupError:
        abort(404)  # a school the user may not see, as on the page
    rows = session.execute(stmt.order_by(Student.id).offset(offset).limit(limit)).all()
    names = services.aid_in_force(session, [s.id for s, _sc in rows], clock.today())
    return jsonify({"students": [{
        "id": s.id, "student_no": services.mask_student_no(s.student_no), "name": s.name,
        "sex": s.sex,
        "school": sc.code, "grade": s.grade, "class": s.class_name, "boarding": s.boarding,
        "id_number": services.mask_id(s.id_number), "document_type": s.document_type,
        "document_number": services.mask_id(s.document_number), "left_behind": s.left_behind,
        "guardian_phone": services.mask_phone(s.guardian_phone),
        "aid_categories": names.get(s.id, []),
    } for s, sc in rows]})


@api.post("/imports")
@permission_required("roster.import")
def imports():
    """Multipart upload `file` (and `dry_run=1`): the counts, or every bad row."""
    session = get_session()
    upload = request.files.get("file")
    if upload is None:
        return refused({"file": _("is required")})
    data = upload.read()
    try:
        table = read_table(data, upload.filename or "", header_finder=services.header_score)
    except TableFileError as exc:
        return refused({"file": str(exc)})
    dry_run = request.form.get("dry_run") in ("1", "true", "yes")
    county = county_of(session)  # the county's saved column choice for this file shape
    result = services.import_students(session, table, filename=upload.filename or "",
                                      data=data, today=clock.today(), dry_run=dry_run,
                                      user_id=current_user.id, mapping=services.saved_mapping(
                                          session, county.id if county else None,
                                          table.columns))
    session.commit()
    body = {"run": result.run_id, "dry_run": dry_run, "counts": result.counts,
            "guidance_rows": list(result.guidance),
            "errors": [{"row": e.row, "column": e.column,
                        "value": None if e.value is None else str(e.value),
                        "reason": e.reason} for e in result.errors]}
    return jsonify(body), 200 if result.ok else 400


@api.post("/reconciliations")
@permission_required("roster.reconcile")
def reconciliations():
    """Multipart: `file` (the outside list), optional `mapping` (JSON {field: column}),
    `left` (roster | ledger, default roster), `right` (list | ledger, default list)."""
    session = get_session()
    upload = request.files.get("file")
    table = None
    if upload is not None:
        try:
            table = read_table(upload.read(), upload.filename or "",
                               header_finder=services.list_header_score)
        except TableFileError as exc:
            return refused({"file": str(exc)})
    try:
        mapping = json.loads(request.form["mapping"]) if request.form.get("mapping") else None
    except (ValueError, RecursionError):  # nested beyond the parser's depth: not JSON either
        return refused({"mapping": _("must be a JSON object of field names and columns")})
    try:
        run = services.run_reconciliation(
            session, left=request.form.get("left", "roster"),
            right=request.form.get("right", "list"), table=table, mapping=mapping,
            filename=upload.filename if upload else "", user_id=current_user.id,
            today=clock.today())
    except services.ReconError as exc:
        session.rollback()
        return refused(exc)  # {"": the problems, one a line}, the API's one refusal shape
    session.commit()
    guidance = list(table.guidance) if table is not None else []
    return jsonify({**_run_json(session, run), "guidance_rows": guidance}), 201


def _run_json(session, run) -> dict:
    return {"id": run.id, "title": run.title, "left": run.left, "right": run.right,
            "counts": run.counts, "progress": services.case_progress(session, run),
            "created_at": run.created_at.isoformat()}


@api.get("/reconciliations/<int:run_id>")
@permission_required("roster.reconcile")
def reconciliation(run_id):
    run = get_session().get(ReconRun, run_id) or abort(404)
    return jsonify(_run_json(get_session(), run))
