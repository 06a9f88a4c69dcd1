"""Aid payments of a term: totals by school and the list of payments as a spreadsheet."""
from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from suite.auth import permission_required, school_filter
from suite.db import get_session
from suite.models import School, Term
from suite.money import CENT
from suite.tabular import write_xlsx

from .. import services
from ..services import HEADERS
from ..models import AidPayment, AidProgram, Student
from .download import xlsx
from .imports import TEXT_COLUMNS


def _term(session):
    term_id = request.args.get("term", type=int)
    terms = session.scalars(select(Term).order_by(Term.start_date.desc())).all()
    return next((t for t in terms if t.id == term_id), terms[0] if terms else None), terms


@permission_required("roster.view")
def payments():
    session = get_session()
    term, terms = _term(session)
    rows = services.term_totals(session, term.id, school_filter(current_user, School.id,
                                                           School.township_id)) if term else []
    total = sum((r["amount"] for r in rows), CENT * 0)
    return render_template("roster/payments.html", rows=rows, term=term, terms=terms,
                           total=total)


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
    data = [[sc.code, sc.name, services.mask_student_no(s.student_no), s.name,
             services.mask_id(s.id_number), p.name, pay.amount, pay.paid_on.isoformat(),
             pay.card_tail] for pay, s, sc, p in session.execute(stmt)]
    return xlsx(write_xlsx([(_("Payments"), header, data)], text_columns=TEXT_COLUMNS),
                "payments.xlsx")
