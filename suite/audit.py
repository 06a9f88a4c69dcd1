"""Audit log written from session events, so every create, update, void and delete of an
audited model is recorded whichever path (view, API, CLI, service) made it."""
from __future__ import annotations

import contextvars
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session, object_session

from .db import utcnow
from .models import AuditEntry

# (user_id, actor name) of whoever acts now; set per request and by CLI commands
_actor: contextvars.ContextVar[tuple[int | None, str]] = contextvars.ContextVar(
    "audit_actor", default=(None, "system")
)


def set_actor(user_id: int | None, name: str):
    return _actor.set((user_id, name))


def current_actor() -> tuple[int | None, str]:
    """(user_id, actor name) of whoever acts now."""
    return _actor.get()


def reset_actor(token) -> None:
    _actor.reset(token)


@contextmanager
def acting_as(user_id: int | None, name: str):
    token = _actor.set((user_id, name))
    try:
        yield
    finally:
        _actor.reset(token)


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, dict):  # JSON columns stay structured, not Python's repr
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return str(value)


def _columns(obj):
    excluded = set(getattr(obj, "__audit_exclude__", ()))
    return [c.key for c in inspect(obj).mapper.column_attrs if c.key not in excluded]


def _snapshot(obj):
    return {k: _plain(getattr(obj, k)) for k in _columns(obj)}


def _changes(obj):
    state = inspect(obj)
    old, new = {}, {}
    for key in _columns(obj):
        hist = state.attrs[key].history
        if hist.has_changes():
            old[key] = _plain(hist.deleted[0]) if hist.deleted else None
            new[key] = _plain(hist.added[0]) if hist.added else None
    return old, new


def _record_id(obj) -> str:
    ident = inspect(obj).mapper.primary_key_from_instance(obj)
    return "/".join(str(i) for i in ident if i is not None)


def _audited(obj) -> bool:
    return getattr(type(obj), "__audited__", False)


def _row(action, obj, old, new, note=""):
    user_id, actor = _actor.get()
    return {
        "at": utcnow(), "user_id": user_id, "actor": actor, "action": action,
        "record_type": type(obj).__tablename__, "record_id": _record_id(obj),
        "old_values": old, "new_values": new, "note": note,
    }


PENDING = "suite.audit.pending"  # key of session.info: the flush's rows, not yet written


def _write(target, row) -> None:
    # kept until the flush has written its records, then inserted at once (`_write_pending`):
    # saving a meal's counts wrote seven audit rows, one statement each
    object_session(target).info.setdefault(PENDING, []).append(row)


def _write_pending(session, _context) -> None:
    rows = session.info.pop(PENDING, None)
    if rows:
        session.connection().execute(insert(AuditEntry.__table__), rows)


def _forget_pending(session, *_args) -> None:
    # a flush that failed half way leaves rows of records that were never written
    session.info.pop(PENDING, None)


def _after_insert(_mapper, connection, target) -> None:
    if _audited(target):
        _write(target, _row("create", target, None, _snapshot(target)))


def _after_update(_mapper, connection, target) -> None:
    if not _audited(target):
        return
    old, new = _changes(target)
    if not old and not new:
        return
    voided = bool(new.get("voided_at")) and not old.get("voided_at")
    note = (getattr(target, "void_reason", "") or "") if voided else ""
    _write(target, _row("void" if voided else "update", target, old, new, note))


def _after_delete(_mapper, connection, target) -> None:
    # mapper events also see rows deleted as orphans of a relationship
    if _audited(target):
        _write(target, _row("delete", target, _snapshot(target), None))


def record_view(session: Session, record_type: str, record_id, note: str = "") -> None:
    """Deliberate viewing of protected data (e.g. a full ID number) is audited too."""
    user_id, actor = _actor.get()
    session.add(AuditEntry(user_id=user_id, actor=actor, action="view", record_type=record_type,
                           record_id=str(record_id), note=note))


def install() -> None:
    from .db import Base

    for name, fn in (("after_insert", _after_insert), ("after_update", _after_update),
                     ("after_delete", _after_delete)):
        if not event.contains(Base, name, fn):
            event.listen(Base, name, fn, propagate=True)
    for name, fn in (("after_flush", _write_pending), ("after_soft_rollback", _forget_pending)):
        if not event.contains(Session, name, fn):
            event.listen(Session, name, fn)
