"""The flags of the months of the schools a user may see, ready for the page and the API:
each flag's explanation in the user's language and its link as a URL. Needs a request."""
from __future__ import annotations

from flask import current_app, url_for
from werkzeug.routing import BuildError

from suite import clock
from suite.auth import visible_schools
from suite.errors import translate

from .flags import CODES, FLAG_LABELS, flag_settings, month_flags


def link_url(link) -> str | None:
    """The URL of a flag's (endpoint, arguments); None when that page is not installed."""
    if not link:
        return None
    endpoint, kwargs = link
    try:
        return url_for(endpoint, **kwargs)
    except BuildError:
        return None


def flag_rows(session, user, year: int, month: int, school=None, code: str = "") -> list:
    """{"school", "code", "label", "record_key", "text", "figures", "url", "explained"} of
    every flag of the month (one school when given; one code when given), open flags first,
    then by school code, flag code and record key."""
    schools = [school] if school is not None else visible_schools(session, user)
    settings = flag_settings(current_app.config)
    today = clock.today()
    order = {c: i for i, c in enumerate(CODES)}
    rows = []
    for s in schools:
        for f in month_flags(session, s.id, year, month, today=today, settings=settings):
            if code and f["code"] != code:
                continue
            rows.append({"school": s, "code": f["code"], "label": FLAG_LABELS[f["code"]],
                         "record_key": f["record_key"], "text": translate(f["explanation"]),
                         "figures": f["figures"], "url": link_url(f["link"]),
                         "explained": f["explained"]})
    rows.sort(key=lambda r: (r["explained"] is not None, r["school"].code, order[r["code"]],
                             r["record_key"]))
    return rows
