"""Label tables in the page's language, worked out once per process and language: a page
that shows a hundred labels should not run a hundred lookups through Flask-Babel."""
from __future__ import annotations

import threading

from flask_babel import get_locale, get_translations
from flask_babel.speaklater import LazyString
from jinja2 import pass_context
from markupsafe import Markup

MOST_TABLES = 256
_lock = threading.Lock()
_resolved: dict[tuple[int, str], tuple[object, object]] = {}


def in_language(tables: dict) -> dict:
    """The template variables `tables` with every table of labels (a dict, tuple or list,
    nested, of lazy strings) in the current language; anything else as it is."""
    locale = str(get_locale())
    return {name: _table(value, locale) if isinstance(value, (dict, tuple, list)) else value
            for name, value in tables.items()}


def _table(table, locale: str):
    key = (id(table), locale)
    with _lock:
        hit = _resolved.get(key)
    if hit is not None and hit[0] is table:  # the table itself is kept, so its id stays its own
        return hit[1]
    value = _resolve(table)
    with _lock:
        if len(_resolved) >= MOST_TABLES:  # a caller passing new tables each time stays bounded
            _resolved.clear()
        _resolved[key] = (table, value)
    return value


def _resolve(value):
    if isinstance(value, LazyString):
        return str(value)
    if isinstance(value, dict):
        return {k: _resolve(v) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return type(value)(_resolve(v) for v in value)
    return value


def page_gettext() -> dict:
    """`_()` for the templates of one page, bound to its catalogue: Flask-Babel's looks the
    catalogue up again on every call, and a planner page makes more than a hundred. It works
    as Jinja's new-style gettext: escaped when autoescaping, always %-formatted."""
    lookup = get_translations().ugettext

    @pass_context
    def gettext(context, string, **variables):
        text = lookup(string)
        if context.eval_ctx.autoescape:
            text = Markup(text)
        return text % variables

    return {"gettext": gettext}
