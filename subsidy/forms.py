"""Forms of the subsidy plugin: the month-close actions. Each names the school, the month and
the version of the month's record the page showed (0 before any), so an action on a stale
page is refused."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, StringField
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
