"""The county's settings."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ..auth import county_or_404, permission_required
from ..db import get_session
from ..forms import CountyForm


@permission_required("suite.org")
def county_settings():
    """The county's name and whether approving a menu needs a second person."""
    session = get_session()
    county = county_or_404(session)
    form = CountyForm(obj=county)
    if form.validate_on_submit():
        county.name = form.name.data.strip()
        county.second_approver_required = form.second_approver_required.data
        session.commit()
        flash(_("The county settings were saved."), "success")
        return redirect(url_for("suite.county_settings"))
    return render_template("suite/county.html", form=form, county=county), \
        400 if form.errors else 200
