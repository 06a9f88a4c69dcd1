"""The anomaly flags of the schools' months (bureau, admin, township officers: the schools
they may see), open flags first, filtered by flag and school; the bureau's explanation form."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from suite.auth import has_permission, permission_required, school_or_404, visible_schools
from suite.db import get_session
from suite.errors import ServiceError
from suite.params import month_arg, parse_month

from .. import services
from ..flag_list import flag_rows
from ..forms import ExplainForm


def _school_id(text) -> int | None:
    text = (text or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None


def _page(year: int, month: int, code: str, school_text: str, form=None, status=200):
    session = get_session()
    school = None
    if school_text:
        school = school_or_404(session, _school_id(school_text) or 0)
    code = code if code in services.FLAG_LABELS else ""
    rows = flag_rows(session, current_user, year, month, school=school, code=code)
    month_text = f"{year:04d}-{month:02d}"
    return render_template(
        "subsidy/flags.html", rows=rows, month=month_text, code=code,
        school=school, schools=visible_schools(session, current_user),
        labels=services.FLAG_LABELS, form=form or ExplainForm(),
        can_explain=has_permission(current_user, "subsidy.explain"),
        open_count=sum(1 for r in rows if r["explained"] is None)), status


@permission_required("subsidy.flags")
def flags():
    year, month = month_arg("month")
    return _page(year, month, request.args.get("code", ""), request.args.get("school", ""))


@permission_required("subsidy.explain")
def explain():
    session = get_session()
    form = ExplainForm()
    parsed = parse_month(form.month.data)
    school = school_or_404(session, _school_id(form.school_id.data) or 0)
    back = {"month": form.month.data, "code": request.args.get("code", ""),
            "school": request.args.get("school", "")}
    if parsed is None:  # the form's CSRF token is checked before the view (suite.web)
        flash(_("Enter a month as YYYY-MM."), "error")
        return redirect(url_for("subsidy.flags"))
    year, month = parsed
    try:
        services.explain_flag(session, school_id=school.id, year=year, month=month,
                              code=form.code.data or "", record_key=form.record_key.data or "",
                              note=form.note.data or "", user_id=current_user.id)
    except ServiceError as exc:
        session.rollback()
        flash(exc.message(), "error")
        return _page(year, month, back["code"], back["school"], status=400)
    session.commit()
    flash(_("The flag is marked explained."), "success")
    return redirect(url_for("subsidy.flags", **{k: v for k, v in back.items() if v}))
