"""Terms and their calendars: holidays and make-up days, filled in and edited."""
from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from .. import services
from ..auth import county_or_404, permission_required
from ..db import get_session
from ..forms import TermDayForm, TermForm, save_or_show
from ..models import Term


@permission_required("suite.view_org")
def terms():
    session = get_session()
    rows = session.scalars(select(Term).order_by(Term.start_date.desc())).all()
    counts = {t.id: len(services.school_days(session, t)) for t in rows}
    return render_template("suite/terms.html", terms=rows, counts=counts)


@permission_required("suite.org")
def term_edit(term_id=None):
    session = get_session()
    term = (session.get(Term, term_id) or abort(404)) if term_id is not None else None
    form = TermForm(obj=term)
    if form.validate_on_submit():
        values = (form.name.data, form.start_date.data, form.end_date.data)
        if term is None:
            saved, made = save_or_show(session, form, services.create_term, session,
                                       county_or_404(session).id, *values)
            term, unknown = made or (None, [])
        else:
            saved, _term = save_or_show(session, form, services.edit_term, session, term,
                                        *values)
            unknown = []
        if not saved:
            return render_template("suite/term_form.html", form=form, term=term), 400
        flash(_("The term was saved."), "success")
        if unknown:
            flash(_("The public holidays of %(years)s are not known yet, so they could not be "
                    "filled in automatically: please enter them by hand.",
                    years=", ".join(map(str, unknown))), "error")
        return redirect(url_for("suite.term_detail", term_id=term.id))
    return render_template("suite/term_form.html", form=form, term=term)


@permission_required("suite.view_org")
def term_detail(term_id, form=None):
    session = get_session()
    term = session.get(Term, term_id) or abort(404)
    form = form or TermDayForm(formdata=None)
    days = services.school_days(session, term)
    return render_template("suite/term.html", term=term, form=form, days=days,
                           exceptions=term.days,
                           unknown_years=services.unknown_holiday_years(term)), \
        (400 if form.errors else 200)


@permission_required("suite.org")
def term_day_add(term_id):
    session = get_session()
    term = session.get(Term, term_id) or abort(404)
    form = TermDayForm()
    if form.validate_on_submit():
        saved, _none = save_or_show(session, form, services.set_day_kind, session, term,
                                    form.day.data, form.kind.data, form.note.data or "",
                                    success=_("The calendar was updated."))
        if saved:
            return redirect(url_for("suite.term_detail", term_id=term.id))
    return term_detail(term_id, form=form)


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
