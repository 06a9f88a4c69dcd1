"""A township's ledger entries imported from a file (.xlsx or .csv), all or nothing."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from suite.cells import RowError
from suite.listing import join_items
from suite.tabular import Table, known_headers

from .household_ledger import require_open
from .household_rules import HEADERS, ID_COLUMNS, REQUIRED, check_child, kinds

# read_table's header finder for a ledger file: title rows above the template's header pass
ledger_header_score = known_headers([*HEADERS.values(), *HEADERS])
from .models import HouseholdChild


@dataclass
class LedgerImport:
    errors: list[RowError] = field(default_factory=list)
    counts: dict = field(default_factory=lambda: {"new": 0, "updated": 0, "unchanged": 0})

    @property
    def ok(self) -> bool:
        return not self.errors


def _upsert(session, township_id, year, staged, existing, counts) -> None:
    for values in staged:
        child = existing.get(values["id_number"] or values["document_number"])
        if child is None:
            session.add(HouseholdChild(township_id=township_id, year=year, **values))
            counts["new"] += 1
        elif any(getattr(child, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(child, key, value)
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1


def import_ledger(session: Session, table: Table, *, township_id: int, year: int,
                  today: date) -> LedgerImport:
    """Add and update a township's entries from a file, keyed by ID number. All or nothing:
    one bad row and nothing changes; every bad row is returned (row, column, value, reason)."""
    require_open(session, township_id, year)
    result = LedgerImport()
    given = {k for k in HEADERS if HEADERS[k] in table.columns or k in table.columns}
    missing = [HEADERS[k] for k in REQUIRED if k not in given]
    if not given & set(ID_COLUMNS):
        missing.append(HEADERS["id_number"])
    if missing:
        result.errors.append(RowError(1, join_items(missing), None, _("required column missing")))
        return result
    # keyed by the ID number, or the document number of a child without one
    existing = {c.id_number or c.document_number: c for c in session.scalars(
        select(HouseholdChild).where(HouseholdChild.township_id == township_id,
                                     HouseholdChild.year == year))}
    elsewhere = {i or d for i, d in session.execute(select(
        HouseholdChild.id_number, HouseholdChild.document_number).where(
        HouseholdChild.year == year, HouseholdChild.township_id != township_id))}
    household_kinds, seen, staged = kinds(session), {}, []
    for n, cells in table.numbered():
        raw = {k: cells.get(h, cells.get(k)) for k, h in HEADERS.items()}
        values, errors = check_child(raw, household_kinds, today)
        id_number = values["id_number"] or values["document_number"]
        key = "id_number" if values["id_number"] else "document_number"  # the column it is in
        if id_number in seen:
            errors[key] = _("is also on row %(row)d", row=seen[id_number])
        elif id_number and id_number in elsewhere:
            errors[key] = _("is already on another township's ledger for this year")
        if id_number:
            seen.setdefault(id_number, n)
        result.errors += [RowError(n, HEADERS[k], raw.get(k), r) for k, r in errors.items()]
        if not errors:
            staged.append(values)
    if not result.errors:
        _upsert(session, township_id, year, staged, existing, result.counts)
        session.flush()
    return result

