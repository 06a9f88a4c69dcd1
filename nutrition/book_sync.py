"""Loading the built-in foods (book_rows.py) into the database in bulk: Core inserts and
updates, a few statements for the whole table, one summary audit entry. A food already in the
database keeps its name and the 13 analysed values (a person may have edited them); a row that
predates the book columns gets them filled in. An estimate whose name a book food takes is
renamed with ESTIMATE_SUFFIX. Works on the model's table or on a reflected one (a migration)."""
from __future__ import annotations

from sqlalchemy import Table, bindparam, select, update

from suite.db import utcnow

from .book_rows import ESTIMATE_SUFFIX, builtin_rows

# the columns filled in on a food that is already there
BOOK_SIDE = ("water_g", "cholesterol_mg", "ash_g", "carotene_ug", "retinol_ug", "niacin_mg",
             "vitamin_e_total_mg", "vitamin_e_alpha_mg", "vitamin_e_beta_gamma_mg",
             "vitamin_e_delta_mg", "phosphorus_mg", "potassium_mg", "magnesium_mg",
             "selenium_ug", "copper_mg", "manganese_mg", "energy_kj", "book_group",
             "book_subgroup", "remark", "check_flags", "marks", "book_cells", "hidden")


def _only(row: dict, columns: set[str]) -> dict:
    return {k: v for k, v in row.items() if k in columns}


def sync_rows(conn, table: Table) -> dict[str, int]:
    """Bring the built-in foods into `table` over `conn` (a Session or a Connection).
    Returns counts: book foods added, other built-in foods added, rows given the book's
    columns, estimates renamed. Nothing is written when nothing is missing."""
    columns = set(table.c.keys())
    books, others = builtin_rows()
    have = {r.code: r for r in conn.execute(select(
        table.c.id, table.c.code, table.c.name, table.c.certainty, table.c.builtin,
        table.c.book_cells.is_(None).label("bare")))}
    names = {r.name: r for r in have.values()}
    now = utcnow()
    counts = {"book_added": 0, "builtin_added": 0, "book_filled": 0, "renamed": 0}
    book_names = {b["name"] for b in books} | {b["book_cells"]["name"].strip() for b in books}
    renames = [{"b_id": r.id, "b_name": r.name + ESTIMATE_SUFFIX} for r in have.values()
               if r.certainty == "estimate" and r.builtin and r.name in book_names
               and r.code not in {b["code"] for b in books}
               and r.name + ESTIMATE_SUFFIX not in names]
    if renames:
        conn.execute(update(table).where(table.c.id == bindparam("b_id"))
                     .values(name=bindparam("b_name"), updated_at=now), renames)
        for r in renames:
            names[r["b_name"]] = names.pop(r["b_name"][:-len(ESTIMATE_SUFFIX)])
        counts["renamed"] = len(renames)
    new, fill = [], []
    for row in books:
        old = have.get(row["code"])
        if old is None:
            clash = names.get(row["name"])
            if clash is not None:  # a local food has the name: the book food shows its code
                row = row | {"name": f"{row['name']}（{row['code']}）"}
            new.append(_only(row, columns) | {"updated_at": now})
        elif old.bare:
            fill.append({"b_id": old.id} | {f"b_{k}": row[k] for k in BOOK_SIDE if k in columns})
    for row in others:
        if row["code"] not in have and row["name"] not in names:
            new.append(_only(row, columns) | {"updated_at": now})
            counts["builtin_added"] += 1
    if new:
        conn.execute(table.insert(), new)
        counts["book_added"] = len(new) - counts["builtin_added"]
    if fill:
        keys = [k for k in BOOK_SIDE if k in columns]
        conn.execute(update(table).where(table.c.id == bindparam("b_id"))
                     .values({k: bindparam(f"b_{k}") for k in keys} | {"updated_at": now}), fill)
        counts["book_filled"] = len(fill)
    return counts
