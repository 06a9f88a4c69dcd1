"""Alembic environment: one history for the host and every plugin."""
from __future__ import annotations

from alembic import context

from suite.db import UTCDateTime, make_engine
from suite.migrate import all_metadata

config = context.config
target_metadata = all_metadata()


def render_item(kind, obj, _autogen_context):
    """Our UTCDateTime is a plain timezone-aware DateTime in the schema."""
    if kind == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run_migrations_offline() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"),
                      target_metadata=target_metadata, literal_binds=True,
                      render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def _sqlite_foreign_keys(connection, on: bool) -> None:
    """SQLite rebuilds a table to alter a column (batch mode): dropping a table that others
    point at must not cascade or fail, so foreign keys are off while migrating (the PRAGMA
    works only outside a transaction, hence on the driver's connection) and checked after."""
    cursor = connection.connection.dbapi_connection.cursor()
    try:
        if on:
            problems = cursor.execute("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise RuntimeError(f"foreign keys broken by the migration: {problems[:5]}")
        cursor.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")
    finally:
        cursor.close()


def run_migrations_online() -> None:
    engine = make_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            _sqlite_foreign_keys(connection, on=False)
        context.configure(connection=connection, target_metadata=target_metadata,
                          render_as_batch=sqlite, compare_type=True, render_item=render_item)
        with context.begin_transaction():
            context.run_migrations()
        if sqlite:
            _sqlite_foreign_keys(connection, on=True)
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
