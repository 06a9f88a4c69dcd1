"""Food-safety log screens of one school and day (phone first): samples, the accompanying
meal, residue tests and disinfection. Reading needs canteen.view, writing canteen.record."""
from __future__ import annotations

from datetime import datetime, time

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from suite import clock
from suite.auth import has_permission, permission_required, school_or_404
from suite.db import get_session
from suite.errors import ServiceError
from suite.guards import bounded_id
from suite.params import parse_day
from suite.vocabulary import MEALS, meal_label

from .. import services
from ..models import DISINFECTION_METHODS, RATINGS, Sample

RATING_LABELS = {"excellent": _l("Excellent"), "good": _l("Good"), "fair": _l("Fair"),
                 "poor": _l("Poor")}
METHOD_LABELS = {"steam": _l("Steam"), "boiling": _l("Boiling"),
                 "cabinet": _l("Disinfection cabinet"), "chemical": _l("Chemical disinfectant")}
RESULT_LABELS = {"pass": _l("Pass"), "fail": _l("Fail")}


def scope(school_id: int, day_text: str, meal: str | None = None):
    """(session, school, day) of the URL; 404 for another school, a bad day or meal."""
    session = get_session()
    school = school_or_404(session, school_id)
    day = parse_day(day_text)
    if day is None or (meal is not None and meal not in MEALS):
        abort(404)
    return session, school, day


def read_and_write(impl):
    """Two views of one screen: GET for whoever may read (canteen.view), POST for whoever may
    write (canteen.record), each declaring its own permission."""
    name = impl.__name__.lstrip("_")

    def read(**kwargs):
        return impl(**kwargs)

    def write(**kwargs):
        return impl(**kwargs)

    read.__name__, write.__name__ = name, f"save_{name}"
    return (permission_required("canteen.view")(read),
            permission_required("canteen.record")(write))


def can_record() -> bool:
    return has_permission(current_user, "canteen.record")


def writing() -> bool:
    """True for a POST (only a canteen manager may send one); False for a GET."""
    if request.method != "POST":
        return False
    if not can_record():
        abort(403)
    return True


def at(day, text: str | None) -> datetime | None:
    """The local time "HH:MM" of `day`, as an aware datetime; None when not a time."""
    try:
        moment = time.fromisoformat((text or "").strip())
    except ValueError:
        return None
    return datetime.combine(day, moment, clock.zone())


def form_int(name: str) -> int | None:
    text = request.form.get(name, "").strip()
    return bounded_id(text)


def attempt(session, action, **kwargs) -> dict:
    """Run a service; commit and return {} or roll back and return its messages."""
    try:
        action(session, **kwargs)
    except ServiceError as exc:
        session.rollback()
        return exc.messages()
    session.commit()
    return {}


def page(template: str, errors: dict, **context):
    if errors.get(""):  # a refusal of the whole record (its month is submitted): above the form
        flash(str(errors[""]), "error")
    context.update(can_record=can_record(), meal_label=meal_label, meals=MEALS)
    return render_template(template, errors=errors, **context), 400 if errors else 200


def _samples(school_id: int, day: str, meal: str):
    session, school, the_day = scope(school_id, day, meal)
    errors, posted = {}, {}
    if writing():
        posted = request.form
        errors = attempt(session, services.record_sample, school_id=school.id, day=the_day,
                         meal=meal, dish_id=form_int("dish_id"),
                         dish_name=request.form.get("dish_name", ""),
                         grams=request.form.get("grams", ""),
                         taken_at=at(the_day, request.form.get("taken_at")),
                         taken_by=request.form.get("taken_by", ""),
                         min_grams=current_app.config["CANTEEN_SAMPLE_MIN_GRAMS"],
                         user_id=current_user.id, today=clock.today())
        if not errors:
            flash(_("Sample saved."), "success")
            return redirect(request.path)
    taken = services.samples_for(session, school.id, the_day, meal)
    sampled = {s.dish_id for s in taken}
    dishes = [d for d in services.served_dishes(session, school.id, the_day, meal)
              if d["id"] not in sampled]
    return page("canteen/samples.html", errors, school=school, day=the_day, meal=meal,
                dishes=dishes, taken=taken, posted=posted, now=clock.now_local(),
                min_grams=current_app.config["CANTEEN_SAMPLE_MIN_GRAMS"],
                hours=current_app.config["CANTEEN_SAMPLE_HOURS"],
                format_local=clock.format_local)


@permission_required("canteen.record")
def dispose(sample_id: int):
    session = get_session()
    sample = session.get(Sample, sample_id) if 0 < sample_id < 2**31 else None
    if sample is None:
        abort(404)
    school_or_404(session, sample.school_id)
    back = url_for("canteen.samples", school_id=sample.school_id, day=sample.day.isoformat(),
                   meal=sample.meal)
    text = request.form.get("disposed_at", "").strip()
    try:
        when = datetime.fromisoformat(text).replace(tzinfo=clock.zone()) if text else None
    except ValueError:
        when = None
    errors = attempt(session, services.dispose_sample, sample_id=sample.id, disposed_at=when,
                     disposed_by=request.form.get("disposed_by", ""),
                     hours=current_app.config["CANTEEN_SAMPLE_HOURS"])
    for message in errors.values():
        flash(message, "error")
    if not errors:
        flash(_("Disposal saved."), "success")
    return redirect(back)


def _accompany(school_id: int, day: str, meal: str):
    session, school, the_day = scope(school_id, day, meal)
    record = services.accompanied_meal(session, school.id, the_day, meal)
    values = {f: getattr(record, f) for f in ("leader", "companions", "quality", "hygiene",
                                              "dining_order", "service", "reactions")} \
        if record else {}
    errors = {}
    if writing():
        values = {f: request.form.get(f, "") for f in ("leader", "companions", "quality",
                                                       "hygiene", "dining_order", "service",
                                                       "reactions")}
        errors = attempt(session, services.save_accompanied_meal, school_id=school.id,
                         day=the_day, meal=meal, user_id=current_user.id, today=clock.today(),
                         **values)
        if not errors:
            flash(_("Accompanying-meal record saved."), "success")
            return redirect(request.path)
    rated = [("quality", _("Food quality")), ("hygiene", _("Hygiene")),
             ("dining_order", _("Dining order")), ("service", _("Service"))]
    return page("canteen/accompany.html", errors, school=school, day=the_day, meal=meal,
                record=record, values=values, rated=rated, ratings=RATINGS,
                rating_labels=RATING_LABELS)


def _residue(school_id: int, day: str):
    session, school, the_day = scope(school_id, day)
    errors, line_id = {}, None
    if writing():
        line_id = form_int("delivery_line_id")
        errors = attempt(session, services.record_residue_test, school_id=school.id,
                         delivery_line_id=line_id, sample=request.form.get("sample", ""),
                         inhibition_rate=request.form.get("inhibition_rate", ""),
                         tested_by=request.form.get("tested_by", ""), day=the_day,
                         user_id=current_user.id, today=clock.today())
        if not errors:
            flash(_("Residue test saved."), "success")
            return redirect(request.path)
    return page("canteen/residue.html", errors, school=school, day=the_day,
                lines=services.residue_lines(session, school.id, the_day), line_id=line_id,
                posted=request.form, result_labels=RESULT_LABELS,
                rate_label=_("Inhibition rate (%)"),
                fail_rate=services.FAIL_RATE)


def _disinfection(school_id: int, day: str):
    session, school, the_day = scope(school_id, day)
    errors = {}
    if writing():
        errors = attempt(session, services.record_disinfection, school_id=school.id,
                         day=the_day, meal=request.form.get("meal", ""),
                         method=request.form.get("method", ""),
                         started_at=at(the_day, request.form.get("started_at")),
                         minutes=request.form.get("minutes", ""),
                         person=request.form.get("person", ""), today=clock.today())
        if not errors:
            flash(_("Disinfection saved."), "success")
            return redirect(request.path)
    return page("canteen/disinfection.html", errors, school=school, day=the_day,
                rows=services.disinfections(session, school.id, the_day), posted=request.form,
                methods=DISINFECTION_METHODS, method_labels=METHOD_LABELS,
                format_local=clock.format_local)


samples, save_samples = read_and_write(_samples)
accompany, save_accompany = read_and_write(_accompany)
residue, save_residue = read_and_write(_residue)
disinfection, save_disinfection = read_and_write(_disinfection)
