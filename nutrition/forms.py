"""Forms of the nutrition plugin."""
from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from suite.forms import REQUIRED, options

from .foods import FOOD_GROUPS, NUTRIENTS
from .labels import GROUP_LABELS, nutrient_label


class FoodForm(FlaskForm):
    code = StringField(_l("Food code"), validators=[DataRequired(REQUIRED), Length(max=20)])
    name = StringField(_l("Name"), validators=[DataRequired(REQUIRED), Length(max=60)])
    aliases = StringField(_l("Aliases (separate with |)"), validators=[Optional(),
                                                                        Length(max=400)])
    food_group = SelectField(_l("Food group"),
                             choices=options((g, GROUP_LABELS[g]) for g in FOOD_GROUPS))
    dark_vegetable = BooleanField(_l("Dark-coloured vegetable"))
    liver = BooleanField(_l("Animal liver"))
    edible_fraction = StringField(_l("Edible fraction (0–1)"), validators=[DataRequired(REQUIRED)])
    source = StringField(_l("Source (edition and food code)"), validators=[Optional(),
                                                                          Length(max=120)])
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=2000)])

    def nutrient_fields(self):
        return [getattr(self, n) for n in NUTRIENTS]


for _n in NUTRIENTS:  # one text field per nutrient: blank = not measured, Tr = trace
    # the label is lazy: built when shown, in the reader's language
    setattr(FoodForm, _n, StringField(LazyString(nutrient_label, _n),
                                      validators=[Optional(), Length(max=20)]))


class UploadForm(FlaskForm):
    file = FileField(_l("File (.xlsx, .xls, .csv or text)"), validators=[FileRequired(REQUIRED)])


class StandardUploadForm(FlaskForm):
    file = FileField(_l("Standard file (.json)"), validators=[FileRequired(REQUIRED)])


class ChooseStandardForm(FlaskForm):
    code = SelectField(_l("Standard used by the county"), validators=[DataRequired(REQUIRED)])


class ConfirmFoodForm(FlaskForm):
    """The food's row matches the printed book: page (the service checks it) and a note."""
    page = StringField(_l("Page in the book"), validators=[Length(max=10)])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=500)])


class CorrectValueForm(ConfirmFoodForm):
    column = SelectField(_l("Value to correct"), validate_choice=False)  # the service says why
    value = StringField(_l("Value in the book (— not measured, Tr trace)"),
                        validators=[Length(max=40)])

    def __init__(self, *args, columns=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.column.choices = options(columns)
