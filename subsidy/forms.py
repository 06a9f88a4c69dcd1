"""Forms of the subsidy plugin: the month-close actions (each names the school, the month and
the version of the month's record the page showed, 0 before any, so an action on a stale page
is refused), the bureau's explanation of an anomaly flag, and inspections with their
rectification. Choices and texts are checked by the services, which say what is wrong,
in the user's language."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (DateField, HiddenField, IntegerField, SelectField, SelectMultipleField,
                     StringField, TextAreaField)
from wtforms.validators import InputRequired, Optional
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

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


KIND_LABELS = {"special": _l("Special inspection"), "spot": _l("Spot check"),
               "self": _l("Self-check"), "cross": _l("Cross-review")}
SCOPE_LABELS = {"aid": _l("Student aid management"), "archives": _l("Files and archives"),
                "canteen_accounts": _l("Canteen accounts"),
                "food_safety": _l("Food safety")}
STATUS_LABELS = {"open": _l("Open"), "rectified": _l("Rectified"), "closed": _l("Closed")}


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class Checkboxes(SelectMultipleField):
    """A list of checkboxes (easier on a phone than a multiple select)."""
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class InspectionForm(FlaskForm):
    school_id = SelectField(_l("School"), coerce=_int_or_none, validate_choice=False)
    kind = SelectField(_l("Kind of inspection"), validate_choice=False)
    # a blank day is the service's to refuse, with every other missing field at once
    day = DateField(_l("Day of the inspection"), validators=[Optional()])
    scopes = Checkboxes(_l("What was inspected"), validate_choice=False)
    findings = TextAreaField(_l("Problems found (empty: none)"))
    due_date = DateField(_l("Rectify by"), validators=[Optional()])
    member_ids = Checkboxes(_l("Team members"), coerce=_int_or_none, validate_choice=False)


class RectificationForm(FlaskForm):
    note = TextAreaField(_l("What the school did"))
    file = FileField(_l("Evidence (PDF, JPG, PNG, XLSX or DOCX)"))


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token."""
