"""Canteen staff and their morning health check (晨检): every active worker is checked each
day; a worker with a fever, symptoms or hand wounds is sent home, never passed as fit."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from .errors import CanteenError
from .locks import one_record, write_lock_first
from .logs_input import check_day, number, valid_id
from .logs_input import name as text_of
from .models import HealthCheck, Worker
from .signals import before_save

FEVER = Decimal("37.3")  # °C: from this temperature a food handler stays off work
LOWEST, HIGHEST = Decimal("35.0"), Decimal("42.0")


def workers(session: Session, school_id: int, active_only: bool = False) -> list[Worker]:
    stmt = select(Worker).where(Worker.school_id == school_id)
    if active_only:
        stmt = stmt.where(Worker.active.is_(True))
    return session.scalars(stmt.order_by(Worker.active.desc(), Worker.name, Worker.id)).all()


def save_worker(session: Session, *, school_id: int, name: str, worker_id: int | None = None,
                health_certificate_expiry: date | None = None, active: bool = True) -> Worker:
    """Add a worker (no id) or edit one of this school."""
    errors: dict = {}
    text = text_of(errors, "name", name, 40, _("Enter the worker's name."))
    if health_certificate_expiry is not None and not isinstance(health_certificate_expiry, date):
        errors["health_certificate_expiry"] = _("Enter a date.")
    worker = None
    if worker_id is not None:
        worker = session.get(Worker, worker_id) if valid_id(worker_id) else None
        if worker is None or worker.school_id != school_id:
            errors["worker"] = _("Unknown worker.")
    if errors:
        raise CanteenError(errors)
    if worker is None:
        worker = Worker(school_id=school_id)
        session.add(worker)
    worker.name, worker.health_certificate_expiry = text, health_certificate_expiry
    worker.active = bool(active)
    session.flush()
    return worker


def health_checks(session: Session, school_id: int, day: date) -> dict[int, HealthCheck]:
    """The day's checks by worker id."""
    return {c.worker_id: c for c in session.scalars(select(HealthCheck).where(
        HealthCheck.school_id == school_id, HealthCheck.day == day))}


def _check(errors: dict, worker: Worker, entry: dict) -> dict:
    key = f"checks[{worker.id}]"
    present = bool(entry.get("present", True))
    hands_ok = bool(entry.get("hands_ok", True))
    symptoms = text_of(errors, f"{key}.symptoms", entry.get("symptoms"), 200, None)
    fit = bool(entry.get("fit", True)) and present  # an absent worker does not work
    temperature = None
    if present:
        temperature = number(entry.get("temperature_c"), 1)
        if temperature is None or not LOWEST <= temperature <= HIGHEST:
            temperature = None
            errors[f"{key}.temperature_c"] = _(
                "Enter %(name)s's temperature, from 35.0 to 42.0 °C.", name=worker.name)
    unwell = (temperature is not None and temperature >= FEVER) or symptoms or not hands_ok
    if fit and unwell:
        errors[f"{key}.fit"] = _("%(name)s has a fever, symptoms or unhealthy hands: send "
                                 "them home, not fit to work.", name=worker.name)
    return {"present": present, "temperature_c": temperature, "hands_ok": hands_ok,
            "symptoms": symptoms, "fit": fit}


def record_health_checks(session: Session, *, school_id: int, day: date, checks: list[dict],
                         checked_by: str, today: date) -> list[HealthCheck]:
    """The morning check of every active worker of a school (checking again edits the day's
    rows); refused whole when a worker is missing, unknown or passed as fit when unwell."""
    write_lock_first(session)
    errors: dict = {}
    check_day(errors, day, today)
    person = text_of(errors, "checked_by", checked_by, 40, _("Enter who did the check."))
    staff = {w.id: w for w in workers(session, school_id)}
    given = {}
    for entry in checks or []:
        worker = staff.get(entry.get("worker_id")) if valid_id(entry.get("worker_id")) else None
        if worker is None:
            errors[f"checks[{entry.get('worker_id')}]"] = _("Unknown worker.")
            continue
        given[worker.id] = _check(errors, worker, entry)
    for worker in staff.values():
        if worker.active and worker.id not in given:
            errors[f"checks[{worker.id}]"] = _("Record the check of %(name)s.", name=worker.name)
    if not staff:
        errors["checks"] = _("Add the canteen workers first.")
    if errors:
        raise CanteenError(errors)
    before_save(session, school_id, day, "health_check")  # a closed month refuses here
    existing = health_checks(session, school_id, day)
    rows = []
    with one_record(session):
        for worker_id, values in given.items():
            row = existing.get(worker_id)
            if row is None:
                row = HealthCheck(school_id=school_id, worker_id=worker_id, day=day)
                session.add(row)
            for field, value in {**values, "checked_by": person}.items():
                if getattr(row, field) != value:
                    setattr(row, field, value)
            rows.append(row)
    return rows
