"""Forms of the canteen plugin. Head counts are text fields: the service reads them and says
what is wrong (a fraction, a negative number, a word), in the user's language."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, SelectMultipleField, StringField
from wtforms.validators import Length
from wtforms.widgets import CheckboxInput, ListWidget


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
