"""The flags of the months of the schools a user may see, ready for the page and the API:
each flag's explanation in the user's language and its link as a URL; and the number of open
and explained flags per school for the dashboard and the home page. Needs a request.

The checks run per school (`flags.month_flags`: canteen's day summaries and each meal's
planned-against-issued grams), about 0.5 s and 970 statements for a school's month of 22 days
× 3 meals on the benchmark's data; each school's month is worked out once per request
(`flask.g`), and the dashboard counts flags only for up to SUBSIDY_DASHBOARD_FLAG_SCHOOLS
schools at once (a township), pointing to the flags page otherwise."""
from __future__ import annotations

from flask import current_app, g, url_for
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
    settings, today = flag_settings(current_app.config), clock.today()
    order = {c: i for i, c in enumerate(CODES)}
    rows = []
    for s in schools:
        for f in _month_flags(session, s.id, year, month, today, settings):
            if code and f["code"] != code:
                continue
            rows.append({"school": s, "code": f["code"], "label": FLAG_LABELS[f["code"]],
                         "record_key": f["record_key"], "text": translate(f["explanation"]),
                         "figures": f["figures"], "url": link_url(f["link"]),
                         "explained": f["explained"]})
    rows.sort(key=lambda r: (r["explained"] is not None, r["school"].code, order[r["code"]],
                             r["record_key"]))
    return rows


def _month_flags(session, school_id: int, year: int, month: int, today, settings) -> list:
    """`month_flags`, worked out once per request for a school's month."""
    memo = g.setdefault("subsidy_month_flags", {})
    key = (school_id, year, month, today)
    if key not in memo:
        memo[key] = month_flags(session, school_id, year, month, today=today, settings=settings)
    return memo[key]


def flag_tally(session, school_ids, year: int, month: int) -> dict[int, dict] | None:
    """school_id -> {"open", "explained"} numbers of the month's flags, or None when more
    schools are asked about than SUBSIDY_DASHBOARD_FLAG_SCHOOLS (the checks run per school)."""
    ids = list(school_ids)
    if len(ids) > int(current_app.config["SUBSIDY_DASHBOARD_FLAG_SCHOOLS"]):
        return None
    settings, today = flag_settings(current_app.config), clock.today()
    out = {}
    for sid in ids:
        found = _month_flags(session, sid, year, month, today, settings)
        explained = sum(1 for f in found if f["explained"] is not None)
        out[sid] = {"open": len(found) - explained, "explained": explained}
    return out
