"""Canteen staff of a school and their morning health check, one card per worker."""
from __future__ import annotations

from flask import flash, redirect, request
from flask_babel import gettext as _

from suite import clock
from suite.auth import school_or_404
from suite.db import get_session
from suite.params import day_problem, parse_day

from .. import services
from .safety import attempt, form_int, page, read_and_write, scope, writing


def _workers(school_id: int):
    session = get_session()
    school = school_or_404(session, school_id)
    errors, posted = {}, {}
    if writing():
        posted = request.form
        expiry_text = request.form.get("health_certificate_expiry", "").strip()
        problem = day_problem(expiry_text) if expiry_text else None
        # a day that is no date goes to the service as text: refused with the other fields
        errors = attempt(session, services.save_worker, school_id=school.id,
                         worker_id=form_int("worker_id"), name=request.form.get("name", ""),
                         health_certificate_expiry=expiry_text if problem
                         else parse_day(expiry_text),
                         active=request.form.get("active") == "y")
        if problem:
            errors["health_certificate_expiry"] = problem
        if not errors:
            flash(_("Worker saved."), "success")
            return redirect(request.path)
    return page("canteen/workers.html", errors, school=school, posted=posted,
                workers=services.workers(session, school.id), today=clock.today())


def _posted_checks(staff) -> list[dict]:
    return [{"worker_id": w.id, "present": request.form.get(f"present-{w.id}") == "y",
             "temperature_c": request.form.get(f"temperature-{w.id}", ""),
             "hands_ok": request.form.get(f"hands-{w.id}") == "y",
             "symptoms": request.form.get(f"symptoms-{w.id}", ""),
             "fit": request.form.get(f"fit-{w.id}") == "y"} for w in staff]


def _health(school_id: int, day: str):
    session, school, the_day = scope(school_id, day)
    staff = services.workers(session, school.id, active_only=True)
    saved = services.health_checks(session, school.id, the_day)
    shown: dict = dict(saved)
    checked_by = next(iter(saved.values())).checked_by if saved else ""
    errors = {}
    if writing():
        checks = _posted_checks(staff)
        checked_by = request.form.get("checked_by", "")
        errors = attempt(session, services.record_health_checks, school_id=school.id,
                         day=the_day, checks=checks, checked_by=checked_by,
                         today=clock.today())
        if not errors:
            flash(_("Morning check saved."), "success")
            return redirect(request.path)
        shown = {c["worker_id"]: c for c in checks}
    rows = [(w, _values(shown.get(w.id))) for w in staff]
    return page("canteen/health.html", errors, school=school, day=the_day, rows=rows,
                checked_by=checked_by, saved=bool(saved))


def _values(check) -> dict:
    """What a worker's card shows: the saved or posted check, else a healthy default."""
    if check is None:
        return {"present": True, "temperature_c": "", "hands_ok": True, "symptoms": "",
                "fit": True}
    if isinstance(check, dict):
        return check
    return {"present": check.present, "hands_ok": check.hands_ok, "symptoms": check.symptoms,
            "temperature_c": "" if check.temperature_c is None else check.temperature_c,
            "fit": check.fit}


workers, save_workers = read_and_write(_workers)
health, save_health = read_and_write(_health)
