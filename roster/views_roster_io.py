"""Roster import page (with upload progress), template, exports and payment totals."""
from __future__ import annotations

import io

from flask import flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from suite.auth import permission_required, school_filter
from suite.db import get_session
from suite.models import School, Term
from suite.money import CENT
from suite.tabular import TableFileError, read_table, write_xlsx

from . import services
from .forms import ImportForm
from .imports import HEADERS, template_example, template_notes
from .models import AidPayment, AidProgram, Student
from .views import bp
from .views_students import _filters, student_query
from suite import clock

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEXT_COLUMNS = (HEADERS["student_no"], HEADERS["id_number"], HEADERS["guardian_phone"])


def _xlsx(body: bytes, name: str):
    return send_file(io.BytesIO(body), mimetype=XLSX, as_attachment=True, download_name=name)


@bp.route("/import/template.xlsx")
@permission_required("roster.import")
def import_template():
    """The students sheet with one valid example row (at the first school the user may see),
    and a sheet of instructions."""
    school = get_session().scalar(select(School.code).where(school_filter(
        current_user, School.id, School.township_id)).order_by(School.code).limit(1))
    return _xlsx(write_xlsx([
        (_("Student list"), list(HEADERS.values()), [template_example(school or "S0001")]),
        (_("Instructions"), [_("Column"), _("What to enter")], template_notes())],
        text_columns=TEXT_COLUMNS), "roster-template.xlsx")


@bp.route("/import", methods=["GET", "POST"])
@permission_required("roster.import")
def import_page():
    session = get_session()
    form, result, error = ImportForm(), None, None
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read()
        try:
            table = read_table(data, upload.filename or "")
        except TableFileError as exc:
            error = str(exc)
        else:
            result = services.import_students(
                session, table, filename=upload.filename or "", data=data, today=clock.today(),
                dry_run=form.dry_run.data, user_id=current_user.id)
            session.commit()  # the run is recorded, accepted or refused
            if result.ok and not form.dry_run.data:
                c = result.counts
                flash(_("Imported: %(new)d new, %(updated)d updated, %(moved)d transferred, "
                        "%(same)d unchanged.", new=c["new"], updated=c["updated"],
                        moved=c["transferred"], same=c["unchanged"]), "success")
                return redirect(url_for("roster.students"))
    status = 400 if error or form.errors or (result is not None and not result.ok) else 200
    return render_template("roster/import.html", form=form, result=result, error=error), status


@bp.route("/export.xlsx")
@permission_required("roster.view")
def export_students():
    """The roster as the user may see it (filters as on the page), ID numbers masked."""
    session = get_session()
    rows = session.execute(student_query(session, _filters()).order_by(
        School.code, Student.grade, Student.student_no)).all()
    names = services.aid_in_force(session, [s.id for s, _sc in rows], clock.today())
    header = [_("School code"), _("School"), HEADERS["student_no"], HEADERS["name"],
              HEADERS["sex"], HEADERS["grade"], HEADERS["class_name"], HEADERS["id_number"],
              HEADERS["boarding"], _("Aid categories"), HEADERS["guardian_name"],
              HEADERS["guardian_phone"]]
    data = [[sc.code, sc.name, services.mask_student_no(s.student_no), s.name, "男" if s.sex == "M" else "女", s.grade,
             s.class_name, services.mask_id(s.id_number), "是" if s.boarding else "否",
             "、".join(names.get(s.id, [])), s.guardian_name,
             services.mask_phone(s.guardian_phone)] for s, sc in rows]
    return _xlsx(write_xlsx([("roster", header, data)], text_columns=TEXT_COLUMNS),
                 "roster.xlsx")


def _term(session):
    term_id = request.args.get("term", type=int)
    terms = session.scalars(select(Term).order_by(Term.start_date.desc())).all()
    return next((t for t in terms if t.id == term_id), terms[0] if terms else None), terms


@bp.route("/payments")
@permission_required("roster.view")
def payments():
    session = get_session()
    term, terms = _term(session)
    rows = services.term_totals(session, term.id, school_filter(current_user, School.id,
                                                           School.township_id)) if term else []
    total = sum((r["amount"] for r in rows), CENT * 0)
    return render_template("roster/payments.html", rows=rows, term=term, terms=terms,
                           total=total)


@bp.route("/payments.xlsx")
@permission_required("roster.view")
def payments_export():
    session = get_session()
    term, _terms = _term(session)
    stmt = (select(AidPayment, Student, School, AidProgram)
            .join(Student, Student.id == AidPayment.student_id)
            .join(School, School.id == AidPayment.school_id).join(AidProgram)
            .where(AidPayment.term_id == (term.id if term else 0),
                   AidPayment.voided_at.is_(None),
                   school_filter(current_user, AidPayment.school_id, School.township_id))
            .order_by(School.code, Student.student_no))
    if request.args.get("school", type=int):
        stmt = stmt.where(AidPayment.school_id == request.args.get("school", type=int))
    if request.args.get("township", type=int):
        stmt = stmt.where(School.township_id == request.args.get("township", type=int))
    header = [_("School code"), _("School"), HEADERS["student_no"], HEADERS["name"],
              HEADERS["id_number"], _("Programme"), _("Amount (CNY)"), _("Date paid"),
              _("Card: last 4 digits")]
    data = [[sc.code, sc.name, services.mask_student_no(s.student_no), s.name, services.mask_id(s.id_number), p.name,
             pay.amount, pay.paid_on.isoformat(), pay.card_tail]
            for pay, s, sc, p in session.execute(stmt)]
    return _xlsx(write_xlsx([("payments", header, data)], text_columns=TEXT_COLUMNS),
                 "payments.xlsx")


@bp.route("/settings", methods=["GET", "POST"])
@permission_required("roster.aid")
def settings():
    """Aid categories and difficulty levels: configurable, as provinces differ."""
    from flask import abort
    session = get_session()
    errors = {}
    if request.method == "POST":
        action = request.form.get("action")
        try:
            if action == "category":
                services.add_category(session, request.form.get("code", ""),
                                 request.form.get("name", ""))
            elif action == "level":
                services.add_level(session, request.form.get("code", ""),
                              request.form.get("name", ""))
            elif action == "program":
                services.set_rule(session, request.form.get("id", 0, type=int),
                                     boarders_only=bool(request.form.get("boarders_only")),
                                     stage=request.form.get("stage", ""),
                                     category_codes=request.form.getlist("category_codes"))
            elif action in ("activate", "deactivate"):
                services.set_category_active(session, request.form.get("id", 0, type=int),
                                        action == "activate")
            else:
                abort(400)
        except services.RosterError as exc:
            session.rollback()
            errors = exc.errors
        else:
            session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("roster.settings"))
    categories = services.categories(session, active_only=False)
    programs = session.scalars(select(AidProgram).order_by(AidProgram.id)).all()
    return render_template("roster/settings.html", categories=categories,
                           levels=services.levels(session), errors=errors, programs=programs,
                           stages=services.PROGRAM_STAGE_LABELS,
                           rule_text=services.rule_text,
                           category_names={c.code: c.name for c in categories}), \
        400 if errors else 200
