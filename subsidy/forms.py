"""Forms of the subsidy plugin: the bureau's explanation of an anomaly flag. The service says
what is wrong with the note, in the user's language."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, TextAreaField


class ExplainForm(FlaskForm):
    """Which flag (hidden: school, month, code, record key) and the note explaining it."""

    school_id = HiddenField()
    month = HiddenField()
    code = HiddenField()
    record_key = HiddenField()
    note = TextAreaField(_l("Explanation"), render_kw={"rows": 2, "maxlength": 1000})
