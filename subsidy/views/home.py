"""The subsidy's panel on the home page, kept cheap:
- the bureau, admin and township officers: the open (unexplained) anomaly flags of last month
  (the checks run per school, so only last month is counted here, and only for up to
  SUBSIDY_DASHBOARD_FLAG_SCHOOLS schools; this month links to the flags page) and the
  inspections with open findings (one SQL count); for those who close months, how many
  schools submitted last month and wait for the bureau;
- a canteen manager: their school's month close status of last month and this month (one
  query) and its inspections with open findings."""
from __future__ import annotations

from datetime import timedelta

from flask_babel import lazy_gettext as _l

from suite import clock
from suite.auth import has_permission, user_scope, visible_schools
from suite.db import get_session

from .. import services
from ..flag_list import flag_tally


def _months():
    today = clock.today()
    last = today.replace(day=1) - timedelta(days=1)
    return (last.year, last.month), (today.year, today.month)


def home_panels(user):
    """[(title, template, data)] for the home page (suite.views.home)."""
    if not (has_permission(user, "subsidy.flags") or has_permission(user, "subsidy.record")):
        return []
    session = get_session()
    ids = [s.id for s in visible_schools(session, user)]
    (ly, lm), (ty, tm) = _months()
    data = {"open_findings": services.open_findings(session, ids),
            "can_inspections": has_permission(user, "subsidy.inspections"),
            "last": f"{ly:04d}-{lm:02d}", "this": f"{ty:04d}-{tm:02d}"}
    if has_permission(user, "subsidy.flags"):
        tally = flag_tally(session, ids, ly, lm)
        data["flags_last"] = (sum(t["open"] for t in tally.values())
                              if tally is not None else None)
        if has_permission(user, "subsidy.close"):  # months the schools submitted: one query
            closes = services.month_closes(session, ids, ly, lm)
            data["waiting"] = sum(1 for c in closes.values() if c["status"] == "submitted")
        return [(_l("Anomaly flags and inspections"), "subsidy/_home_panel.html", data)]
    scope, school_id = user_scope(user)
    if scope == "school" and school_id is not None:
        last = services.month_closes(session, [school_id], ly, lm)[school_id]["status"]
        this = services.month_closes(session, [school_id], ty, tm)[school_id]["status"]
        data.update(status_last=services.STATUS_LABELS[last],
                    status_this=services.STATUS_LABELS[this], school_id=school_id,
                    can_close=has_permission(user, "subsidy.months"))
        return [(_l("Your school's month"), "subsidy/_home_panel.html", data)]
    return [(_l("Inspections and rectification"), "subsidy/_home_panel.html", data)]
