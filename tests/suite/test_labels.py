"""Labels and `_()` in the page's language (suite.labels): tables of lazy labels worked out
once per language, and the page's `_()` giving exactly what Flask-Babel's gives."""
from __future__ import annotations

import pytest
from flask import render_template_string
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from suite import labels
from suite.labels import in_language

TABLE = {"energy": (_l("Energy"), "kcal"), "days": [_l("Monday")]}


def test_tables_come_in_the_language_of_the_page(app):
    with app.test_request_context():
        with force_locale("zh_Hans_CN"):
            zh = in_language({"labels": TABLE, "count": 3, "size": len})
            again = in_language({"labels": TABLE})
        with force_locale("en"):
            en = in_language({"labels": TABLE})
    assert zh["labels"] == {"energy": ("能量", "kcal"), "days": ["星期一"]}
    assert type(zh["labels"]["days"][0]) is str  # no lazy string left to look up again
    assert again["labels"] is zh["labels"]
    assert en["labels"] == {"energy": ("Energy", "kcal"), "days": ["Monday"]}
    assert zh["count"] == 3 and zh["size"] is len


@pytest.mark.parametrize("locale, expected", [
    ("zh_Hans_CN", "能量 &lt;b&gt;%|星期一"),
    ("en", "Energy &lt;b&gt;%|Monday"),
])
def test_the_pages_gettext_escapes_and_formats_as_flask_babels(app, locale, expected):
    source = '{{ _("Energy %(p)s%%", p=value) }}|{{ _("Monday") }}'
    with app.test_request_context(), force_locale(locale):
        ours = render_template_string(source, value="<b>")  # the page's `_()`
        flask_babels = app.jinja_env.from_string(source).render(value="<b>")
    assert ours == flask_babels == expected


def test_new_tables_each_call_keep_the_cache_bounded(app):
    with app.test_request_context(), force_locale("en"):
        for k in range(labels.MOST_TABLES + 50):
            assert in_language({"t": {"day": _l("Monday"), "k": k}})["t"] == {
                "day": "Monday", "k": k}
    assert len(labels._resolved) <= labels.MOST_TABLES
