"""Org pages: schools, enrolment, terms and their calendars, subsidy rates."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from . import services
from .auth import permission_required, school_filter, school_or_404
from .db import get_session
from .forms import CountyForm, RateForm, SchoolForm, TermDayForm, TermForm, options
from .models import AGE_BANDS, SEXES, County, School, SubsidyRate, Term, Township
from .views import bp
from . import clock

_CENT = Decimal("0.01")


def _county() -> County:
    county = get_session().scalar(select(County).order_by(County.id))
    if county is None:
        abort(404)
    return county


@bp.route("/schools")
@permission_required("suite.view_org")
def schools():
    session = get_session()
    stmt = (select(School, Township).join(Township)
            .where(school_filter(current_user, School.id, School.township_id))
            .order_by(Township.code, School.code))
    term = services.current_term(session, _county().id, clock.today())
    totals = services.enrolment_totals(session, term.id) if term else {}
    return render_template("suite/schools.html", rows=session.execute(stmt).all(),
                           term=term, totals=totals)


@bp.route("/schools/<int:school_id>")
@permission_required("suite.view_org")
def school_detail(school_id):
    session = get_session()
    school = school_or_404(session, school_id)
    terms = session.scalars(select(Term).order_by(Term.start_date.desc())).all()
    term_id = request.args.get("term", type=int)
    term = next((t for t in terms if t.id == term_id), None) or \
        services.current_term(session, _county().id, clock.today())
    table = services.enrolment_table(session, school.id, term.id) if term else {}
    return render_template("suite/school.html", school=school, terms=terms, term=term,
                           table=table, bands=AGE_BANDS, sexes=SEXES)


def _township_choices(form):
    form.township_id.choices = options(
        (t.id, t.name) for t in get_session().scalars(select(Township).order_by(Township.code)))


@bp.route("/schools/new", methods=["GET", "POST"])
@bp.route("/schools/<int:school_id>/edit", methods=["GET", "POST"])
@permission_required("suite.org")
def school_edit(school_id=None):
    session = get_session()
    school = school_or_404(session, school_id) if school_id else None
    form = SchoolForm(obj=school)
    _township_choices(form)
    if form.validate_on_submit():
        taken = session.scalar(select(School.id).where(School.code == form.code.data))
        if taken and (school is None or taken != school.id):
            form.code.errors.append(_("The school code %(code)s is taken.", code=form.code.data))
        else:
            if school is None:
                school = School()
                session.add(school)
            form.populate_obj(school)
            session.commit()
            flash(_("The school was saved."), "success")
            return redirect(url_for("suite.school_detail", school_id=school.id))
    return render_template("suite/school_form.html", form=form, school=school)


@bp.route("/schools/<int:school_id>/enrolment/<int:term_id>", methods=["GET", "POST"])
@permission_required("suite.enrolment")
def enrolment_edit(school_id, term_id):
    session = get_session()
    school = school_or_404(session, school_id)
    term = session.get(Term, term_id) or abort(404)
    table = services.enrolment_table(session, school.id, term.id)
    errors = []
    if request.method == "POST":
        counts = {}
        for grade in range(1, 10):
            for band in AGE_BANDS:
                for sex in SEXES:
                    raw = request.form.get(f"n-{grade}-{band}-{sex}", "").strip()
                    if raw == "":
                        continue
                    if not (raw.isascii() and raw.isdigit()
                            and int(raw) <= services.MAX_HEAD_COUNT):
                        errors.append(_("Grade %(g)d, %(b)s, %(s)s: \"%(v)s\" is not a whole "
                                        "number from 0 to %(max)d.", g=grade, b=band,
                                        s=_("Boys") if sex == "M" else _("Girls"),
                                        v=raw, max=services.MAX_HEAD_COUNT))
                        continue
                    counts[(grade, band, sex)] = int(raw)
        if not errors:
            services.set_enrolment(session, school.id, term.id, counts)
            session.commit()
            flash(_("The enrolment was saved."), "success")
            return redirect(url_for("suite.school_detail", school_id=school.id, term=term.id))
        table = {k: request.form.get(f"n-{k[0]}-{k[1]}-{k[2]}") for k in
                 ((g, b, s) for g in range(1, 10) for b in AGE_BANDS for s in SEXES)}
    return render_template("suite/enrolment_form.html", school=school, term=term, table=table,
                           bands=AGE_BANDS, sexes=SEXES, errors=errors), (400 if errors else 200)


@bp.route("/terms")
@permission_required("suite.view_org")
def terms():
    session = get_session()
    rows = session.scalars(select(Term).order_by(Term.start_date.desc())).all()
    counts = {t.id: len(services.school_days(session, t)) for t in rows}
    return render_template("suite/terms.html", terms=rows, counts=counts)


@bp.route("/terms/new", methods=["GET", "POST"])
@bp.route("/terms/<int:term_id>/edit", methods=["GET", "POST"])
@permission_required("suite.org")
def term_edit(term_id=None):
    session = get_session()
    term = (session.get(Term, term_id) or abort(404)) if term_id else None
    form = TermForm(obj=term)
    if form.validate_on_submit():
        unknown = []
        if term is None:
            term, unknown = services.create_term(session, _county().id, form.name.data,
                                                 form.start_date.data, form.end_date.data)
        form.populate_obj(term)
        session.commit()
        flash(_("The term was saved."), "success")
        if unknown:
            flash(_("The public holidays of %(years)s are not known yet, so they could not be "
                    "filled in automatically: please enter them by hand.",
                    years=", ".join(map(str, unknown))), "error")
        return redirect(url_for("suite.term_detail", term_id=term.id))
    return render_template("suite/term_form.html", form=form, term=term)


@bp.route("/terms/<int:term_id>")
@permission_required("suite.view_org")
def term_detail(term_id, form=None):
    session = get_session()
    term = session.get(Term, term_id) or abort(404)
    form = form or TermDayForm(formdata=None)
    days = services.school_days(session, term)
    return render_template("suite/term.html", term=term, form=form, days=days,
                           exceptions=term.days), (400 if form.errors else 200)


@bp.route("/terms/<int:term_id>/days", methods=["POST"])
@permission_required("suite.org")
def term_day_add(term_id):
    session = get_session()
    term = session.get(Term, term_id) or abort(404)
    form = TermDayForm()
    if form.validate_on_submit():
        try:
            services.set_day_kind(session, term, form.day.data, form.kind.data,
                                  form.note.data or "")
        except services.OrgError as exc:
            session.rollback()
            form.day.errors.append(str(exc))
        else:
            session.commit()
            flash(_("The calendar was updated."), "success")
            return redirect(url_for("suite.term_detail", term_id=term.id))
    return term_detail(term_id, form=form)


@bp.route("/terms/<int:term_id>/days/<day>/remove", methods=["POST"])
@permission_required("suite.org")
def term_day_remove(term_id, day):
    session = get_session()
    term = session.get(Term, term_id) or abort(404)
    try:
        services.set_day_kind(session, term, date.fromisoformat(day), None)
    except (ValueError, services.OrgError):
        abort(404)
    session.commit()
    return redirect(url_for("suite.term_detail", term_id=term.id))


@bp.route("/rates")
@permission_required("suite.view_org")
def rates():
    session = get_session()
    rows = session.scalars(select(SubsidyRate).order_by(SubsidyRate.start_date.desc())).all()
    today = clock.today()
    return render_template("suite/rates.html", rates=rows, today=today,
                           in_force=services.subsidy_rate_on(session, today, _county().id))


@bp.route("/rates/new", methods=["GET", "POST"])
@bp.route("/rates/<int:rate_id>/edit", methods=["GET", "POST"])
@permission_required("suite.org")
def rate_edit(rate_id=None):
    session = get_session()
    rate = (session.get(SubsidyRate, rate_id) or abort(404)) if rate_id else None
    form = RateForm(obj=rate)
    if request.method == "GET" and rate is not None:
        form.scope.data = "county" if rate.county_id else "national"
    if form.validate_on_submit():
        county_id = _county().id if form.scope.data == "county" else None
        if rate is None:
            rate = SubsidyRate()
        rate.county_id = county_id
        rate.start_date, rate.end_date = form.start_date.data, form.end_date.data
        rate.amount, rate.note = form.amount.data.quantize(_CENT), form.note.data or ""
        session.add(rate)
        session.commit()
        flash(_("The rate was saved."), "success")
        return redirect(url_for("suite.rates"))
    return render_template("suite/rate_form.html", form=form, rate=rate)



@bp.route("/county", methods=["GET", "POST"])
@permission_required("suite.org")
def county_settings():
    """The county's name and whether approving a menu needs a second person."""
    session = get_session()
    county = _county()
    form = CountyForm(obj=county)
    if form.validate_on_submit():
        county.name = form.name.data.strip()
        county.second_approver_required = form.second_approver_required.data
        session.commit()
        flash(_("The county settings were saved."), "success")
        return redirect(url_for("suite.county_settings"))
    return render_template("suite/county.html", form=form, county=county), \
        400 if form.errors else 200
