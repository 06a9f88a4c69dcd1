"""Student pages: the masked roster, one student (with aid and payments), the import."""
from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from suite.audit import record_view
from suite.auth import permission_required, school_filter, school_or_404, visible_schools
from suite.db import get_session
from suite.forms import options, save_or_show
from suite.models import School, Term, Township

from .. import services
from ..forms import AidForm, ExclusionForm, PaymentForm, StatusForm
from ..models import AidPayment, AidProgram, StudentAid, Student
from suite import clock

PAGE = 100


def list_filters():
    """The list filters; ids that are not numbers and unknown kinds are dropped rather than
    failing."""
    args = request.args
    filters = {k: args.get(k) for k in ("school", "grade", "category", "township")
               if args.get(k) and args.get(k).isascii() and args.get(k).isdigit()
               and len(args.get(k)) < 10}
    if args.get("special") in {k.code for k in services.special_kinds()}:
        filters["special"] = args["special"]
    return filters


def student_query(session, filters: dict):
    """The students the user may see, as filtered; a school they may not see: 404."""
    try:
        return services.student_query(session, current_user, filters, clock.today())
    except LookupError:
        abort(404)


@permission_required("roster.view")
def students():
    session = get_session()
    filters = list_filters()
    page = max(1, request.args.get("page", 1, type=int))
    stmt = student_query(session, filters)
    total = session.scalar(select(func.count()).select_from(stmt.subquery()))
    rows = session.execute(stmt.order_by(School.code, Student.grade, Student.student_no)
                           .offset((page - 1) * PAGE).limit(PAGE)).all()
    categories = services.aid_in_force(session, [s.id for s, _sc in rows], clock.today())
    schools = visible_schools(session, current_user)
    townships = session.scalars(select(Township).where(Township.id.in_(
        {s.township_id for s in schools})).order_by(Township.code)).all()
    flagged = services.violations(session, school_filter(current_user, AidPayment.school_id,
                                                             School.township_id))
    unspecial = {k: v for k, v in filters.items() if k != "special"}
    counts = services.special_counts(session, student_query(session, unspecial), clock.today())
    return render_template("roster/students.html", rows=rows, total=total, page=page,
                           townships=townships, flagged=flagged, unspecial=unspecial,
                           kinds=[(k, counts[k.code]) for k in services.special_kinds()],
                           size=PAGE, filters=filters, schools=schools, aid_names=categories,
                           categories=services.categories(session), mask_id=services.mask_id,
                           mask_document=services.mask_document,
                           mask_phone=services.mask_phone, mask_no=services.mask_student_no)


def _student_or_404(session, student_id) -> Student:
    student = session.get(Student, student_id)
    if student is None:
        abort(404)
    school_or_404(session, student.school_id)
    return student


def _registration_labels() -> dict:
    return {"document_type": services.DOCUMENT_TYPE_LABELS,
            "left_behind": services.LEFT_BEHIND_LABELS,
            "household_type": services.HOUSEHOLD_TYPE_LABELS,
            "school_stage": services.SCHOOL_STAGE_LABELS}


def _student_page(student, reveal=False, **forms):
    session = get_session()
    aids = session.execute(select(StudentAid).where(StudentAid.student_id == student.id)
                           .order_by(StudentAid.start_date.desc())).scalars().all()
    payments = session.execute(select(AidPayment, AidProgram).join(AidProgram).where(
        AidPayment.student_id == student.id).order_by(AidPayment.paid_on.desc())).all()
    aid_form = forms.get("aid_form") or AidForm(formdata=None)
    aid_form.category_id.choices = options((c.id, c.name) for c in services.categories(session))
    aid_form.level_id.choices = options([(0, "—")] + [(lv.id, lv.name)
                                                      for lv in services.levels(session)])
    terms = session.scalars(select(Term).order_by(Term.start_date.desc())).all()
    pay_form = forms.get("pay_form") or PaymentForm(formdata=None)
    pay_form.program_id.choices = options((p.id, p.name) for p in
                                          session.scalars(select(AidProgram)))
    pay_form.term_id.choices = options((t.id, t.name) for t in terms)
    ex_form = forms.get("ex_form") or ExclusionForm(formdata=None)
    ex_form.term_id.choices = options((t.id, t.name) for t in terms)
    names = {c.id: c.name for c in services.categories(session, active_only=False)}
    level_names = {lv.id: lv.name for lv in services.levels(session)}
    return render_template(
        "roster/student.html", student=student, school=session.get(School, student.school_id),
        reveal=reveal, status_labels=services.STATUS_LABELS, aids=aids, payments=payments,
        names=names, level_names=level_names, labels=_registration_labels(),
        guardians=services.guardians_of(session, [student.id]).get(student.id, []),
        aid_form=aid_form, pay_form=pay_form, ex_form=ex_form, mask_id=services.mask_id,
        mask_document=services.mask_document,
        mask_phone=services.mask_phone, mask_no=services.mask_student_no), \
        400 if forms else 200


@permission_required("roster.view")
def student_detail(student_id):
    return _student_page(_student_or_404(get_session(), student_id))


@permission_required("roster.reveal")
def student_reveal(student_id):
    """A bureau officer opens one record on purpose: the full numbers, and an audit entry."""
    session = get_session()
    student = _student_or_404(session, student_id)
    record_view(session, "roster_student", student.id, note="full ID number and phone shown")
    session.commit()
    return _student_page(student, reveal=True)


def _record(student_id, form, form_key: str, save, done: str):
    """Validate a student's form and save it through the service `save(session, student,
    form)`; or show the page with the errors."""
    session = get_session()
    student = _student_or_404(session, student_id)
    if form.validate_on_submit():
        ok, _saved = save_or_show(session, form, save, session, student, form, success=done)
        if ok:
            return redirect(url_for("roster.student_detail", student_id=student.id))
    return _student_page(student, **{form_key: form})


def _add_aid(session, student, f: AidForm):
    return services.add_aid(
        session, student, category_id=f.category_id.data, level_id=f.level_id.data or None,
        start_date=f.start_date.data, end_date=f.end_date.data, evidence=f.evidence.data or "",
        confirmed_by=f.confirmed_by.data or "", recognised_reason=f.recognised_reason.data or "")


def _add_payment(session, student, f: PaymentForm):
    return services.add_payment(
        session, student, program_id=f.program_id.data, term_id=f.term_id.data,
        amount=f.amount.data, paid_on=f.paid_on.data, card_tail=f.card_tail.data or "",
        today=clock.today())


@permission_required("roster.aid")
def student_aid(student_id):
    return _record(student_id, AidForm(), "aid_form", _add_aid, _("The aid was recorded."))


@permission_required("roster.aid")
def student_payment(student_id):
    return _record(student_id, PaymentForm(), "pay_form", _add_payment,
                   _("The payment was recorded."))


@permission_required("roster.aid")
def student_status(student_id):
    """The status form sits on the student's page: a refusal is flashed there."""
    session = get_session()
    student = _student_or_404(session, student_id)
    form = StatusForm()  # the service checks the status and the date
    try:
        day = date.fromisoformat(form.status_date.data)
    except ValueError:
        day = None
    save_or_show(session, None, services.set_status, session, student, form.status.data, day,
                 today=clock.today(),
                 success=_("The status was saved and the school's enrolment updated."))
    return redirect(url_for("roster.student_detail", student_id=student.id))


@permission_required("roster.aid")
def student_exclusion(student_id):
    session = get_session()
    student = _student_or_404(session, student_id)
    form = ExclusionForm()
    term = session.get(Term, form.term_id.data or 0) if form.validate_on_submit() else None
    if term is None:
        form.reason.errors.append(_("Choose a term and give the reason."))
        return _student_page(student, ex_form=form)
    services.exclude_from_plan(session, student, term, form.reason.data)
    session.commit()
    flash(_("The student is left out of the nutrition plan for %(term)s.", term=term.name),
          "success")
    return redirect(url_for("roster.student_detail", student_id=student.id))

