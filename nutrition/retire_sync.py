"""Retiring the estimates that book foods replace (data/retired_estimates.csv) in a database in
use: everything that pointed at such an estimate points at its book food, the estimate row is
kept for history but inactive, and each retirement is recorded (old code -> new code, the old
values, the rows repointed per table). Plain SQL over a Connection: migration 0016 runs it.

Merges where a key would repeat: a dish listing both foods (same band) keeps the book food's
line with the grams summed; a school's stock balance of both is summed into the book food's;
a flag note whose new key is taken keeps the existing note with the old note appended."""
from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal

from sqlalchemy import Table, text

from .book_rows import ESTIMATE_SUFFIX
from .retired import merge_aliases, replacements

PLAIN = ("procurement_delivery_line", "procurement_stock_move", "procurement_stocktake_line",
         "procurement_item_mapping")
TABLES = ("menus_dish_ingredient", *PLAIN, "procurement_stock_balance", "subsidy_flag_note")
SAME_BAND = ("o.band = menus_dish_ingredient.band OR "
             "(o.band IS NULL AND menus_dish_ingredient.band IS NULL)")


def _plain(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def _dish_lines(conn, old: int, new: int) -> int:
    both = (f"EXISTS (SELECT 1 FROM menus_dish_ingredient o WHERE o.dish_id = "
            f"menus_dish_ingredient.dish_id AND o.food_id = :other AND ({SAME_BAND}))")
    conn.execute(text(
        "UPDATE menus_dish_ingredient SET grams = grams + (SELECT sum(o.grams) FROM "
        "menus_dish_ingredient o WHERE o.dish_id = menus_dish_ingredient.dish_id AND "
        f"o.food_id = :other AND ({SAME_BAND})) WHERE food_id = :food AND {both}"),
        {"food": new, "other": old})
    merged = conn.execute(text(f"DELETE FROM menus_dish_ingredient WHERE food_id = :food "
                               f"AND {both}"), {"food": old, "other": new}).rowcount
    moved = conn.execute(text("UPDATE menus_dish_ingredient SET food_id = :new "
                              "WHERE food_id = :old"), {"new": new, "old": old}).rowcount
    return merged + moved


def _balances(conn, old: int, new: int) -> int:
    def mine(column):
        return (f"(SELECT o.{column} FROM procurement_stock_balance o WHERE o.school_id = "
                f"procurement_stock_balance.school_id AND o.food_id = :old)")
    there = ("school_id IN (SELECT school_id FROM procurement_stock_balance "
             "WHERE food_id = :other)")
    conn.execute(text(f"UPDATE procurement_stock_balance SET grams = grams + {mine('grams')}, "
                      f"value = value + {mine('value')} WHERE food_id = :new AND "
                      f"{there.replace(':other', ':old')}"), {"old": old, "new": new})
    merged = conn.execute(text(f"DELETE FROM procurement_stock_balance WHERE food_id = :old "
                               f"AND {there}"), {"old": old, "other": new}).rowcount
    moved = conn.execute(text("UPDATE procurement_stock_balance SET food_id = :new "
                              "WHERE food_id = :old"), {"new": new, "old": old}).rowcount
    return merged + moved


def _new_key(key: str, old: dict, new: dict) -> str | None:
    """A flag's record key naming the estimate, renamed; None if it does not name it:
    "<day>|<meal>|<food code>" (a food issued) or "<delivery id>|<food id>" (a line)."""
    parts = key.split("|")
    if len(parts) == 3 and parts[2] == old["code"]:
        return f"{parts[0]}|{parts[1]}|{new['code']}"
    if len(parts) == 2 and parts[0].isdigit() and parts[1] == str(old["id"]):
        return f"{parts[0]}|{new['id']}"
    return None


def _flag_notes(conn, old: dict, new: dict) -> int:
    rows = conn.execute(text(
        "SELECT id, school_id, year, month, code, record_key, note FROM subsidy_flag_note "
        "WHERE record_key LIKE :by_code OR record_key LIKE :by_id ORDER BY id"),
        {"by_code": f"%|{old['code']}", "by_id": f"%|{old['id']}"}).mappings().all()
    done = 0
    for row in rows:
        key = _new_key(row["record_key"], old, new)
        if key is None:
            continue
        taken = conn.execute(text(
            "SELECT id, note FROM subsidy_flag_note WHERE school_id = :s AND year = :y AND "
            "month = :m AND code = :c AND record_key = :k"),
            {"s": row["school_id"], "y": row["year"], "m": row["month"], "c": row["code"],
             "k": key}).first()
        if taken is None:
            conn.execute(text("UPDATE subsidy_flag_note SET record_key = :k WHERE id = :id"),
                         {"k": key, "id": row["id"]})
        else:
            if row["note"] not in taken.note:
                conn.execute(text("UPDATE subsidy_flag_note SET note = :n WHERE id = :id"),
                             {"n": f"{taken.note}\n{row['note']}", "id": taken.id})
            conn.execute(text("DELETE FROM subsidy_flag_note WHERE id = :id"), {"id": row["id"]})
        done += 1
    return done


def retire_estimates(conn, log: Table) -> list[dict]:
    """Retire every estimate of the database that a book food replaces and that is not
    retired yet; record each in `log` (the nutrition_food_replacement table). Returns the
    records written (old_code, old_name, new_code, new_name, old_values, counts, at)."""
    plan = replacements()
    done = set(conn.execute(text("SELECT old_code FROM nutrition_food_replacement")).scalars())
    estimates = [dict(r) for r in conn.execute(text(
        "SELECT * FROM nutrition_food WHERE certainty = 'estimate' ORDER BY code")).mappings()
        if r["code"] in plan and r["code"] not in done]
    targets = set(plan.values())
    books = {r.code: r._asdict() for r in conn.execute(text(
        "SELECT id, code, name, aliases FROM nutrition_food WHERE certainty <> 'estimate'"))
        if r.code in targets}
    now, records = datetime.now(timezone.utc), []
    for old in estimates:
        new = books.get(plan[old["code"]])
        if new is None:  # the book food is not in this database: the estimate stays
            continue
        ids = {"new": new["id"], "old": old["id"]}
        counts = {"menus_dish_ingredient": _dish_lines(conn, old["id"], new["id"])}
        for table in PLAIN:
            counts[table] = conn.execute(text(f"UPDATE {table} SET food_id = :new "
                                              "WHERE food_id = :old"), ids).rowcount
        counts["procurement_stock_balance"] = _balances(conn, old["id"], new["id"])
        counts["subsidy_flag_note"] = _flag_notes(conn, old, new)
        name = old["name"].removesuffix(ESTIMATE_SUFFIX)
        new["aliases"] = merge_aliases(new["aliases"] or "", new["name"],
                                       [name, *(old["aliases"] or "").split("|")], new["code"])
        conn.execute(text("UPDATE nutrition_food SET aliases = :a, updated_at = :at "
                          "WHERE id = :new"), {"a": new["aliases"], "at": now, **ids})
        # its notes stay as they were: the page says what replaced it, in the reader's language,
        # from the retirement's record
        conn.execute(text("UPDATE nutrition_food SET active = :f, updated_at = :at "
                          "WHERE id = :old"), {"f": False, "at": now, **ids})
        record = {"old_code": old["code"], "old_name": old["name"], "new_code": new["code"],
                  "new_name": new["name"], "at": now, "counts": counts,
                  "old_values": {k: _plain(v) for k, v in old.items() if k != "id"}}
        conn.execute(log.insert().values(**record))
        records.append(record)
    return records
