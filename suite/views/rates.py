"""Subsidy rates: the list with the rate in force today, and the rate form."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from .. import clock, services
from ..auth import county_or_404, permission_required
from ..db import get_session
from ..forms import RateForm
from ..models import SubsidyRate
from ..money import money


@permission_required("suite.view_org")
def rates():
    session = get_session()
    rows = session.scalars(select(SubsidyRate).order_by(SubsidyRate.start_date.desc())).all()
    today = clock.today()
    return render_template("suite/rates.html", rates=rows, today=today,
                           in_force=services.subsidy_rate_on(session, today,
                                                             county_or_404(session).id))


@permission_required("suite.org")
def rate_edit(rate_id=None):
    session = get_session()
    rate = (session.get(SubsidyRate, rate_id) or abort(404)) if rate_id is not None else None
    form = RateForm(obj=rate)
    if request.method == "GET" and rate is not None:
        form.scope.data = "county" if rate.county_id else "national"
    if form.validate_on_submit():
        county_id = county_or_404(session).id if form.scope.data == "county" else None
        if rate is None:
            rate = SubsidyRate()
        rate.county_id = county_id
        rate.start_date, rate.end_date = form.start_date.data, form.end_date.data
        rate.amount, rate.note = money(form.amount.data), form.note.data or ""
        session.add(rate)
        session.commit()
        flash(_("The rate was saved."), "success")
        return redirect(url_for("suite.rates"))
    return render_template("suite/rate_form.html", form=form, rate=rate)
