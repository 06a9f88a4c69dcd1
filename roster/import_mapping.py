"""Column mappings with memory: when a file has columns the alias table does not know, or
lacks a required field, the officer places its columns once; the choice is saved per county
and file shape (a hash of the normalised header row) and applied next time, with no
questions. The CLI reads the same choice from a two-column CSV (header, field)."""
from __future__ import annotations

import csv
import hashlib
import io

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from suite.db import write_lock_first
from suite.listing import join_items
from suite.tabular import normalise_header

from .errors import RosterError
from .code_tables import AID_CATEGORIES
from .headers import detect_layout, unknown_columns
from .import_rows import REQUIRED
from .import_columns import HEADERS, field_columns
from .models_mapping import ColumnMapping
from .registration_export import HEADERS as REGISTRATION_HEADERS
from .registration_layout import MEMBER

IGNORE_LABEL = "不导入"
# our field keys with their Chinese labels, in the order the mapping page lists them
FIELD_LABELS = dict(list(HEADERS.items()) + [
    (k, v) for k, v in REGISTRATION_HEADERS.items() if k not in ("household_no",
                                                                 "household_head")] + [
    (f"guardian{n}_{part}", f"家庭成员{n}{header}") for n in (1, 2) for header, part in MEMBER])
# an aid list's fields: its own columns, then one flag per aid category (a student field of
# the same key, 是否孤儿, keeps its label)
AID_LABELS = {"document_number": "证件号码", "difficulty_level": "认定困难级别",
              "recognised_on": "认定时间", "recognised_reason": "认定原因", "household_no": "户编号",
              "household_head": "户主姓名"}
FIELD_LABELS.update({k: v for k, v in AID_LABELS.items() if k not in FIELD_LABELS})
FIELD_LABELS.update({code: row["name"] for code, row in AID_CATEGORIES.items()
                     if code not in FIELD_LABELS})


def required(columns, mapping: dict | None = None) -> tuple[str, ...]:
    """The fields a file must have a column for: a pupil's number in an aid list, else the
    student fields the import requires (the layout as the officer's mapping makes it)."""
    return ("id_number",) if detect_layout(columns, mapping) == "aid_list" else REQUIRED


def shape_of(columns) -> str:
    """The file's shape: a hash of its normalised header row."""
    return hashlib.sha256("\x1f".join(columns).encode("utf-8")).hexdigest()


def saved_mapping(session: Session, county_id: int | None, columns) -> dict | None:
    """The mapping saved for this county and shape, or None."""
    if county_id is None:
        return None
    return session.scalar(select(ColumnMapping.mapping).where(
        ColumnMapping.county_id == county_id, ColumnMapping.shape == shape_of(columns)))


def needs_mapping(columns, mapping: dict | None = None) -> bool:
    """True when a column is neither recognised nor placed by `mapping`, or a required field
    has no column."""
    mapping = mapping or {}
    placed = field_columns(columns, mapping)
    return any(c not in mapping for c in unknown_columns(columns)) or any(
        k not in placed for k in required(columns, mapping))


def proposal(columns, mapping: dict | None = None) -> dict[str, str]:
    """Column -> field key as the page first offers it: a saved choice, else the alias
    table's placing, else "" (not imported)."""
    placed = {column: key for key, column in field_columns(columns).items()}
    return {c: (mapping or {}).get(c, placed.get(c, "")) for c in columns}


def check_mapping(columns, mapping: dict) -> dict:
    """The mapping cleaned ({column: key or ""}), or RosterError naming each problem."""
    errors, chosen = {}, {}
    placed_auto = {column: key for key, column in field_columns(columns).items()}
    for column in columns:
        if column not in mapping:  # not asked about: the alias table's placing stands
            if placed_auto.get(column):
                chosen[column] = placed_auto[column]
            continue
        key = (mapping.get(column) or "").strip()
        if key and key not in FIELD_LABELS:
            errors[column] = _("is not a field of the roster")
        elif key and key in chosen.values():
            errors[column] = _("%(field)s is already chosen for another column",
                               field=FIELD_LABELS[key])
        chosen[column] = key
    placed = field_columns(columns, chosen)
    missing = [FIELD_LABELS[k] for k in required(columns, chosen) if k not in placed
               and not (k == "id_number" and "document_number" in placed)]
    if missing:
        errors["_required"] = _("Choose a column for: %(fields)s", fields=join_items(missing))
    if errors:
        raise RosterError(errors)
    return chosen


def save_mapping(session: Session, county_id: int, columns, mapping: dict,
                 user_id: int | None = None) -> ColumnMapping:
    """Check and save the officer's choice for this county and shape (audited)."""
    cleaned = check_mapping(columns, mapping)
    write_lock_first(session)  # SQLite: one save after the other
    where = (ColumnMapping.county_id == county_id, ColumnMapping.shape == shape_of(columns))
    row = session.scalar(select(ColumnMapping).where(*where))
    if row is None:
        try:  # two officers saving the same new shape at once: the later one updates
            with session.begin_nested():
                session.add(ColumnMapping(county_id=county_id, shape=shape_of(columns),
                                          header=list(columns), mapping=cleaned,
                                          user_id=user_id))
        except IntegrityError:
            pass
        row = session.scalar(select(ColumnMapping).where(*where))
    row.header, row.mapping, row.user_id = list(columns), cleaned, user_id
    session.flush()
    return row


def mapping_from_csv(text: str) -> dict[str, str]:
    """A mapping file of two columns, header and field (a field key, its Chinese label, or
    "" / 不导入 to leave the column out); a first row header,field is skipped."""
    by_label = {label: key for key, label in FIELD_LABELS.items()}
    mapping, errors = {}, []
    for n, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not row or not "".join(row).strip() or (n == 1 and row[:2] == ["header", "field"]):
            continue
        header, field = normalise_header(row[0]), (row[1] if len(row) > 1 else "").strip()
        key = "" if field in ("", IGNORE_LABEL) else by_label.get(field, field)
        if key and key not in FIELD_LABELS:
            errors.append(f"{n}: {field}")
        mapping[header] = key
    if errors:
        raise RosterError({"mapping": _("Unknown fields in the mapping file: %(rows)s",
                                        rows="; ".join(errors))})
    return mapping


def saved_mappings(session: Session, county_id: int | None) -> list[dict]:
    """The county's saved choices, newest first: id, the file's header row, each column with
    the label of the field it goes to (不导入 for none), who saved it and when."""
    from suite.models import User
    rows = session.execute(
        select(ColumnMapping, User.display_name, User.username)
        .outerjoin(User, User.id == ColumnMapping.user_id)
        .where(ColumnMapping.county_id == county_id)
        .order_by(ColumnMapping.updated_at.desc(), ColumnMapping.id.desc())).all()
    return [{"id": m.id, "header": list(m.header or []), "at": m.updated_at,
             "user": name or username or "",
             "placed": [(c, FIELD_LABELS.get(m.mapping.get(c) or "", IGNORE_LABEL))
                        for c in (m.header or [])]} for m, name, username in rows]


def delete_mapping(session: Session, county_id: int | None, mapping_id: int) -> bool:
    """Forget one saved choice of the county (audited): the next file of that shape asks
    again. False when the county has no such choice."""
    row = session.get(ColumnMapping, mapping_id)
    if row is None or row.county_id != county_id:
        return False
    session.delete(row)
    session.flush()
    return True
