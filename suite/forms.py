"""Host forms. Labels and messages are lazy strings so they follow the user's language."""
from __future__ import annotations


from flask import flash

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField, DateField, DecimalField, PasswordField, SelectField, StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired, EqualTo, InputRequired, Length, NumberRange, Optional, Regexp,
    StopValidation, ValidationError,
)

from .errors import ServiceError
from .models import DAY_KINDS, SCHOOL_KINDS, SUPPLY_MODES
from .money import parse_money

REQUIRED = _l("This field is required.")


def options(pairs) -> list[SelectChoice]:
    """(value, label) pairs as select options."""
    return [SelectChoice(value=value, label=label) for value, label in pairs]

SCHOOL_KIND_LABELS = {
    "primary": _l("Primary school"), "junior": _l("Junior middle school"),
    "nine_year": _l("Nine-year school"), "teaching_point": _l("Teaching point"),
}
SUPPLY_MODE_LABELS = {
    "canteen": _l("School canteen"), "company": _l("Catering company"),
    "family": _l("Family hosting"),
}
DAY_KIND_LABELS = {"holiday": _l("Holiday"), "makeup": _l("Make-up school day")}


class MoneyField(DecimalField):
    """An amount in yuan (rates, prices): forgiving in what it reads (see `parse_money`),
    refusing anything else with a message in the user's language."""

    def __init__(self, label=None, validators=None, places=2, **kwargs):
        super().__init__(label, validators, places=places, **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist or not str(valuelist[0]).strip():
            self.data = None
            return
        self.data = parse_money(valuelist[0])
        if self.data is None:
            raise ValueError(_l("Enter an amount in yuan, for example 3.50."))

    def pre_validate(self, form):
        if self.process_errors:  # not an amount: that is all there is to say
            raise StopValidation()


class LoginForm(FlaskForm):
    username = StringField(_l("User name"), validators=[DataRequired(REQUIRED), Length(max=60)])
    password = PasswordField(_l("Password"), validators=[DataRequired(REQUIRED)])
    remember = BooleanField(_l("Remember me on this device"))


class ChangePasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired(REQUIRED)])
    # length, user name and common passwords: passwords.check_password_strength
    new = PasswordField(_l("New password"), validators=[DataRequired(REQUIRED)])
    confirm = PasswordField(_l("New password again"), validators=[
        DataRequired(REQUIRED), EqualTo("new", message=_l("The two passwords differ."))])
    keep_tokens = BooleanField(_l("Keep my API tokens"))


class UserForm(FlaskForm):
    username = StringField(_l("User name"), validators=[
        DataRequired(REQUIRED), Length(max=60),
        Regexp(r"^[A-Za-z0-9_.-]+$", message=_l("Letters, digits, '.', '_' and '-' only."))])
    display_name = StringField(_l("Name"), validators=[Optional(), Length(max=60)])
    role = SelectField(_l("Role"), validators=[DataRequired(REQUIRED)])
    school_id = SelectField(_l("School"), coerce=int, validators=[Optional()])
    township_id = SelectField(_l("Township"), coerce=int, validators=[Optional()])
    password = PasswordField(_l("Password"), validators=[DataRequired(REQUIRED)])


class UserEditForm(FlaskForm):
    display_name = StringField(_l("Name"), validators=[Optional(), Length(max=60)])
    role = SelectField(_l("Role"), validators=[DataRequired(REQUIRED)])
    school_id = SelectField(_l("School"), coerce=int, validators=[Optional()])
    township_id = SelectField(_l("Township"), coerce=int, validators=[Optional()])
    active = BooleanField(_l("Active"))


class ResetPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(REQUIRED)])


class TokenForm(FlaskForm):
    name = StringField(_l("Token name"), validators=[DataRequired(REQUIRED), Length(max=60)])


class SchoolForm(FlaskForm):
    code = StringField(_l("School code"), filters=[lambda v: v.strip().upper() if v else v],
                       validators=[
        DataRequired(REQUIRED), Length(max=20),
        Regexp(r"^[A-Za-z0-9-]+$", message=_l("Letters, digits and '-' only."))])
    name = StringField(_l("School name"), validators=[DataRequired(REQUIRED), Length(max=120)])
    township_id = SelectField(_l("Township"), coerce=int, validators=[DataRequired(REQUIRED)])
    kind = SelectField(_l("Kind"), choices=options((k, SCHOOL_KIND_LABELS[k]) for k in SCHOOL_KINDS))
    supply_mode = SelectField(_l("Supply mode"),
                              choices=options(
                                  (k, SUPPLY_MODE_LABELS[k]) for k in SUPPLY_MODES))
    rural = BooleanField(_l("Rural"))
    boarding = BooleanField(_l("Boarding"))
    in_plan = BooleanField(_l("In the nutrition plan"))
    active = BooleanField(_l("Active"), default=True)


def sane_day(_form, field):
    """A date a school year can hold: a day at the ends of the calendar (9999-12-31)
    overflows "the next day" reckoned from it."""
    if field.data and not 1900 <= field.data.year <= 2099:
        raise ValidationError(_l("Enter a date between 1900 and 2099."))


class TermForm(FlaskForm):
    name = StringField(_l("Term name"), validators=[DataRequired(REQUIRED), Length(max=60)])
    start_date = DateField(_l("First day"), validators=[InputRequired(REQUIRED), sane_day])
    end_date = DateField(_l("Last day"), validators=[InputRequired(REQUIRED), sane_day])

    def validate_end_date(self, field):
        if self.start_date.data and field.data and field.data < self.start_date.data:
            raise ValidationError(_l("The last day is before the first day."))


class TermDayForm(FlaskForm):
    day = DateField(_l("Date"), validators=[InputRequired(REQUIRED), sane_day])
    kind = SelectField(_l("Kind"), choices=options((k, DAY_KIND_LABELS[k]) for k in DAY_KINDS))
    note = StringField(_l("Note"), validators=[Optional(), Length(max=80)])


class RateForm(FlaskForm):
    scope = SelectField(_l("Applies to"), choices=options([
        ("national", _l("National rate")), ("county", _l("County top-up"))]))
    start_date = DateField(_l("From"), validators=[InputRequired(REQUIRED), sane_day])
    end_date = DateField(_l("Until (empty: open)"), validators=[Optional(), sane_day])
    amount = MoneyField(_l("Amount (CNY per student per school day)"), validators=[
        InputRequired(REQUIRED), NumberRange(min=0, max=100, message=_l("Between 0 and 100."))])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=200)])

    def validate_end_date(self, field):
        if self.start_date.data and field.data and field.data < self.start_date.data:
            raise ValidationError(_l("The end is before the start."))

    def validate_amount(self, field):
        if field.data is not None and field.data.as_tuple().exponent < -2:
            raise ValidationError(_l("At most two decimal places (fen)."))


class CountyForm(FlaskForm):
    name = StringField(_l("Bureau name"), validators=[DataRequired(REQUIRED), Length(max=80)])
    second_approver_required = BooleanField(
        _l("Menus must be approved by someone other than who submitted them"))


def save_or_show(session, form, action, *args, success=None, **kwargs):
    """The view's half of every state change: run the service `action(*args, **kwargs)`;
    when it refuses (ServiceError), roll back and put each message on the form field of that
    name (others are flashed) and return (False, None); otherwise commit, flash `success` and
    return (True, result)."""
    try:
        result = action(*args, **kwargs)
    except ServiceError as exc:
        session.rollback()
        show_errors(form, exc)
        return False, None
    session.commit()
    if success:
        flash(success, "success")
    return True, result


def show_errors(form, exc: ServiceError) -> None:
    """Each message on its field; a message for no field (or an unknown one) is flashed."""
    for name, message in exc.messages().items():
        field = form._fields.get(name) if form is not None and name else None
        if field is not None:
            field.errors = list(field.errors) + [message]
        else:
            if form is not None:
                form.form_errors.append(message)
            flash(message, "error")


def form_status(form) -> int:
    """400 after a refused POST (the page shows why), else 200."""
    from flask import request

    return 400 if request.method == "POST" and form.errors else 200
