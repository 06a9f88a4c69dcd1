"""Forms of the menus plugin."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateField, FieldList, Form, FormField, HiddenField,
                     RadioField, SelectField, SelectMultipleField, StringField, TextAreaField)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, StopValidation
from wtforms.widgets import CheckboxInput, ListWidget

from suite.forms import REQUIRED, options
from suite.vocabulary import AGE_BANDS, MEAL_LABELS

from .labels import CATEGORY_LABELS, ROLE_LABELS, TAG_LABELS, WEEKDAYS
from .models import ROLES


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes (works without JavaScript); the service checks them."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form):
        """The service says what is wrong, in the user's language."""


class IngredientForm(Form):
    food = StringField(_l("Food"), validators=[Optional(), Length(max=60)])
    grams = StringField(_l("Raw grams per serving"), validators=[Optional(), Length(max=10)])
    band = SelectField(_l("Age band"), choices=options([("", _l("Base band, scaled"))] +
                                                       [(b, b) for b in AGE_BANDS]))


class DishForm(FlaskForm):
    name = StringField(_l("Dish name"), validators=[DataRequired(REQUIRED), Length(max=60)])
    category = SelectField(_l("Category"), choices=options(CATEGORY_LABELS.items()))
    role = SelectField(_l("Role in a meal"), default="", choices=options(
        [("", _l("As its category"))] + list(ROLE_LABELS.items())))
    cooking_method = StringField(_l("Cooking method"), validators=[Optional(), Length(max=60)])
    meals = CheckboxesField(_l("Meals it suits"), default=["lunch", "dinner"],
                            choices=options(MEAL_LABELS.items()))
    spicy = BooleanField(_l("Spicy"))
    aliases = StringField(_l("Other names (separated by 、 or ,)"),
                          validators=[Optional(), Length(max=200)])
    main_food = StringField(_l("Main ingredient (empty: the heaviest meat, fish, egg or soy)"),
                            validators=[Optional(), Length(max=60)])
    base_band = SelectField(_l("Grams entered for age band"), default="9-11",
                            choices=options((b, b) for b in AGE_BANDS))
    factor_6_8 = StringField(_l("Portion factor 6-8"), default="0.8")
    factor_9_11 = StringField(_l("Portion factor 9-11"), default="1.0")
    factor_12_14 = StringField(_l("Portion factor 12-14"), default="1.15")
    factor_15_17 = StringField(_l("Portion factor 15-17"), default="1.3")
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=2000)])
    ingredients = FieldList(FormField(IngredientForm), min_entries=8, max_entries=40)

    def factors(self) -> dict:
        return {"6-8": self.factor_6_8.data, "9-11": self.factor_9_11.data,
                "12-14": self.factor_12_14.data, "15-17": self.factor_15_17.data}


class Ticked:
    """At least one box ticked (without the `required` flag DataRequired would put on every
    box, which a browser reads as "tick them all")."""

    def __init__(self, message):
        self.message = message

    def __call__(self, form, field):
        if not field.data:
            raise StopValidation(self.message)


class WeekForm(FlaskForm):
    school_id = SelectField(_l("School"), coerce=int, validate_choice=False)
    name = StringField(_l("Template name"), validators=[Optional(), Length(max=60)])
    week_start = DateField(_l("Week starting (Monday)"), validators=[InputRequired(REQUIRED)])
    # no box ticked is refused here: the service would read "no meals" as lunch only
    days = CheckboxesField(_l("Days served"), coerce=int, default=[0, 1, 2, 3, 4],
                           validators=[Ticked(_l("Choose the days served."))],
                           choices=options((i, d) for i, d in enumerate(WEEKDAYS)))
    meals = CheckboxesField(_l("Meals served"), default=["lunch"],
                            validators=[Ticked(_l("Choose the meals served."))],
                            choices=options(MEAL_LABELS.items()))


class CopyForm(FlaskForm):
    week_start = DateField(_l("To the week starting"), validators=[InputRequired(REQUIRED)])
    school_id = SelectField(_l("School"), coerce=int, validate_choice=False)


class SuggestForm(FlaskForm):
    """建议 (a new week) or 修正 (the fewest changes to the draft), within the subsidy of each
    day or a budget per pupil per day."""
    mode = HiddenField(default="suggest")
    budget = StringField(_l("Budget per pupil per day (yuan, empty: the subsidy rate)"),
                         validators=[Optional(), Length(max=12)])
    # missing (an older page, a script): the cheapest week, as before the choice existed
    objective = RadioField(choices=options([("cost", _l("Lowest cost")),
                                            ("nutrients", _l("Best nutrient score"))]),
                           default="cost")
    prefer_stock = BooleanField(_l("Prefer food on hand"))


MAX_CHOSEN_DISHES = 5000


def chosen_dishes(values: list[str]) -> list[int] | None:
    """建议's subset of dishes from the options page's ticks ([] when none is ticked: the
    whole library); None when a value is not a dish id."""
    if len(values) > MAX_CHOSEN_DISHES:
        return None
    out = []
    for value in values:
        if not (value.isascii() and value.isdigit() and len(value) <= 10):
            return None
        out.append(int(value))
        if not 0 < out[-1] < 2 ** 31:
            return None
    return out


def chosen_roles(values: list[str]) -> list[str] | None:
    """The roles whose "all" box is ticked on the options page (every active dish of the role,
    the box's meaning without a script); None when a value is not a role."""
    if len(values) > len(ROLES) or not set(values) <= set(ROLES):
        return None
    return list(dict.fromkeys(values))


class AcceptForm(FlaskForm):
    items = HiddenField(validators=[Length(max=20000)])
    fingerprint = HiddenField(validators=[Length(max=64)])


class SchoolRuleForm(FlaskForm):
    halal = BooleanField(_l("Halal (no pork, no lard, no halal-doubtful meat)"))
    avoid = CheckboxesField(_l("Dishes to avoid"), choices=options(TAG_LABELS.items()))
    note = TextAreaField(_l("Note (e.g. which pupils have which allergy)"))
