"""Writes that two people can race, started the same way on every database."""
from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session


def write_lock_first(session: Session) -> None:
    """On SQLite take the database's write lock before anything is read, so two saves run one
    after the other instead of one failing with "database is locked" when it upgrades its read
    lock. PostgreSQL needs no such lock: row locks, the version check and unique indexes
    refuse the second of two racing saves."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("UPDATE canteen_meal_count SET version = version WHERE 0"))
