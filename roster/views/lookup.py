"""The public family lookup: a student's aid and payments by ID number and name, with a
limit on attempts per address."""
from __future__ import annotations

from flask import current_app, make_response, render_template, request
from flask_babel import gettext as _

from suite.auth import public
from suite.db import get_session, utcnow

from .. import services
from ..forms import LookupForm


@public
def lookup():
    form = LookupForm()
    result, status = None, 200
    if form.validate_on_submit():
        session = get_session()
        result = services.lookup(session, form.id_number.data, form.name.data,
                                ip=request.remote_addr or "", now=utcnow(),
                                limits=services.limits_from_config(current_app.config))
        session.commit()
        if result.status == "invalid":
            form.id_number.errors.append(_("This is not a valid ID number. Check the 18 "
                                           "characters and try again."))
            result = None
        else:
            form = LookupForm(formdata=None)  # nothing typed is echoed back
        if result is not None and result.status == "limited":
            status = 429
    form.id_number.data = ""
    response = make_response(render_template(
        "roster/lookup.html", form=form, result=result,
        help_phone=current_app.config.get("AID_OFFICE_PHONE", "")), status)
    response.headers["Cache-Control"] = "no-store"
    if result is not None and result.retry_after:
        response.headers["Retry-After"] = str(result.retry_after)
    return response
