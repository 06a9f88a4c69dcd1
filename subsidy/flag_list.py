"""The flags of the months of the schools a user may see, ready for the page and the API:
each flag's explanation in the user's language and its link as a URL; and the number of open
and explained flags per school for the dashboard and the home page. Needs a request.

The checks of many schools run together (`flags.schools_flags`: a fixed number of statements
whatever the number of schools), once per request for the same schools and month (`flask.g`).
On the benchmark's county (200 schools, 22 days × 3 meals, no menus, samples or logs, so
about 700 flags a school) that takes about 9 s, most of it building the 139,000 flags; one
school about 0.2 s (school by school it was 0.5 s each, 970 statements). The dashboard and
the home page count flags only for up to SUBSIDY_DASHBOARD_FLAG_SCHOOLS schools at once and
point to the flags page otherwise."""
from __future__ import annotations

from flask import current_app, g, url_for
from flask_login import current_user
from werkzeug.routing import BuildError

from suite import clock
from suite.auth import may_open, visible_schools
from suite.errors import translate

from .flags import CODES, FLAG_LABELS, flag_settings, schools_flags


def link_url(link) -> str | None:
    """The URL of a flag's (endpoint, arguments); None when that page is not installed or the
    user's role may not open it (a township officer reads the ledger, not the canteens)."""
    if not link:
        return None
    endpoint, kwargs = link
    if not may_open(current_user, endpoint):
        return None
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
    found = _flags_of(session, [s.id for s in schools], year, month, today, settings)
    rows = []
    for s in schools:
        for f in found.get(s.id, []):
            if code and f["code"] != code:
                continue
            rows.append({"school": s, "code": f["code"], "label": FLAG_LABELS[f["code"]],
                         "record_key": f["record_key"], "text": translate(f["explanation"]),
                         "figures": f["figures"], "url": link_url(f["link"]),
                         "explained": f["explained"]})
    rows.sort(key=lambda r: (r["explained"] is not None, r["school"].code, order[r["code"]],
                             r["record_key"]))
    return rows


def _flags_of(session, school_ids, year: int, month: int, today, settings) -> dict:
    """`schools_flags` of these schools' month, worked out once per request."""
    memo = g.setdefault("subsidy_flags", {})
    key = (tuple(sorted(school_ids)), year, month, today)
    if key not in memo:
        memo[key] = schools_flags(session, school_ids, year, month, today=today,
                                  settings=settings)
    return memo[key]


def flag_tally(session, school_ids, year: int, month: int) -> dict[int, dict] | None:
    """school_id -> {"open", "explained"} numbers of the month's flags, or None when more
    schools are asked about than SUBSIDY_DASHBOARD_FLAG_SCHOOLS."""
    ids = list(school_ids)
    if len(ids) > int(current_app.config["SUBSIDY_DASHBOARD_FLAG_SCHOOLS"]):
        return None
    found = _flags_of(session, ids, year, month, clock.today(),
                      flag_settings(current_app.config))
    out = {}
    for sid in ids:
        explained = sum(1 for f in found.get(sid, []) if f["explained"] is not None)
        out[sid] = {"open": len(found.get(sid, [])) - explained, "explained": explained}
    return out
