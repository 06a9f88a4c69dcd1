"""Database: declarative Base with a naming convention, engine and a scoped session per app."""
from __future__ import annotations

import hashlib
import os
import weakref
from datetime import datetime, timezone

from flask import current_app
from sqlalchemy import MetaData, DateTime, bindparam, create_engine, event, func, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import DeclarativeBase, scoped_session, sessionmaker
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """Aware datetimes in, aware UTC datetimes out, on every database. SQLite has no time
    zones: without this it would keep local wall-clock text and compare it as such."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: give a time zone")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime()}


def one_of(column: str, values) -> str:
    """SQL text of a CHECK constraint: the column holds one of the values."""
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def one_of_bulk(column: str, values) -> str:
    """one_of's CHECK written as a chain of ORs, for tables written 100,000 rows at a time:
    SQLite builds an IN list's lookup table again for each row it checks (5 to 9 µs a row
    for each such CHECK: 3.3 s of a county's roster import), and compares ORs directly."""
    return "(" + " OR ".join(f"{column} = {v!r}" for v in values) + ")"


def among(column, ids):
    """`column IN (ids)` with the ids (whole numbers) written into the statement: for a
    county's hundreds of schools the bound parameters cost more to send than the statement
    takes to run."""
    return column.in_(bindparam(None, [int(i) for i in ids], expanding=True,
                                literal_execute=True))


def write_lock_first(session) -> None:
    """On SQLite take the database's write lock before anything is read, so two saves run one
    after the other instead of one failing with "database is locked" when it upgrades its read
    lock (SQLite refuses that at once when another save committed meanwhile). PostgreSQL needs
    no such lock: row locks, version checks and unique indexes order racing saves there.

    A caller that already read in this transaction (the page's school, the API's token) holds
    a snapshot that another save may have changed since: SQLite then refuses the lock at
    once, without waiting. Such a transaction has written nothing (a writer already holds the
    lock), so it is rolled back and the lock taken again from now; what was read is read
    again, as it is now, when next used."""
    if session.get_bind().dialect.name != "sqlite":
        return
    pending = bool(session.new or session.dirty or session.deleted)  # flushed by the UPDATE
    try:
        session.execute(_TAKE_WRITE_LOCK)
    except OperationalError as exc:
        if not is_busy(exc) or pending or session.in_nested_transaction():
            raise
        session.rollback()
        session.execute(_TAKE_WRITE_LOCK)


_TAKE_WRITE_LOCK = text("UPDATE suite_county SET code = code WHERE 0")


def is_busy(exc) -> bool:
    """SQLite's "database is locked": its busy wait ran out, or a read lock could not become
    a write lock (SQLITE_BUSY and its kinds)."""
    orig = getattr(exc, "orig", None)
    return getattr(orig, "sqlite_errorname", "").startswith("SQLITE_BUSY") or \
        "database is locked" in str(orig or "")


def reads_only(view):
    """Marks a view posted as a form that only reads, at length (a menu proposal): it does
    not hold SQLite's write lock for the whole request (suite.web._writes_in_turn)."""
    view._reads_only = True
    return view


def one_at_a_time(session, name: str) -> None:
    """Until the transaction ends, run the work called `name` one caller after the other: a
    PostgreSQL advisory lock on the name's hash, SQLite's write lock (write_lock_first). For
    work that reads a set, decides and writes it (an import), where a unique index alone would
    turn the second of two at once into a server error."""
    if session.get_bind().dialect.name == "postgresql":
        key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
        session.execute(select(func.pg_advisory_xact_lock(key)))
    else:
        write_lock_first(session)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _sqlite_pragmas(engine):
    """Foreign keys on, WAL, a larger page cache, and let SQLAlchemy own BEGIN so SAVEPOINTs
    work with pysqlite."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA busy_timeout=15000")  # a save waits out a county import
        # 64 MiB of page cache (the default is 2 MiB), taken only as it is used: a county's
        # roster import writes 100,000 pupils into six indexes in half the time
        cur.execute("PRAGMA cache_size=-65536")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        conn.exec_driver_sql("BEGIN")


_ENGINES: "weakref.WeakSet" = weakref.WeakSet()


def _forget_parent_connections() -> None:
    """In a process forked from one that already held connections (gunicorn's workers forked
    from a preloaded app), start with an empty pool and leave the parent's sockets alone."""
    for engine in list(_ENGINES):
        engine.dispose(close=False)


os.register_at_fork(after_in_child=_forget_parent_connections)


def make_engine(url: str, **kwargs):
    engine = create_engine(url, future=True, **kwargs)
    if engine.dialect.name == "sqlite":
        _sqlite_pragmas(engine)
    _ENGINES.add(engine)
    return engine


class Database:
    """Holds the engine and the request-scoped session of one app."""

    def __init__(self, app=None):
        self.engine = None
        self.factory = sessionmaker(expire_on_commit=False)
        self.session = scoped_session(self.factory)
        if app is not None:
            self.init_app(app)

    def init_app(self, app):
        self.engine = make_engine(app.config["DATABASE_URL"])
        self.factory.configure(bind=self.engine)
        app.extensions["suite_db"] = self

        @app.teardown_appcontext
        def _remove(_exc):
            self.session.remove()


def get_db() -> Database:
    return current_app.extensions["suite_db"]


def get_session():
    """The current app's session (services take it as their first argument)."""
    return get_db().session()
