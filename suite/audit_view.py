"""The audit log as a person reads it: record types, fields and coded values in words, old →
new values formatted (dates, times, money, yes/no, "—" for empty), and each record's name with a
link to its page where there is one."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from flask import current_app, url_for
from flask_login import current_user
from flask_babel import gettext as _
from werkzeug.utils import import_string

from . import clock
from .audit_labels import ACTION_LABELS, FIELD_LABELS, RECORD_LABELS, VALUE_LABELS
from .audit_words import (ACTOR_LABELS, COUNT_LABELS, note_label, record_id_label,
                          record_key_label)
from .auth import may_open
from .db import Base
from .listing import join_clauses, join_items, labelled

EMPTY = "—"
MONEY = {"amount", "accepted_total", "total", "unit_price", "value", "aid_amount",
         "recover_amount", "variance_value"}
CODED = {"sex", "status", "meal", "kind", "unit", "certainty", "left", "right", "rule", "role",
         "supply_mode", "source", "quality", "hygiene", "dining_order", "service", "result",
         "method", "action"}
MASKED = {"id_number", "document_number"}  # any document's number: its ends only
NAME_ATTRS = ("name", "title", "display_name", "username", "item_name", "code", "filename")
# record type -> (endpoint, URL argument, attribute giving its value)
LINKS = {
    "suite_school": ("suite.school_detail", "school_id", "id"),
    "suite_user": ("suite.user_edit", "user_id", "id"),
    "suite_term": ("suite.term_detail", "term_id", "id"),
    "suite_subsidy_rate": ("suite.rate_edit", "rate_id", "id"),
    "nutrition_food": ("nutrition.food_detail", "code", "code"),
    "procurement_supplier": ("procurement.supplier_edit", "supplier_id", "id"),
    "procurement_delivery": ("procurement.delivery_detail", "delivery_id", "id"),
    "menus_dish": ("menus.dish_detail", "dish_id", "id"),
    "menus_week": ("menus.planner", "menu_id", "id"),
    "roster_student": ("roster.student_detail", "student_id", "id"),
    "roster_policy": ("roster.policy_edit", "policy_id", "id"),
    "roster_recon_run": ("roster.recon_run", "id", "id"),
}
_ID_NUMBER = re.compile(r"\b(\d{4})\d{10}(\d{3}[\dXx])\b")
_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    at: datetime
    actor: str
    action: str
    record_type: str
    record_name: str
    link: str | None
    changes: list[Change] = field(default_factory=list)
    note: str = ""
    action_code: str = ""


def _mapped(table: str):
    for mapper in Base.registry.mappers:
        if getattr(mapper.class_, "__tablename__", None) == table:
            return mapper.class_
    return None


def record_label(table: str) -> str:
    if table in RECORD_LABELS:
        return str(RECORD_LABELS[table])
    model = _mapped(table)
    label = getattr(model, "__audit_label__", None) if model is not None else None
    return str(label) if label else _("Other record")


def field_label(table: str, column: str) -> str:
    model = _mapped(table)
    col = model.__table__.columns.get(column) if model is not None else None
    if col is not None and col.info.get("label"):
        return str(col.info["label"])
    if column in FIELD_LABELS:
        return str(FIELD_LABELS[column])
    if column in COUNT_LABELS:
        return str(COUNT_LABELS[column])
    return _("Other field")


def _name_of(obj) -> str | None:
    for attr in NAME_ATTRS:
        value = getattr(obj, attr, None)
        if value:
            return str(value)
    return None


def _mask(text: str) -> str:
    return _ID_NUMBER.sub(lambda m: m[1] + "*" * 10 + m[2], text)


@lru_cache(maxsize=None)
def value_labels(table: str, column: str) -> dict:
    """A column's own labels of its coded values (`info["values"]`: a dict, or the
    "module:NAME" of one where the model cannot import it), if it has them."""
    model = _mapped(table)
    col = model.__table__.columns.get(column) if model is not None else None
    values = col.info.get("values", {}) if col is not None else {}
    return import_string(values) if isinstance(values, str) else values


def format_value(column: str, value, refs: dict, values: dict | None = None) -> str:
    """One old or new value as shown: empty "—", yes/no, money with two places, local times,
    coded values in words (the column's own `values` first), a referenced record by its name,
    dicts and lists item by item."""
    if value is None or value == "":
        return EMPTY
    if values and str(value) in values:
        return str(values[str(value)])
    if values and isinstance(value, str) and all(p in values for p in value.split(",")):
        return join_items(values[p] for p in value.split(","))  # "lunch,dinner"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dict):
        return _nested(value, refs)
    if isinstance(value, list):
        return join_items(format_value(column, v, refs, values) for v in value) or EMPTY
    if isinstance(value, int) and (column, value) in refs:  # created_by, closed_by too
        return refs[(column, value)]
    if column == "record_key" and isinstance(value, str):
        return record_key_label(value)
    if column in MASKED:  # as the roster masks them: 3508**********1234, E*****678
        text = str(value)
        if len(text) >= 15:
            return text[:4] + "*" * (len(text) - 8) + text[-4:]
        return text[0] + "*" * (len(text) - 4) + text[-3:] if len(text) > 4 else "*" * len(text)
    if column in MONEY:
        try:
            return f"{Decimal(str(value)).quantize(Decimal('0.01'))}"
        except InvalidOperation:
            return _mask(str(value))
    if isinstance(value, str) and _MOMENT.match(value):
        try:
            return clock.format_local(datetime.fromisoformat(value))
        except ValueError:
            return value
    if column == "column" and str(value) in FIELD_LABELS:  # a column named as a value
        return str(FIELD_LABELS[str(value)])
    if column in CODED and str(value) in VALUE_LABELS:
        return str(VALUE_LABELS[str(value)])
    if column == "role":
        from .auth import roles
        role = roles().get(str(value))
        return str(role.label) if role else str(value)
    return _mask(str(value))


def _nested(value: dict, refs: dict) -> str:
    """A dict value (a closed month's ledger) item by item; an id beside its record's name
    ("township_id" beside "township") is left out, and a nested table (the month's days) is
    counted, not spelled out."""
    def label(key):  # "township" is labelled as its id's column is
        return FIELD_LABELS.get(key) or VALUE_LABELS.get(key) or FIELD_LABELS.get(key + "_id")

    items = {k: v for k, v in value.items() if not (k.endswith("_id") and k[:-3] in value)}
    parts = [labelled(label(k), format_value(k, v, refs)) for k, v in items.items()
             if label(k) and not isinstance(v, (dict, list))]
    hidden = len(items) - len(parts)
    if hidden:
        parts.append(_("%(n)d more items", n=hidden))
    return join_clauses(parts) or EMPTY


def _references(session, entries) -> dict:
    """(column, id) -> name of the referenced record, for the *_id values on the page."""
    wanted: dict[tuple[str, str], set] = {}
    for e in entries:
        model = _mapped(e.record_type)
        if model is None:
            continue
        for values in (e.old_values or {}, e.new_values or {}):
            for column, value in values.items():
                col = model.__table__.columns.get(column)
                if col is None or not col.foreign_keys or not isinstance(value, int):
                    continue
                target = next(iter(col.foreign_keys)).column.table.name
                wanted.setdefault((column, target), set()).add(value)
    refs = {}
    for (column, target), ids in wanted.items():
        model = _mapped(target)
        if model is None:
            continue
        for obj in session.query(model).filter(model.id.in_(ids)):
            refs[(column, obj.id)] = _name_of(obj) or f"#{obj.id}"
    return refs


def _record(session, entry) -> tuple[str, str | None]:
    model = _mapped(entry.record_type)
    obj = None
    if model is not None and entry.record_id.isdigit() and hasattr(model, "id"):
        obj = session.get(model, int(entry.record_id))
    values = entry.new_values or entry.old_values or {}
    named = ([(a, getattr(obj, a, None)) for a in NAME_ATTRS] if obj is not None else []) + [
        (a, values.get(a)) for a in NAME_ATTRS]
    # a record named by a code (an anomaly's) is named in words, as its value would be
    name = next((format_value(a, v, {}, value_labels(entry.record_type, a))
                 for a, v in named if v), None)
    name = name or record_id_label(entry.record_type, entry.record_id) or "#" + entry.record_id
    link = None
    if obj is not None and entry.record_type in LINKS:
        endpoint, arg, attr = LINKS[entry.record_type]
        if endpoint in current_app.view_functions and may_open(current_user, endpoint):
            link = url_for(endpoint, **{arg: getattr(obj, attr)})
    return name, link


def present(session, entries) -> list[Entry]:
    refs = _references(session, entries)
    shown = []
    for e in entries:
        old, new = e.old_values or {}, e.new_values or {}
        columns = list(dict.fromkeys([*old, *new]))
        changes = [Change(field_label(e.record_type, c),
                          format_value(c, old.get(c), refs, value_labels(e.record_type, c)),
                          format_value(c, new.get(c), refs, value_labels(e.record_type, c)))
                   for c in columns if c != "id"]
        name, link = _record(session, e)
        actor = str(ACTOR_LABELS[e.actor]) if e.user_id is None and e.actor in ACTOR_LABELS \
            else e.actor
        # the system's notes are codes; a user's words (a void's reason) stay as written,
        # even when they read like a code
        note = note_label(e.note or "") if e.action == "view" or e.user_id is None \
            else e.note
        shown.append(Entry(e.at, actor, str(ACTION_LABELS.get(e.action, e.action)),
                           record_label(e.record_type), name, link, changes, note, e.action))
    return shown
