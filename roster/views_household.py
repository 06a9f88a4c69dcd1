"""Household-side ledger pages (a township's entries, import, sign-off; the county's
consolidation and supplementary list) and home visits with withdrawal of aid.

A township officer sees and changes their own township only: another township's id in a URL
gives 404. The work is done by `roster.household`; these views only translate HTTP."""
from __future__ import annotations

import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from suite.audit import record_view
from suite.auth import has_permission, permission_required, user_scope
from suite.db import get_session
from suite.models import Township
from suite.tabular import TableFileError, read_table, write_xlsx

from . import services as hh
from .idcard import mask_id, mask_student_no
from .models import LOCATIONS, STAGES, VISIT_CONCLUSIONS, DifficultyLevel, Student
from .views import bp
from suite import clock

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
AIDED_FORM = {True: "是", False: "否", None: ""}


def _render(template, **context):
    return render_template(template, stage_labels=hh.STAGE_LABELS, mask_id=mask_id,
                           mask_no=mask_student_no,
                           location_labels=hh.LOCATION_LABELS,
                           conclusion_labels=hh.CONCLUSION_LABELS, **context)


def today():
    return clock.today()


def _year() -> int:
    year = request.args.get("year", today().year, type=int)
    if not 2000 <= year <= 2100:
        abort(404)
    return year


def _township(session) -> Township | None:
    """The page's township: a township officer's own (any other id: 404), or ?township= for
    the county's users."""
    scope, own = user_scope(current_user)
    wanted = request.args.get("township", type=int)
    if scope == "township":
        if own is None or wanted not in (None, own):
            abort(404)
        wanted = own
    if wanted is None:
        return None
    township = session.get(Township, wanted) if 0 < wanted < 2**31 else None
    if township is None:
        abort(404)
    return township


def _child_or_404(session, child_id) -> dict:
    scope, own = user_scope(current_user)
    if (scope == "township" and own is None) or not 0 < child_id < 2**31:
        abort(404)
    try:
        return hh.child_values(session, child_id, own if scope == "township" else None)
    except LookupError:
        abort(404)


def _to_county(year):
    return redirect(url_for("roster.household_county", year=year))


def _back(township_id, year):
    return redirect(url_for("roster.household", township=township_id, year=year))


@bp.route("/household")
@permission_required("roster.ledger")
def household():
    session = get_session()
    township, year = _township(session), _year()
    if township is None:
        return _to_county(year)
    stage = request.args.get("stage") if request.args.get("stage") in STAGES else None
    location = request.args.get("location") if request.args.get("location") in LOCATIONS \
        else None
    return _render(
        "roster/household.html", township=township, year=year, stage=stage, location=location,
        rows=hh.ledger(session, township.id, year, stage, location),
        status=hh.ledger_status(session, township.id, year),
        county_user=user_scope(current_user)[0] == "county", kinds=hh.kinds(session))


def _form_values(child: dict) -> dict:
    values = {k: child.get(k) for k in hh.LEDGER_HEADERS}
    values["aided"] = AIDED_FORM[child.get("aided")]
    values["id_number"] = mask_id(child.get("id_number"))  # kept unless another is typed
    return {k: ("" if v is None else str(v)) for k, v in values.items()}


@bp.route("/household/child", methods=["GET", "POST"])
@permission_required("roster.ledger")
def household_child():
    session = get_session()
    child_id = request.args.get("id", type=int)
    child = _child_or_404(session, child_id) if child_id else None
    township = session.get(Township, child["township_id"]) if child else _township(session)
    year = child["year"] if child else _year()
    if township is None:
        return _to_county(year)
    values = _form_values(child) if child else {"household_kind": hh.HOUSEHOLD_KINDS[0]}
    errors = {}
    if request.method == "POST":
        values = {k: request.form.get(k, "") for k in hh.LEDGER_HEADERS}
        if child and values["id_number"].strip() == mask_id(child["id_number"]):
            values["id_number"] = child["id_number"] or ""
        try:
            if child:
                hh.edit_child(session, child["id"], values, today=today())
            else:
                hh.add_child(session, township.id, year, values, today=today())
        except hh.HouseholdError as exc:
            session.rollback()
            errors = exc.errors
        else:
            session.commit()
            flash(_("Saved: %(name)s.", name=values["name"]), "success")
            return _back(township.id, year)
    return _render("roster/household_form.html", township=township, year=year,
                   child=child, values=values, errors=errors, kinds=hh.kinds(session),
                   status=hh.ledger_status(session, township.id, year))


@bp.route("/household/child/remove", methods=["POST"])
@permission_required("roster.ledger")
def household_remove():
    session = get_session()
    child = _child_or_404(session, request.args.get("id", type=int) or 0)
    try:
        hh.remove_child(session, child["id"])
    except hh.HouseholdError as exc:
        session.rollback()
        flash(exc.errors["ledger"], "error")
    else:
        session.commit()
        flash(_("Removed: %(name)s.", name=child["name"]), "success")
    return _back(child["township_id"], child["year"])


@bp.route("/household/import", methods=["GET", "POST"])
@permission_required("roster.ledger")
def household_import():
    session = get_session()
    township, year = _township(session), _year()
    if township is None:
        return _to_county(year)
    result, error = None, None
    if request.method == "POST":
        upload = request.files.get("file")
        try:
            table = read_table(upload.read(), upload.filename) if upload else None
            if table is None:
                raise TableFileError(_("Choose a file to import."))
            result = hh.import_ledger(session, table, township_id=township.id, year=year,
                                      today=today())
        except TableFileError as exc:
            error = str(exc)
        except hh.HouseholdError as exc:
            error = exc.errors["ledger"]
        if result is not None and result.ok:
            session.commit()
            flash(_("Imported: %(new)d new, %(updated)d updated, %(same)d unchanged.",
                    new=result.counts["new"], updated=result.counts["updated"],
                    same=result.counts["unchanged"]), "success")
            return _back(township.id, year)
        session.rollback()
    return _render("roster/household_import.html", township=township, year=year,
                   result=result, error=error), 400 if request.method == "POST" else 200


@bp.route("/household/template.xlsx")
@permission_required("roster.ledger")
def household_template():
    notes = [
        [hh.LEDGER_HEADERS["id_number"], "", _("18 characters; keep this column formatted as text")],
        [hh.LEDGER_HEADERS["household_kind"], "、".join(hh.kinds(get_session()).values()), ""],
        [hh.LEDGER_HEADERS["stage"], "学前教育、义务教育、普通高中、中职、高等教育", ""],
        [hh.LEDGER_HEADERS["location"], "、".join(hh.LOCATION_WORDS), ""],
        [hh.LEDGER_HEADERS["aided"], "是、否", _("empty: not confirmed yet; 否: the county pays "
                                         "(supplementary aid list)")],
        [hh.LEDGER_HEADERS["confirmed_on"], "YYYY-MM-DD", ""],
    ]
    body = write_xlsx([("台账", list(hh.LEDGER_HEADERS.values()), []),
                       (_("How to fill it in"), [_("Column"), _("Values"), _("Note")], notes)],
                      text_columns=(hh.LEDGER_HEADERS["id_number"],))
    return send_file(io.BytesIO(body), mimetype=XLSX, as_attachment=True,
                     download_name="household-ledger-template.xlsx")


@bp.route("/household/signoff", methods=["POST"])
@permission_required("roster.ledger")
def household_signoff():
    session = get_session()
    township, year = _township(session), _year()
    if township is None:
        return _to_county(year)
    if user_scope(current_user)[0] != "township":
        flash(_("Only the township's officer signs its ledger off."), "error")
        return _back(township.id, year)
    try:
        done = hh.sign_off(session, township.id, year, user_id=current_user.id)
    except hh.HouseholdError as exc:
        session.rollback()
        flash(exc.errors["ledger"], "error")
    else:
        session.commit()
        flash(_("The ledger of %(year)d is signed off with %(n)d children.", year=year,
                n=done["children"]), "success")
    return _back(township.id, year)


@bp.route("/household/reopen", methods=["POST"])
@permission_required("roster.ledger_reopen")
def household_reopen():
    session = get_session()
    township, year = _township(session), _year()
    if township is None:
        abort(404)
    try:
        hh.reopen(session, township.id, year)
    except hh.HouseholdError as exc:
        session.rollback()
        flash(exc.errors["ledger"], "error")
    else:
        session.commit()
        flash(_("The ledger of %(year)d is open again.", year=year), "success")
    return _back(township.id, year)


@bp.route("/household/county")
@permission_required("roster.ledger")
def household_county():
    session = get_session()
    year = _year()
    scope, own = user_scope(current_user)
    if scope == "township":
        return _back(own, year)
    return _render("roster/household_county.html", year=year,
                   c=hh.consolidate(session, year),
                   rows=hh.supplementary_list(session, year))


@bp.route("/household/supplementary.xlsx")
@permission_required("roster.ledger")
def household_supplementary_xlsx():
    """The supplementary aid list; ID numbers masked unless ?full=1 (roster.reveal, audited).
    A township officer gets their own township's children only."""
    session = get_session()
    year, township = _year(), _township(session)
    full = request.args.get("full") == "1"
    if full and not has_permission(current_user, "roster.reveal"):
        abort(403)
    rows = hh.supplementary_list(session, year, township.id if township else None)
    if full:
        record_view(session, "roster_household_child", f"supplementary/{year}",
                    note=_("Supplementary aid list exported with full ID numbers"))
        session.commit()
    header = [_("Township"), _("Village"), _("Name"), _("ID number"), _("Stage"),
              _("Where they study"), _("School"), _("Confirmed by"), _("Confirmed on")]
    body = write_xlsx([(str(year), header, [
        [r["township"], r["village"], r["name"], r["id_number"] if full else
         mask_id(r["id_number"]), str(hh.STAGE_LABELS[r["stage"]]),
         str(hh.LOCATION_LABELS[r["location"]]), r["school_name"], r["confirmed_by"],
         r["confirmed_on"].isoformat() if r["confirmed_on"] else ""] for r in rows])],
        text_columns=(_("ID number"),))
    return send_file(io.BytesIO(body), mimetype=XLSX, as_attachment=True,
                     download_name=f"supplementary-aid-{year}.xlsx")


@bp.route("/visits/student", methods=["GET", "POST"])
@permission_required("roster.aid")
def visit_student():
    session = get_session()
    student_id = request.args.get("student", type=int)
    if student_id is None:
        return redirect(url_for("roster.visits"))
    student = session.get(Student, student_id) if 0 < student_id < 2**31 else None
    if student is None:
        abort(404)
    values, errors = {"visit_date": today().isoformat(), "conclusion": "confirmed"}, {}
    if request.method == "POST":
        values = request.form.to_dict()
        try:
            hh.record_visit(session, student.id, values, today=today())
        except hh.HouseholdError as exc:
            session.rollback()
            errors = exc.errors
        else:
            session.commit()
            flash(_("Home visit recorded."), "success")
            return redirect(url_for("roster.visit_student", student=student.id))
    return _render(
        "roster/visit_student.html", student=student, values=values, errors=errors,
        aids=hh.student_aids(session, student.id), visits=hh.visit_list(session, student.id),
        conclusions=VISIT_CONCLUSIONS,
        levels=session.scalars(select(DifficultyLevel).order_by(DifficultyLevel.position)))
