"""Request guards for hostile input: ids beyond the database's integer range, non-ASCII
digits, NUL characters (PostgreSQL refuses them in text) and JSON nested without end.

Each is refused once here, for every view, with a 400 or 404 instead of a database error."""
from __future__ import annotations

import json
import re

from flask import abort, current_app, request
from flask.json.provider import DefaultJSONProvider
from flask.wrappers import Request
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter

from .cells import ascii_digits

INT_MIN, INT_MAX = -(2**31), 2**31 - 1  # a signed 32-bit INTEGER column, as on PostgreSQL
_ASCII_INT = re.compile(r"[+-]?[0-9]{1,10}")


def bounded_int(value) -> int:
    """int() for request values: ASCII digits only and within the INTEGER range, else
    ValueError (so `args.get(k, type=int)` gives its default instead of a database error)."""
    text = str(value).strip()
    if not _ASCII_INT.fullmatch(text):
        raise ValueError(f"not an integer id: {text[:20]!r}")
    number = int(text)
    if not INT_MIN <= number <= INT_MAX:
        raise ValueError("beyond the integer range")
    return number


def bounded_id(text) -> int | None:
    """A record's id typed or posted as text: 0 to the INTEGER maximum, else None (the
    caller refuses it as an unknown id, never as a database error)."""
    text = str(text if text is not None else "").strip()
    if not ascii_digits(text) or len(text) > 10:
        return None
    number = int(text)
    return number if number <= INT_MAX else None


def offset_arg(name: str = "offset") -> int:
    """A list's offset from the query: negative or not a number is 0; past the INTEGER range
    is past every list (an empty page, never the first page again, which would keep a paging
    client going round)."""
    text = (request.args.get(name) or "").strip()
    if ascii_digits(text):
        return min(int(text), INT_MAX) if len(text) <= 10 else INT_MAX
    return 0


def at_most(limit: int) -> str:
    """A regex of the decimal numbers from 0 to `limit` (leading zeros allowed within its
    length): shorter numbers, then for each digit of `limit` a smaller one and any rest."""
    digits = str(limit)
    parts = [f"[0-9]{{1,{len(digits) - 1}}}"] if len(digits) > 1 else []
    for i, ch in enumerate(digits):
        rest = len(digits) - i - 1
        if ch != "0":
            parts.append(digits[:i] + f"[0-{int(ch) - 1}]" + (f"[0-9]{{{rest}}}" if rest else ""))
    return "(?:" + "|".join(parts + [digits]) + ")"


class BoundedIntConverter(IntegerConverter):
    """The app's `int` URL converter: ASCII digits within the INTEGER range, else 404. The
    range is in the regex: a path whose number only the conversion refused was still
    matched, and answered 405 where another method's route has the same path."""

    def __init__(self, map, fixed_digits=0, min=None, max=None, signed=False):
        super().__init__(map, fixed_digits, min, INT_MAX if max is None else max, signed)
        self.regex = at_most(self.max)


class BoundedValues(ImmutableMultiDict):
    """Query and form values whose `type=int` conversions are bounded as above."""

    def get(self, key, default=None, type=None):
        return super().get(key, default, bounded_int if type is int else type)

    def getlist(self, key, type=None):
        return super().getlist(key, bounded_int if type is int else type)


class SuiteRequest(Request):
    parameter_storage_class = BoundedValues


class SuiteJSONProvider(DefaultJSONProvider):
    """JSON nested beyond Python's recursion limit is bad JSON (400), not a crash."""

    def loads(self, s, **kwargs):
        try:
            return super().loads(s, **kwargs)
        except RecursionError as exc:
            raise ValueError("JSON nested too deeply") from exc


NUL_REFUSED = _l("The request contains a NUL character, which no field may hold.")
# ten times the longest text any form accepts; keeps searches under SQLite's LIKE limit
MAX_VALUE_CHARS = 10_000


SURROGATE_REFUSED = _l("The request contains an escaped character that is not text (half of "
                       "a UTF-16 pair alone).")


# an escape (\\u) or the raw UTF-8 of U+D800..U+DFFF (ED A0..BF): only such a body is parsed
# and written again to look, not every JSON write
_MAY_HOLD_SURROGATE = re.compile(rb"\\u|\xed[\xa0-\xbf]")


def _lone_surrogate(data) -> bool:
    """JSON may escape half of a UTF-16 pair (\\ud800) alone: Python reads it, no database
    can store it."""
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _has_nul(values) -> bool:
    return any("\x00" in (v or "") for v in values)


def _too_long(values) -> bool:
    return any(len(v or "") > MAX_VALUE_CHARS for v in values)


def refuse_nul() -> None:
    """No path, query value, form value, upload name or JSON text may hold a NUL character,
    and no query or form value may be longer than MAX_VALUE_CHARS."""
    if "\x00" in request.path or "%00" in request.query_string.decode("latin-1") \
            or "\x00" in request.headers.get("Authorization", ""):
        abort(400, NUL_REFUSED)
    if _too_long(v for vs in request.args.listvalues() for v in vs) or (
            request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data")
            and _too_long(v for vs in request.form.listvalues() for v in vs)):
        abort(400, _l("A field is longer than %(max)s characters.", max=MAX_VALUE_CHARS))
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        if request.is_json:
            body = request.get_data(cache=True)
            limit = current_app.config.get("MAX_CONTENT_LENGTH")
            if request.content_length is None and limit and len(body) >= limit:
                abort(413)  # a chunked body is cut at the limit, not refused: refuse it here
            if b"\x00" in body or b"\\u0000" in body:
                abort(400, NUL_REFUSED)
            if _MAY_HOLD_SURROGATE.search(body) and \
                    _lone_surrogate(request.get_json(silent=True)):
                abort(400, SURROGATE_REFUSED)
        elif request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
            values = [v for vs in request.form.listvalues() for v in vs]
            if _has_nul(values) or _has_nul(request.form.keys()) or _has_nul(
                    f.filename for f in request.files.values()):
                abort(400, NUL_REFUSED)


def _bound_select_fields() -> None:
    """Select fields that coerce to int (ids chosen in forms, often without checking the
    choice) coerce within the INTEGER range: a larger id is an invalid choice, not a
    database error."""
    from wtforms.fields import SelectField

    original = SelectField.__init__
    if getattr(original, "bounded", False):
        return

    def __init__(self, *args, coerce=str, **kwargs):
        original(self, *args, coerce=bounded_int if coerce is int else coerce, **kwargs)

    __init__.bounded = True
    SelectField.__init__ = __init__


def install(app) -> None:
    """Before any blueprint is registered: the converter applies to rules added later."""
    _bound_select_fields()
    app.url_map.converters["int"] = BoundedIntConverter
    app.request_class = SuiteRequest
    app.json = SuiteJSONProvider(app)
