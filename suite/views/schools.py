"""Schools: the list, one school with its enrolment, the school form, the enrolment form."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from .. import clock, services
from ..auth import county_or_404, permission_required, school_filter, school_or_404
from ..db import get_session
from ..forms import SchoolForm, options
from ..models import School, Term, Township
from ..vocabulary import AGE_BANDS, SEXES


@permission_required("suite.view_org")
def schools():
    session = get_session()
    stmt = (select(School, Township).join(Township)
            .where(school_filter(current_user, School.id, School.township_id))
            .order_by(Township.code, School.code))
    term = services.current_term(session, county_or_404(session).id, clock.today())
    totals = services.enrolment_totals(session, term.id) if term else {}
    return render_template("suite/schools.html", rows=session.execute(stmt).all(),
                           term=term, totals=totals)


@permission_required("suite.view_org")
def school_detail(school_id):
    session = get_session()
    school = school_or_404(session, school_id)
    terms = session.scalars(select(Term).order_by(Term.start_date.desc())).all()
    term_id = request.args.get("term", type=int)
    term = next((t for t in terms if t.id == term_id), None) or \
        services.current_term(session, county_or_404(session).id, clock.today())
    table = services.enrolment_table(session, school.id, term.id) if term else {}
    return render_template("suite/school.html", school=school, terms=terms, term=term,
                           table=table, bands=AGE_BANDS, sexes=SEXES)


def _township_choices(form):
    form.township_id.choices = options(
        (t.id, t.name) for t in get_session().scalars(select(Township).order_by(Township.code)))


@permission_required("suite.org")
def school_edit(school_id=None):
    session = get_session()
    school = school_or_404(session, school_id) if school_id is not None else None
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
