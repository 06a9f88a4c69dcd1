"""Inspections of schools and schools' self-checks (phone first, no script): the list, a new
record, the record with its team's confirmations, the school's rectification with evidence,
the bureau's close, and the evidence download (the home page's count: `home.py`)."""
from __future__ import annotations

from urllib.parse import quote

from flask import abort, current_app, redirect, render_template, request, send_file, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from suite import clock
from suite.auth import can_see_school, has_permission, permission_required, user_scope, \
    visible_schools
from suite.db import get_session
from suite.forms import save_or_show
from suite.models import School

from .. import evidence, services
from ..forms import (KIND_LABELS, SCOPE_LABELS, STATUS_LABELS, ActionForm, InspectionForm,
                     RectificationForm)
from ..inspections import BUREAU_KINDS
from ..models import INSPECTION_SCOPES, INSPECTION_STATUSES, Inspection, InspectionMember

LABELS = {"kind_labels": KIND_LABELS, "scope_labels": SCOPE_LABELS, "status_labels": STATUS_LABELS}


def _school_ids(session) -> list[int]:
    return [s.id for s in visible_schools(session, current_user)]


def _inspection_or_404(session, inspection_id: int) -> Inspection:
    """The inspection if this user may see its school or sits on its team; 404 otherwise."""
    inspection = session.get(Inspection, inspection_id) if 0 < inspection_id < 2**31 else None
    if inspection is None:
        abort(404)
    school = session.get(School, inspection.school_id)
    if not can_see_school(current_user, school) and session.scalar(
            select(InspectionMember.id).where(InspectionMember.inspection_id == inspection.id,
                                              InspectionMember.user_id == current_user.id)) \
            is None:
        abort(404)
    return inspection


@permission_required("subsidy.inspections")
def inspections():
    session = get_session()
    status = request.args.get("status") or None
    if status not in (None, *INSPECTION_STATUSES):
        status = None
    rows = services.inspections_for(session, _school_ids(session), status,
                                    member_id=current_user.id)
    return render_template("subsidy/inspections.html", rows=rows, status=status,
                           statuses=INSPECTION_STATUSES, today=clock.today(),
                           can_record=has_permission(current_user, "subsidy.record"),
                           **LABELS)


@permission_required("subsidy.record")
def new_inspection():
    session = get_session()
    form = InspectionForm()
    scope, own = user_scope(current_user)
    if has_permission(current_user, "subsidy.inspect"):
        schools = visible_schools(session, current_user)
        kinds = BUREAU_KINDS
    else:
        schools = [session.get(School, own)] if scope == "school" else []
        kinds = ("self",)
    form.school_id.choices = [(s.id, f"{s.code} {s.name}") for s in schools]
    form.kind.choices = [(k, KIND_LABELS[k]) for k in kinds]
    form.scopes.choices = [(s, SCOPE_LABELS[s]) for s in INSPECTION_SCOPES]
    kind = kinds[0] if len(kinds) == 1 else None
    members = services.eligible_members(session, "self" if kind == "self" else "special",
                                        own if kind == "self" else None)
    form.member_ids.choices = members
    if request.method == "GET":
        form.day.data = clock.today()
        if kind == "self":
            form.member_ids.data = [current_user.id]
    if form.validate_on_submit():
        school_id = form.school_id.data if len(schools) > 1 else (
            schools[0].id if schools else None)
        if school_id not in {s.id for s in schools}:
            school_id = None  # the service asks to choose a school
        ok, record = save_or_show(
            session, form, services.record_inspection, session, school_id=school_id,
            kind=form.kind.data if kind is None else kind, day=form.day.data,
            scopes=form.scopes.data or [], findings=form.findings.data or "",
            due_date=form.due_date.data, member_ids=form.member_ids.data or [],
            user_id=current_user.id, today=clock.today(),
            success=_l("The inspection is recorded."))
        if ok:
            return redirect(url_for("subsidy.inspection", inspection_id=record.id), 303)
    status = 400 if request.method == "POST" else 200
    return render_template("subsidy/inspection_new.html", form=form, one_school=len(schools) == 1,
                           schools=schools, fixed_kind=kind, **LABELS), status


def _detail(session, inspection: Inspection, rect_form=None, status: int = 200):
    user = current_user
    team = services.team_of(session, inspection.id)
    mine = next((m for m in team if m["user_id"] == user.id), None)
    own_school = user_scope(user) == ("school", inspection.school_id)
    may_rectify = (has_permission(user, "subsidy.rectify") and own_school
                   and inspection.status != "closed" and bool(inspection.findings))
    may_close = (has_permission(user, "subsidy.inspect") and inspection.status != "closed"
                 and all(m["confirmed_at"] for m in team)
                 and (inspection.status == "rectified" or not inspection.findings))
    return render_template(
        "subsidy/inspection.html", inspection=inspection, team=team,
        school=session.get(School, inspection.school_id), today=clock.today(),
        may_confirm=mine is not None and mine["confirmed_at"] is None
        and inspection.status != "closed", may_rectify=may_rectify, may_close=may_close,
        rect_form=rect_form or RectificationForm(), action_form=ActionForm(),
        **LABELS), status


@permission_required("subsidy.inspections")
def inspection(inspection_id: int):
    session = get_session()
    return _detail(session, _inspection_or_404(session, inspection_id))


def _act(inspection_id: int, action, success):
    """A button's change: done and back to the record, or the record again with the reason."""
    session = get_session()
    record = _inspection_or_404(session, inspection_id)
    form = ActionForm()
    if form.validate_on_submit():
        ok, _result = save_or_show(session, None, action, session, record.id,
                                   user_id=current_user.id, success=success)
        if ok:
            return redirect(url_for("subsidy.inspection", inspection_id=inspection_id), 303)
    return _detail(session, _inspection_or_404(session, inspection_id), status=400)


@permission_required("subsidy.inspections")
def confirm(inspection_id: int):
    return _act(inspection_id, services.confirm_inspection, _l("You have confirmed the "
                                                               "inspection."))


@permission_required("subsidy.inspect")
def close(inspection_id: int):
    return _act(inspection_id, services.close_inspection, _l("The inspection is closed."))


@permission_required("subsidy.rectify")
def rectify(inspection_id: int):
    session = get_session()
    record = _inspection_or_404(session, inspection_id)
    form = RectificationForm()
    if form.validate_on_submit():
        limit = current_app.config["SUBSIDY_EVIDENCE_MAX_BYTES"]
        upload = request.files.get("file")
        data = upload.stream.read(limit + 1) if upload else b""
        ok, _result = save_or_show(
            session, form, services.record_rectification, session, record.id,
            note=form.note.data,
            file_bytes=data, filename=(upload.filename or "") if upload else "",
            user_id=current_user.id, instance_path=current_app.instance_path,
            max_bytes=limit, success=_l("The rectification is recorded."))
        if ok:
            return redirect(url_for("subsidy.inspection", inspection_id=inspection_id), 303)
    return _detail(session, _inspection_or_404(session, inspection_id), form, 400)


@permission_required("subsidy.inspections")
def evidence_file(inspection_id: int, rect_id: int):
    session = get_session()
    record = _inspection_or_404(session, inspection_id)
    rect = next((r for r in record.rectifications if r.id == rect_id), None)
    path = evidence.path_of(current_app.instance_path, rect.sha256) if rect else None
    if path is None:
        abort(404)
    with path.open("rb") as fh:
        head = fh.read()
    kind = evidence.kind_of(head)
    if kind is None:
        abort(404)
    response = send_file(path, mimetype=evidence.KINDS[kind][1], as_attachment=True,
                         download_name=f"evidence-{rect.id}.{evidence.KINDS[kind][0]}",
                         max_age=0)
    # the uploaded name only as made safe here, and percent-encoded (RFC 6266 / 5987)
    name = evidence.download_name(rect.filename, kind, f"evidence-{rect.id}")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="evidence-{rect.id}.{evidence.KINDS[kind][0]}"; '
        f"filename*=UTF-8''{quote(name, safe='')}")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
