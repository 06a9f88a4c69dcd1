"""Audit log written from session events, so every create, update, void and delete of an
audited model is recorded whichever path (view, API, CLI, service) made it."""
from __future__ import annotations

import contextvars
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session

from .db import utcnow
from .models import AuditEntry

# (user_id, actor name) of whoever acts now; set per request and by CLI commands
_actor: contextvars.ContextVar[tuple[int | None, str]] = contextvars.ContextVar(
    "audit_actor", default=(None, "system")
)


def set_actor(user_id: int | None, name: str):
    return _actor.set((user_id, name))


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


def _after_flush(session: Session, _ctx):
    rows = []
    for obj in session.new:
        if _audited(obj):
            rows.append(_row("create", obj, None, _snapshot(obj)))
    for obj in session.dirty:
        if _audited(obj) and session.is_modified(obj, include_collections=False):
            old, new = _changes(obj)
            if not new and not old:
                continue
            voided = bool(new.get("voided_at")) and not old.get("voided_at")
            note = (getattr(obj, "void_reason", "") or "") if voided else ""
            rows.append(_row("void" if voided else "update", obj, old, new, note))
    for obj in session.deleted:
        if _audited(obj):
            rows.append(_row("delete", obj, _snapshot(obj), None))
    if rows:
        session.connection().execute(insert(AuditEntry.__table__), rows)


def record_view(session: Session, record_type: str, record_id, note: str = "") -> None:
    """Deliberate viewing of protected data (e.g. a full ID number) is audited too."""
    user_id, actor = _actor.get()
    session.add(AuditEntry(user_id=user_id, actor=actor, action="view", record_type=record_type,
                           record_id=str(record_id), note=note))


def install() -> None:
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
