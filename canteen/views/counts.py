"""The meal-count screen (就餐登记): one school, day and meal, phone first."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from canteen import services
from canteen.forms import counts_form
from menus import services as menus
from roster import services as roster
from suite import clock
from suite.auth import has_permission, permission_required, school_or_404
from suite.db import get_session
from suite.errors import ServiceError
from suite.forms import show_errors
from suite.params import parse_day
from suite.vocabulary import MEALS


def _place(school_id, day_text, meal):
    day = parse_day(day_text)
    if day is None or meal not in MEALS:
        abort(404)
    return school_or_404(get_session(), school_id), day


def _initial(record, enrolled) -> dict:
    if record is None:
        return {}
    data = {"teachers": record["teachers"], "version": record["version"],
            "dishes": [d["id"] for d in record["dishes"]],
            "change_note": record["change_note"], "make_up_reason": record["make_up_reason"]}
    for g in record["grades"]:
        data[f"grade_{g['grade']}"] = g["students"]
        data[f"grade_{g['grade']}_plan"] = g["plan_students"]
    return data


@permission_required("canteen.view")
def counts(school_id, day, meal):
    """The screen: a form for the canteen manager, the record for those who only read."""
    return _screen(school_id, day, meal)


@permission_required("canteen.record")
def save_counts(school_id, day, meal):
    return _screen(school_id, day, meal)


def _screen(school_id, day, meal):
    session = get_session()
    school, day = _place(school_id, day, meal)
    can_record = has_permission(current_user, "canteen.record")
    enrolled = roster.enrolled_by_grade(session, school.id, day)
    record = services.meal_counts(session, school.id, day, meal)
    menu = services.menu_of_meal(session, school.id, day, meal)
    form = counts_form(enrolled, **({} if request.method == "POST" else
                                    {"data": _initial(record, enrolled)}))
    recorded = record["dishes"] if record else menu
    choices = {d["id"]: d["name"] for d in [*menu, *recorded]}
    form.dishes.choices = list(choices.items())
    form.added_dish.choices = [("", "")] + [(str(d.id), d.name) for d in
                                            menus.search_dishes(session) if d.id not in choices]
    if request.method == "GET" and record is None:
        form.dishes.data = [d["id"] for d in menu]
    if request.method == "POST" and form.validate_on_submit():
        grades = {g: {"students": form[f"grade_{g}"].data,
                      "plan_students": form[f"grade_{g}_plan"].data} for g in enrolled}
        version = form.version.data or None
        dishes = list(form.dishes.data or [])
        if form.added_dish.data:
            dishes.append(form.added_dish.data)
        session.commit()  # only read so far: the save starts its own transaction
        try:
            services.save_counts(
                session, school_id=school.id, day=day, meal=meal, grades=grades,
                teachers=form.teachers.data, version=version,
                dishes=dishes if choices or dishes else None,
                change_note=form.change_note.data, make_up_reason=form.make_up_reason.data,
                confirm_repeat=form.confirm_repeat.data, user_id=current_user.id,
                today=clock.today(), repeat_days=current_app.config["CANTEEN_REPEAT_DAYS"])
        except ServiceError as exc:  # the canteen's refusal, or a closed month's
            session.rollback()
            show_errors(form, exc)
        else:
            session.commit()
            flash(_("Counts saved."), "success")
            return redirect(url_for("canteen.counts", school_id=school.id,
                                    day=day.isoformat(), meal=meal))
    status = 400 if request.method == "POST" else 200
    return render_template("canteen/counts.html", school=school, day=day, meal=meal,
                           form=form, enrolled=enrolled, record=record, menu=menu,
                           can_record=can_record,
                           served=services.served_on_day(session, school.id, day)), status
