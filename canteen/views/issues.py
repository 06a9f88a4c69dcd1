"""Issuing food to one meal (出库): the proposed quantities, what was issued and what the meal
cost, planned against issued."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from suite import clock
from suite.auth import has_permission, permission_required, school_or_404
from suite.db import get_session
from suite.errors import ServiceError
from suite.forms import form_status, show_errors
from suite.params import parse_day
from suite.vocabulary import MEALS

from .. import services
from ..errors import CanteenError
from ..forms import issue_form
from ..issuing import issued_grams, meal_count


def meal_or_404(school_id: int, day: str, meal: str):
    """(session, school, day) of a meal page the user may see; 404 otherwise."""
    session = get_session()
    school = school_or_404(session, school_id)
    parsed = parse_day(day)
    if parsed is None or meal not in MEALS:
        abort(404)
    return session, school, parsed


def _is_zero(text: str) -> bool:
    try:
        return Decimal(text) == 0
    except (InvalidOperation, ValueError):
        return False


def _rows(session, school, day, meal) -> list[dict]:
    rows = services.propose_issues(session, school.id, day, meal, include_stock=True)
    done = issued_grams(session, school.id, day, meal)
    for r in rows:
        left = r["planned_grams"] - done.get(r["food_id"], (Decimal(0), 0))[0]
        r["proposed"] = str(left) if left > 0 else ""
    return rows


@permission_required("canteen.view")
def issues(school_id, day, meal):
    session, school, day = meal_or_404(school_id, day, meal)
    rows = _rows(session, school, day, meal)
    return _page(session, school, day, meal, rows, issue_form(rows, formdata=False))


@permission_required("canteen.record")
def save_issues(school_id, day, meal):
    session, school, day = meal_or_404(school_id, day, meal)
    rows = _rows(session, school, day, meal)
    form = issue_form(rows)
    if form.validate_on_submit():
        quantities = {r["food_id"]: form[f"q_{r['food_id']}"].data.strip() for r in rows
                      if (form[f"q_{r['food_id']}"].data or "").strip()}
        quantities = {f: v for f, v in quantities.items() if not _is_zero(v)}
        session.commit()  # only read so far: the issue starts its own transaction
        try:
            services.issue_to_meal(session, school_id=school.id, day=day, meal=meal,
                                   quantities=quantities, user_id=current_user.id,
                                   today=clock.today())
        except ServiceError as exc:  # the canteen's refusal, or a closed month's
            session.rollback()
            show_errors(form, CanteenError({
                k.replace("quantities[", "q_").rstrip("]") if k.startswith("quantities[")
                else k: v for k, v in exc.errors.items()}))
        else:
            session.commit()
            flash(_("Issued %(n)d foods to the meal.", n=len(quantities)), "success")
            return redirect(url_for("canteen.issues", school_id=school.id,
                                    day=day.isoformat(), meal=meal))
    return _page(session, school, day, meal, rows, form)


def _page(session, school, day, meal, rows, form):
    tolerance = current_app.config["CANTEEN_ISSUE_TOLERANCE"]
    return render_template(
        "canteen/issues.html", school=school, day=day, meal=meal, rows=rows, form=form,
        count=meal_count(session, school.id, day, meal),
        compared=services.planned_vs_issued(session, school.id, day, meal, tolerance),
        cost=services.meal_costs(session, school.id, day, day).get((day, meal)),
        tolerance_percent=round(float(tolerance) * 100),
        can_record=has_permission(current_user, "canteen.record"),
        errored=[r["food_id"] for r in rows if form[f"q_{r['food_id']}"].errors],
        future=day > clock.today()), form_status(form)
