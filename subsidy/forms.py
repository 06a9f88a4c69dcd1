"""Forms of the subsidy plugin: the month-close actions (each names the school, the month and
the version of the month's record the page showed, 0 before any, so an action on a stale page
is refused) and the bureau's explanation of an anomaly flag. The services say what is wrong,
in the user's language."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import InputRequired, Optional
from wtforms.widgets import HiddenInput

from suite.forms import REQUIRED


class MonthActionForm(FlaskForm):
    """Submit or close one school's month."""

    school_id = IntegerField(widget=HiddenInput(), validators=[InputRequired(REQUIRED)])
    month = HiddenField(validators=[InputRequired(REQUIRED)])
    version = HiddenField(validators=[Optional()])


class ReopenForm(MonthActionForm):
    """Reopen a month: the service says when the reason is missing or too long."""

    reason = StringField(_l("Reason for reopening"), validators=[Optional()])


class ExplainForm(FlaskForm):
    """Which flag (hidden: school, month, code, record key) and the note explaining it."""

    school_id = HiddenField()
    month = HiddenField()
    code = HiddenField()
    record_key = HiddenField()
    note = TextAreaField(_l("Explanation"), render_kw={"rows": 2, "maxlength": 1000})
