"""Forms of the roster plugin: every form its pages read.

Where the service checks the values itself (the household ledger, home visits, aid settings,
status changes, reconciliation cases), the form only carries the fields under their names and
the CSRF token; the service's refusal is shown on the fields it names, in the user's language."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (BooleanField, DateField, IntegerField, SelectField, SelectMultipleField,
                     StringField, TextAreaField)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from suite.forms import REQUIRED, options
from suite.guards import bounded_id

from .services import BODY_MAX, STAGE_LABELS, TITLE_MAX
from .models import STAGES


class IdField(StringField):
    """A record's id from a hidden input: None when it is not a number (the view or the service
    then refuses it, as when the id is unknown)."""

    def process_formdata(self, valuelist):
        raw = valuelist[0] if valuelist else ""
        self.data = bounded_id(raw)


def _text(label=None, **kwargs) -> StringField:
    """A text field the service checks; an absent field reads as empty."""
    return StringField(label, default="", **kwargs)


class ImportForm(FlaskForm):
    file = FileField(_l("Roster file (.xlsx, .xls, .csv or text)"), validators=[FileRequired(REQUIRED)])
    dry_run = BooleanField(_l("Only check and show what would change"))


class AidForm(FlaskForm):
    category_id = SelectField(_l("Aid category"), coerce=int, validate_choice=False)
    level_id = SelectField(_l("Difficulty level"), coerce=int, validate_choice=False)
    start_date = DateField(_l("From"), validators=[InputRequired(REQUIRED)])
    end_date = DateField(_l("Until (empty: open)"), validators=[Optional()])
    evidence = StringField(_l("Evidence"), validators=[Optional(), Length(max=200)])
    confirmed_by = StringField(_l("Confirmed by"), validators=[Optional(), Length(max=60)])
    recognised_reason = StringField(_l("Reason for recognition"),
                                    validators=[Optional(), Length(max=200)])


class PaymentForm(FlaskForm):
    program_id = SelectField(_l("Programme"), coerce=int, validate_choice=False)
    term_id = SelectField(_l("Term"), coerce=int, validate_choice=False)
    amount = StringField(_l("Amount (CNY)"), validators=[DataRequired(REQUIRED)])
    paid_on = DateField(_l("Date paid"), validators=[InputRequired(REQUIRED)])
    card_tail = StringField(_l("Card: last 4 digits"), validators=[Optional()])


class ExclusionForm(FlaskForm):
    term_id = SelectField(_l("Term"), coerce=int, validate_choice=False)
    reason = StringField(_l("Reason"), validators=[DataRequired(REQUIRED), Length(max=200)])


class StatusForm(FlaskForm):
    """A student's status from a date (enrolled, graduated, left); the service checks both."""
    status = _text()
    status_date = _text()


class SettingsForm(FlaskForm):
    """One of the settings page's small forms, told apart by `action`: a new category or
    level (code, name), a programme's rule (id, boarders_only, stage, category_codes), or a
    category switched on or off (id)."""
    action = _text()
    code = _text()
    name = _text()
    id = IdField()
    boarders_only = BooleanField()
    stage = _text()
    category_codes = SelectMultipleField(validate_choice=False)


class LookupForm(FlaskForm):
    id_number = StringField(_l("Student's ID number"), validators=[
        DataRequired(REQUIRED), Length(max=40)])
    name = StringField(_l("Student's name"), validators=[DataRequired(REQUIRED), Length(max=40)])


class PolicyForm(FlaskForm):
    stage = SelectField(_l("School stage"), validators=[DataRequired(REQUIRED)])
    title = StringField(_l("Title"), validators=[DataRequired(REQUIRED), Length(max=TITLE_MAX)])
    body = TextAreaField(_l("Policy and how to apply (plain text)"), validators=[
        DataRequired(REQUIRED), Length(max=BODY_MAX)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stage.choices = [(s, STAGE_LABELS[s]) for s in STAGES]


class PublishForm(FlaskForm):
    published = StringField(default="1")  # "1" publishes, "0" withdraws


COMPARE = (("roster-list", _l("School roster with an outside list")),
           ("ledger-list", _l("Household ledger with an outside list")),
           ("roster-ledger", _l("School roster with the household ledger")))


class ReconForm(FlaskForm):
    """A new reconciliation; the view fills the township and school choices."""
    title = StringField(_l("Title"), validators=[Optional(), Length(max=120)])
    compare = SelectField(_l("Compare"), choices=options(COMPARE))
    file = FileField(_l("Outside list (.xlsx, .xls, .csv or text)"))
    only_township = SelectField(_l("Only this township"), coerce=int, validate_choice=False)
    only_school = SelectField(_l("Only this school"), coerce=int, validate_choice=False)
    aided_only = BooleanField(_l("Only roster students with a current aid category"))
    year = IntegerField(_l("Ledger year (blank: the latest)"),
                        validators=[Optional(), NumberRange(2000, 2100)])
    name = StringField(_l("Column of the name"), validators=[Optional(), Length(max=100)])
    id_number = StringField(_l("Column of the ID number"),
                            validators=[Optional(), Length(max=100)])
    birth_date = StringField(_l("Column of the birth date"),
                             validators=[Optional(), Length(max=100)])
    school = StringField(_l("Column of the school (optional)"),
                         validators=[Optional(), Length(max=100)])
    category = StringField(_l("Column of the aid category (optional)"),
                           validators=[Optional(), Length(max=100)])


class ResolveForm(FlaskForm):
    """A reconciliation case resolved with a note; the queue's filters ride along so the
    officer comes back to the same page."""
    case = IdField()
    note = _text()
    kind = _text()
    state = _text()
    page = _text()
    township = _text()
    school = _text()

    BACK = ("kind", "state", "page", "township", "school")

    def back(self) -> dict:
        return {k: self[k].data for k in self.BACK if self[k].data}


class LedgerChildForm(FlaskForm):
    """One child of the household ledger, as typed; the ledger service checks it (the same
    checks as a row of the ledger import)."""
    name = _text()
    id_number = _text()
    document_number = _text()  # a child without a resident ID
    village = _text()
    household_head = _text()
    household_kind = _text()
    stage = _text()
    location = _text()
    school_name = _text()
    aided = _text()
    aid_program = _text()
    aid_amount = _text()
    confirmed_by = _text()
    confirmed_on = _text()

    def values(self) -> dict:
        return {name: field.data or "" for name, field in self._fields.items()
                if name != "csrf_token"}


class LedgerImportForm(FlaskForm):
    file = FileField()  # none chosen: the page says so, as for an unreadable file


class VisitForm(FlaskForm):
    """A home visit; the visit service checks it (dates, required fields, the aid concerned)."""
    visit_date = _text()
    visitors = _text()
    findings = _text()
    conclusion = _text()
    aid_id = _text()
    level_id = _text()
    withdraw_reason = _text()
    recover_amount = _text()

    def values(self) -> dict:
        return {name: field.data or "" for name, field in self._fields.items()
                if name != "csrf_token"}


class VisitSearchForm(FlaskForm):
    q = _text()
