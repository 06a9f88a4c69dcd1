"""Shared by the migration tests on a populated database (SQLite, or PostgreSQL under
TEST_DATABASE_URL: a database of its own per test)."""
from __future__ import annotations

import os
import uuid

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

NOW = "2026-11-01 08:00:00"
FOOD_COLUMNS = ("id, code, name, aliases, food_group, dark_vegetable, liver, edible_fraction, "
                "energy_kcal, energy_kj, protein_g, trace, source, certainty, notes, builtin, "
                "active, updated_at")


def scratch_database(tmp_path) -> str:
    """The URL of an empty database for one test."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        return "sqlite:///" + str(tmp_path / "populated.db")
    name = f"mig_{uuid.uuid4().hex[:8]}"
    admin = create_engine(make_url(base).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(base).set(database=name).render_as_string(hide_password=False)
