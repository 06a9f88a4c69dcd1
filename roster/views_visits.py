"""The home visits of the term: aided students still to be visited and who visited whom and
when, filtered by township and school. A township officer sees their own township only
(another township's or school's id: 404); the bureau, who records visits, also finds any
student by number or name (the search posts its words, so an ID or student number never sits
in a URL: logs, history, the language switch's return address)."""
from __future__ import annotations

from flask import render_template, request
from flask_login import current_user
from sqlalchemy import select

from suite import clock
from suite.auth import has_permission, permission_required, school_filter, school_or_404
from suite.db import get_session
from suite.models import School, Township

from . import services as hh
from . import services as service
from .views import bp
from .views_household import _township

PAGE = 50
MAX_PAGE = 10**6  # beyond it an offset would not fit the database's integers


def _scope(session) -> service.VisitScope:
    township = _township(session)
    school_id = request.args.get("school", type=int)
    school = school_or_404(session, school_id) if school_id is not None else None
    if school is not None and township is not None and school.township_id != township.id:
        school = None  # a school of another township: the township's list
    return service.VisitScope(township.id if township else None, school.id if school else None)


@bp.route("/visits", methods=["GET", "POST"])
@permission_required("roster.visits")
def visits():
    session = get_session()
    today = clock.today()
    scope = _scope(session)
    can_record = has_permission(current_user, "roster.aid")
    query = (request.form.get("q", "") if request.method == "POST"
             else request.args.get("q", "")) if can_record else ""
    page = min(max(1, request.args.get("page", 1, type=int)), MAX_PAGE)
    term = service.visit_term(session, today)
    townships, schools = _choices(session, scope)
    return render_template(
        "roster/visits.html", query=query, can_record=can_record,
        found=hh.find_students(session, query) if query else [],
        term=term, scope=scope, townships=townships, schools=schools, page=page, size=PAGE,
        waiting=service.to_visit(session, term, today, scope, offset=(page - 1) * PAGE,
                                 limit=PAGE),
        waiting_total=service.count_to_visit(session, term, today, scope),
        visits=service.visits_in_term(session, term, scope),
        conclusion_labels=hh.CONCLUSION_LABELS)


def _choices(session, scope: service.VisitScope):
    """Townships and schools the user may filter by."""
    schools = session.scalars(select(School).where(
        school_filter(current_user, School.id, School.township_id)).order_by(School.code)).all()
    townships = session.scalars(select(Township).where(
        Township.id.in_({s.township_id for s in schools})).order_by(Township.code)).all()
    if scope.township_id:
        schools = [s for s in schools if s.township_id == scope.township_id]
    return townships, schools
