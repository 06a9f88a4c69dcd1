"""Forms of the procurement plugin."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateField, FieldList, FormField, SelectField,
                     SelectMultipleField, StringField, TextAreaField)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from nutrition.services import FOOD_GROUPS, GROUP_LABELS
from suite.forms import REQUIRED, MoneyField, options

UNIT_LABELS = {"kg": _l("kg"), "jin": _l("jin (0.5 kg)"), "g": _l("g"),
               "piece": _l("piece"), "box": _l("box")}
# after a quantity ("12.5 斤"): the unit alone
UNIT_SHORT = {**UNIT_LABELS, "jin": _l("jin")}


class SupplierForm(FlaskForm):
    name = StringField(_l("Supplier name"), validators=[DataRequired(REQUIRED), Length(max=120)])
    credit_code = StringField(_l("Unified social credit code"),
                              filters=[lambda v: v.strip().upper() if v else v],
                              validators=[DataRequired(REQUIRED), Length(max=18)])
    licence_no = StringField(_l("Food business licence number"),
                             validators=[DataRequired(REQUIRED), Length(max=40)])
    licence_expiry = DateField(_l("Licence valid until"), validators=[InputRequired(REQUIRED)])
    contact = StringField(_l("Contact person"), validators=[Optional(), Length(max=60)])
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=30)])
    food_groups = SelectMultipleField(_l("Food groups supplied"), choices=options(
        (g, GROUP_LABELS[g]) for g in FOOD_GROUPS), validators=[Optional()])
    approved = BooleanField(_l("Approved by the county (tendered)"))
    active = BooleanField(_l("Active"), default=True)
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=2000)])


class LineForm(FlaskForm):
    class Meta:  # a row of DeliveryForm, whose token covers it; FlaskForm for its language
        csrf = False

    item = StringField(_l("Item"), validators=[Optional(), Length(max=60)])
    food_code = SelectField(_l("Food in the table"), validate_choice=False,
                            validators=[Optional()])
    quantity = StringField(_l("Quantity"), validators=[Optional(), Length(max=20)])
    unit = SelectField(_l("Unit"), choices=options(UNIT_LABELS.items()))
    unit_weight_g = StringField(_l("Grams per piece or box"), validators=[Optional(),
                                                                          Length(max=20)])
    unit_price = MoneyField(_l("Unit price (CNY)"), validators=[Optional()])
    accepted = BooleanField(_l("Passed inspection"), default=True)
    reject_reason = StringField(_l("Reason rejected"), validators=[Optional(), Length(max=200)])
    temperature_c = StringField(_l("Temperature (°C)"), validators=[Optional(), Length(max=10)])


class DeliveryForm(FlaskForm):
    supplier_id = SelectField(_l("Supplier"), coerce=int, validate_choice=False)
    # a blank date is the service's to refuse, beside every other blank field at once
    delivery_date = DateField(_l("Delivery date"), validators=[Optional()])
    invoice_no = StringField(_l("Invoice or ticket number"), validators=[Optional(),
                                                                         Length(max=60)])
    checker = StringField(_l("Inspected by"), validators=[Optional(), Length(max=60)])
    lines = FieldList(FormField(LineForm), min_entries=6, max_entries=60)


class VoidForm(FlaskForm):
    reason = StringField(_l("Reason for voiding"), validators=[DataRequired(REQUIRED),
                                                               Length(max=200)])


class StocktakeForm(FlaskForm):
    take_date = DateField(_l("Date counted"), validators=[InputRequired(REQUIRED)])
    counted_by = StringField(_l("Counted by"), validators=[DataRequired(REQUIRED),
                                                            Length(max=60)])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=200)])
