"""Forms of the canteen plugin: a meal's counts, food issued to a meal, supplied servings and
catering contracts. Head counts and grams are text fields: the service reads them and says
what is wrong (a fraction, a negative number, a word), in the user's language."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateField, HiddenField, SelectField, SelectMultipleField,
                     StringField)
from wtforms.validators import InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from suite.forms import REQUIRED, options
from suite.vocabulary import AGE_BANDS, MEAL_LABELS


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes (works without JavaScript)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form):
        """The service checks the dishes and says what is wrong."""


class CountsForm(FlaskForm):
    """One meal's counts; the grade fields (`grade_<n>` students served, `grade_<n>_plan`
    of whom plan students) are added per school by `counts_form`."""

    teachers = StringField(_l("Teachers and staff"), render_kw={"inputmode": "numeric"})
    dishes = CheckboxesField(_l("Dishes served"), coerce=int)
    added_dish = SelectField(_l("Another dish served"), validate_choice=False)
    change_note = StringField(_l("What changed from the menu, and why"),
                              validators=[Length(max=200)])
    make_up_reason = StringField(_l("Why meals were served on a day off"),
                                 validators=[Length(max=200)])
    confirm_repeat = BooleanField(_l("I confirm these counts are real"))
    version = HiddenField()


def counts_form(grades, **kwargs) -> CountsForm:
    """The counts form with a pair of fields for each grade of the school."""
    fields = {}
    for grade in grades:
        fields[f"grade_{grade}"] = StringField(_l("Students served"),
                                               render_kw={"inputmode": "numeric"})
        fields[f"grade_{grade}_plan"] = StringField(_l("Of whom plan students"),
                                                    render_kw={"inputmode": "numeric"})
    form_class = type("SchoolCountsForm", (CountsForm,), fields)
    return form_class(**kwargs)



class IssueForm(FlaskForm):
    """Grams issued per food: one field `q_<food id>` per row of the page (issue_form)."""


def issue_form(rows: list[dict], formdata=None):
    """An IssueForm with a field per food, prefilled with what is still to issue."""
    fields = {f"q_{r['food_id']}": StringField(r["name"], validators=[
        Optional(), Length(max=20)], render_kw={"inputmode": "decimal"}) for r in rows}
    form_class = type("MealIssueForm", (IssueForm,), fields)
    if formdata is False:
        data = {f"q_{r['food_id']}": r.get("proposed") or "" for r in rows}
        return form_class(formdata=None, data=data)
    return form_class()


def band_field(band: str) -> str:
    return "servings_" + band.replace("-", "_")


class SuppliedForm(FlaskForm):
    supplier_id = SelectField(_l("Supplier"), coerce=int, validate_choice=False)
    slip_no = StringField(_l("Delivery slip number"), validators=[Optional(), Length(max=60)])
    servings_6_8 = StringField(_l("Servings, ages 6-8"), validators=[Optional(), Length(max=6)],
                               render_kw={"inputmode": "numeric"})
    servings_9_11 = StringField(_l("Servings, ages 9-11"),
                                validators=[Optional(), Length(max=6)],
                                render_kw={"inputmode": "numeric"})
    servings_12_14 = StringField(_l("Servings, ages 12-14"),
                                 validators=[Optional(), Length(max=6)],
                                 render_kw={"inputmode": "numeric"})
    servings_15_17 = StringField(_l("Servings, ages 15-17"),
                                 validators=[Optional(), Length(max=6)],
                                 render_kw={"inputmode": "numeric"})


class ContractForm(FlaskForm):
    school_id = SelectField(_l("School"), coerce=int, validate_choice=False)
    supplier_id = SelectField(_l("Supplier"), coerce=int, validate_choice=False)
    meal = SelectField(_l("Meal"), choices=options(MEAL_LABELS.items()))
    age_band = SelectField(_l("Age band"), choices=options(
        [("", _l("Every age band"))] + [(b, b) for b in AGE_BANDS]))
    start_date = DateField(_l("From"), validators=[InputRequired(REQUIRED)])
    end_date = DateField(_l("Until (empty: open)"), validators=[Optional()])
    price_per_serving = StringField(_l("Price per serving (CNY)"),
                                    validators=[InputRequired(REQUIRED), Length(max=20)],
                                    render_kw={"inputmode": "decimal"})
    contract_no = StringField(_l("Contract number"), validators=[Optional(), Length(max=60)])
