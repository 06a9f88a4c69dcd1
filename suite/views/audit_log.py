"""The audit log browser: filters by record, actor, action and dates, 50 entries a page."""
from __future__ import annotations

from datetime import datetime, time, timedelta

from flask import render_template, request
from sqlalchemy import func, select

from .. import audit_view, clock
from ..auth import permission_required
from ..db import get_session
from ..models import AuditEntry
from ..collation import pinyin_order
from ..params import day_filter_arg


def _day_bounds(name: str, end: bool = False):
    day = day_filter_arg(name)
    if day is None:
        return None
    return datetime.combine(day + timedelta(days=1) if end else day, time(), clock.zone())


@permission_required("suite.audit")
def audit_log():
    session = get_session()
    args = request.args
    stmt = select(AuditEntry)
    if args.get("record_type"):
        stmt = stmt.where(AuditEntry.record_type == args["record_type"])
    if args.get("record_id"):
        stmt = stmt.where(AuditEntry.record_id == args["record_id"])
    if args.get("actor"):
        stmt = stmt.where(AuditEntry.actor == args["actor"])
    if args.get("action"):
        stmt = stmt.where(AuditEntry.action == args["action"])
    if (start := _day_bounds("from")) is not None:
        stmt = stmt.where(AuditEntry.at >= start)
    if (end := _day_bounds("to", end=True)) is not None:
        stmt = stmt.where(AuditEntry.at < end)
    page = max(1, request.args.get("page", 1, type=int))
    size = 50
    total = session.scalar(select(func.count()).select_from(stmt.subquery()))
    rows = session.scalars(stmt.order_by(AuditEntry.id.desc())
                           .offset((page - 1) * size).limit(size)).all()
    types = session.scalars(select(AuditEntry.record_type).distinct()).all()
    types = sorted(((t, audit_view.record_label(t)) for t in types),
                   key=lambda t: pinyin_order(t[1]))  # 食堂 after 采购, as in a dictionary
    return render_template("suite/audit.html", rows=audit_view.present(session, rows),
                           total=total, page=page, size=size, types=types, args=args,
                           actions=audit_view.ACTION_LABELS,
                           filters={k: v for k, v in args.items() if k != "page" and v})
