"""Forms of the roster plugin."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from suite.forms import REQUIRED


class ImportForm(FlaskForm):
    file = FileField(_l("Roster file (.xlsx or .csv)"), validators=[FileRequired(REQUIRED)])
    dry_run = BooleanField(_l("Only check and show what would change"))


class AidForm(FlaskForm):
    category_id = SelectField(_l("Aid category"), coerce=int, validate_choice=False)
    level_id = SelectField(_l("Difficulty level"), coerce=int, validate_choice=False)
    start_date = DateField(_l("From"), validators=[InputRequired(REQUIRED)])
    end_date = DateField(_l("Until (empty: open)"), validators=[Optional()])
    evidence = StringField(_l("Evidence"), validators=[Optional(), Length(max=200)])
    confirmed_by = StringField(_l("Confirmed by"), validators=[Optional(), Length(max=60)])


class PaymentForm(FlaskForm):
    program_id = SelectField(_l("Programme"), coerce=int, validate_choice=False)
    term_id = SelectField(_l("Term"), coerce=int, validate_choice=False)
    amount = StringField(_l("Amount (CNY)"), validators=[DataRequired(REQUIRED)])
    paid_on = DateField(_l("Date paid"), validators=[InputRequired(REQUIRED)])
    card_tail = StringField(_l("Card: last 4 digits"), validators=[Optional()])


class ExclusionForm(FlaskForm):
    term_id = SelectField(_l("Term"), coerce=int, validate_choice=False)
    reason = StringField(_l("Reason"), validators=[DataRequired(REQUIRED), Length(max=200)])
