"""The home visits of the term: aided students still to be visited and who visited whom and
when, filtered by township and school. A township officer sees their own township only
(another township's or school's id: 404); the bureau, who records visits, also finds any
student by number or name (the search posts its words, so an ID or student number never sits
in a URL: logs, history, the language switch's return address); and one student's visits,
where a visit may change the aid's level or withdraw it."""
from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from suite import clock
from suite.auth import has_permission, permission_required, school_or_404, visible_schools
from suite.db import get_session
from suite.forms import save_or_show
from suite.models import Township

from .. import services
from ..forms import VisitForm, VisitSearchForm
from ..models import VISIT_CONCLUSIONS, DifficultyLevel, Student
from .household import render, township_arg

PAGE = 50
MAX_PAGE = 10**6  # beyond it an offset would not fit the database's integers


def _scope(session) -> services.VisitScope:
    township = township_arg(session)
    school_id = request.args.get("school", type=int)
    school = school_or_404(session, school_id) if school_id is not None else None
    if school is not None and township is not None and school.township_id != township.id:
        school = None  # a school of another township: the township's list
    return services.VisitScope(township.id if township else None, school.id if school else None)


@permission_required("roster.visits")
def visits():
    session = get_session()
    today = clock.today()
    scope = _scope(session)
    can_record = has_permission(current_user, "roster.aid")
    search = VisitSearchForm(formdata=request.form if request.method == "POST"
                             else request.args)
    query = search.q.data if can_record else ""
    page = min(max(1, request.args.get("page", 1, type=int)), MAX_PAGE)
    term = services.visit_term(session, today)
    townships, schools = _choices(session, scope)
    return render_template(
        "roster/visits.html", query=query, can_record=can_record,
        found=services.find_students(session, query) if query else [],
        term=term, scope=scope, townships=townships, schools=schools, page=page, size=PAGE,
        waiting=services.to_visit(session, term, today, scope, offset=(page - 1) * PAGE,
                                 limit=PAGE),
        waiting_total=services.count_to_visit(session, term, today, scope),
        visits=services.visits_in_term(session, term, scope),
        conclusion_labels=services.CONCLUSION_LABELS)


def _choices(session, scope: services.VisitScope):
    """Townships and schools the user may filter by."""
    schools = visible_schools(session, current_user)
    townships = session.scalars(select(Township).where(
        Township.id.in_({s.township_id for s in schools})).order_by(Township.code)).all()
    if scope.township_id:
        schools = [s for s in schools if s.township_id == scope.township_id]
    return townships, schools


@permission_required("roster.aid")
def visit_student():
    session = get_session()
    student_id = request.args.get("student", type=int)
    if student_id is None:
        return redirect(url_for("roster.visits"))
    student = session.get(Student, student_id) if 0 < student_id < 2**31 else None
    if student is None:
        abort(404)
    form = VisitForm() if request.method == "POST" else VisitForm(
        data={"visit_date": clock.today().isoformat(), "conclusion": "confirmed"})
    if request.method == "POST":
        ok, _visit = save_or_show(session, form, services.record_visit, session, student.id,
                                  form.values(), today=clock.today(),
                                  success=_("Home visit recorded."))
        if ok:
            return redirect(url_for("roster.visit_student", student=student.id))
    return render(
        "roster/visit_student.html", student=student, form=form,
        aids=services.student_aids(session, student.id),
        visits=services.visit_list(session, student.id),
        conclusions=VISIT_CONCLUSIONS,
        levels=session.scalars(select(DifficultyLevel).order_by(DifficultyLevel.position)))
