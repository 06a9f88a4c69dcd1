"""Backup and restore of the whole database, as one file.

SQLite: the online backup API copies a consistent snapshot while the suite keeps serving (WAL
readers never block writers). PostgreSQL: pg_dump's custom format, restored by pg_restore in a
single transaction. The file's first bytes say which kind it is, so a restore refuses a file of
the other kind, or one that is not a backup at all, before it touches anything."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from glob import glob
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

from .db import make_engine

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


class BackupError(Exception):
    """A backup or restore refused or failed; the message says why and what to do."""


def kind_of_url(url: str) -> str:
    name = make_url(url).get_backend_name()
    if name not in ("sqlite", "postgresql"):
        raise BackupError(f"unsupported database {name}: SQLite or PostgreSQL only")
    return name


def kind_of_file(path: str) -> str:
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise BackupError(f"cannot read {path}: {exc.strerror}") from exc
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_MAGIC):
        return "postgresql"
    raise BackupError(f"{path} is not a backup made by this suite (neither SQLite nor pg_dump)")


def holdings(url: str) -> dict[str, int]:
    """What the database holds of a county's own data: its counties and users. (A freshly
    migrated database holds reference rows only, such as aid categories, and counts as
    empty.)"""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            names = set(inspect(conn).get_table_names())
            return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar()
                    for t in ("suite_county", "suite_user") if t in names}
    finally:
        engine.dispose()


def schema_revision(url: str) -> str | None:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            if "alembic_version" not in inspect(conn).get_table_names():
                return None
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    finally:
        engine.dispose()


def backup(url: str, path: str) -> str:
    """Write the database at `url` to a new file `path` (never over an existing one); returns
    the kind. The file is written beside its final name and renamed when complete, so a
    backup cut short never looks like a whole one; it is readable by its owner only (it holds
    password hashes)."""
    kind = kind_of_url(url)
    target = Path(path)
    if target.exists():
        raise BackupError(f"{path} exists already: choose a new file name")
    if not target.parent.is_dir():
        raise BackupError(f"no such folder: {target.parent}")
    fd, partial = tempfile.mkstemp(prefix=".backup-", dir=target.parent)
    os.close(fd)
    os.chmod(partial, 0o600)
    try:
        if kind == "sqlite":
            _sqlite_copy(_sqlite_path(url), partial)
            _sqlite_single_file(partial)
        else:
            _run_pg("pg_dump", url, ["--format=custom", "--no-owner", "--no-privileges",
                                     "--file", partial])
        os.replace(partial, target)
    finally:
        if os.path.exists(partial):
            os.remove(partial)
    return kind


def restore(url: str, path: str, force: bool = False) -> str | None:
    """Replace the database at `url` with the backup in `path`; returns the schema revision
    the restored database is at. A database holding a county or users is replaced only with
    `force`."""
    kind = kind_of_url(url)
    found = kind_of_file(path)
    if found != kind:
        raise BackupError(f"{path} is a {_NAMES[found]} backup but the database is "
                          f"{_NAMES[kind]}: restore it into a {_NAMES[found]} database")
    held = holdings(url)
    if any(held.values()) and not force:
        raise BackupError(f"the database is not empty (counties: {held.get('suite_county', 0)}, "
                          f"users: {held.get('suite_user', 0)}); add --force to replace "
                          "everything in it")
    if kind == "sqlite":
        _sqlite_check(path)
        _sqlite_copy(path, _sqlite_path(url))
    else:
        _run_pg("pg_restore", url, ["--list", path], to_db=False)  # a damaged file stops here
        _pg_empty(url)
        _run_pg("pg_restore", url, ["--no-owner", "--no-privileges", "--single-transaction",
                                    "--exit-on-error", path])
    return schema_revision(url)


_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def _sqlite_path(url: str) -> str:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("a SQLite database in memory cannot be backed up or restored")
    return database


def _sqlite_copy(source: str, destination: str) -> None:
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(destination)
    try:
        src.backup(dst)
    except sqlite3.Error as exc:
        raise BackupError(f"SQLite could not copy {source}: {exc}") from exc
    finally:
        dst.close()
        src.close()


def _sqlite_single_file(path: str) -> None:
    """A rollback-journal copy is one file: opening it leaves no -wal or -shm beside it."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA journal_mode=DELETE")
    finally:
        conn.close()


def _sqlite_check(path: str) -> None:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        result = conn.execute("PRAGMA quick_check").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.Error as exc:
        raise BackupError(f"{path} is damaged: {exc}") from exc
    finally:
        conn.close()
    if result != "ok":
        raise BackupError(f"{path} is damaged: {result}")
    if "alembic_version" not in tables:
        raise BackupError(f"{path} is a SQLite file but not a database of this suite")


def _pg_empty(url: str) -> None:
    """Drop everything in the public schema, so the restore leaves no table of a newer schema
    behind."""
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    finally:
        engine.dispose()


def pg_tool(name: str) -> str:
    """The newest installed PostgreSQL's tool (a dump needs a pg_dump at least as new as the
    server), else the one on PATH."""
    versions = sorted(glob(f"/usr/lib/postgresql/*/bin/{name}"),
                      key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0)
    found = versions[-1] if versions else shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not installed (Debian: apt install postgresql-client)")
    return found


def _run_pg(tool: str, url: str, args: list[str], to_db: bool = True) -> None:
    """Run a PostgreSQL tool with the connection in the environment: a password never
    appears in the process list."""
    parsed = make_url(url)
    env = dict(os.environ)
    pairs = {"PGHOST": parsed.query.get("host") or parsed.host, "PGPORT": parsed.port,
             "PGUSER": parsed.username, "PGPASSWORD": parsed.password,
             "PGDATABASE": parsed.database, "PGSSLMODE": parsed.query.get("sslmode")}
    env.update({k: str(v) for k, v in pairs.items() if v})
    command = [pg_tool(tool)] + (["--dbname", parsed.database] if to_db else []) + args
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{tool} failed: {done.stderr.strip()[-800:]}")
