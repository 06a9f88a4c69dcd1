"""The province benchmark's databases: a PostgreSQL server (BENCH_DATABASE_URL's, or a
throwaway one from scripts/pg.sh), two databases on it (one county, one province) built with
subsidy_ledger's populate county by county, and the measurements taken the same way on each:
the county file's import, a ledger, the size and a backup."""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from datetime import date

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from suite import migrate
from suite.audit import acting_as
from suite.backup import backup
from suite.db import get_session, make_engine

from . import canteen_load
from .common import app_for, new_database
from .roster_import import import_file
from .subsidy_ledger import BARE, FIRST, LAST, SCHOOLS, TODAY, populate

PER_COUNTY = 50_000  # a province of 1,000,000 pupils in 20 counties
IMPORTED = 0  # the county whose roster comes from its file rather than from populate


@contextmanager
def server():
    """The URL of a PostgreSQL server to make databases on: BENCH_DATABASE_URL's, or a
    throwaway one (scripts/pg.sh, as the canteen load starts it) stopped on the way out."""
    url = os.environ.get("BENCH_DATABASE_URL")
    if url and make_url(url).get_backend_name() != "postgresql":
        raise RuntimeError("the province benchmark runs on PostgreSQL only")
    folder = tempfile.mkdtemp(prefix="bench-province-")
    os.chmod(folder, 0o755)  # the postgres user runs the throwaway server inside it
    url, stop = canteen_load._postgres(folder)
    try:
        yield url
    finally:
        stop()
        # a throwaway server's folder keeps the province's WAL: a gigabyte and more
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def fresh_database(url: str, name: str):
    """A new migrated database `name` beside `url`'s, dropped on the way out (a province
    database takes gigabytes of the server's disk)."""
    target = new_database(url, name)
    migrate.upgrade(target)
    admin = make_engine(url, isolation_level="AUTOCOMMIT")
    try:
        yield target
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def build(url: str, counties: int) -> tuple[list[list[int]], float]:
    """`counties` counties of SCHOOLS schools and PER_COUNTY pupils with a month of counts
    and issues; county IMPORTED's pupils are left to its file. Returns each county's school
    ids and the seconds taken."""
    start = time.perf_counter()
    engine = make_engine(url)
    with Session(engine, expire_on_commit=False) as session:
        ids = [populate(session, county=k, schools=SCHOOLS, students=PER_COUNTY,
                        roster=k != IMPORTED) for k in range(counties)]
    engine.dispose()
    return ids, time.perf_counter() - start


def analyze(url: str) -> None:
    """The planner's statistics, as autovacuum gathers them on a real server after a load."""
    engine = make_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("ANALYZE"))
    engine.dispose()


def import_county(url: str, data: bytes) -> tuple[float, int]:
    """Seconds to import county IMPORTED's file into the database at `url`, and how many
    pupils the database then holds."""
    app = app_for(url)
    with app.test_request_context(), acting_as(None, "bench"):
        session = get_session()
        seconds, result = import_file(session, data)
        assert result.ok, result.errors[:3]
        pupils = session.scalar(text("SELECT count(*) FROM roster_student"))
        session.close()
    app.extensions["suite_db"].engine.dispose()
    analyze(url)
    return seconds, pupils


def ledger(url: str, school_ids: list[int], repeat: int = 5) -> tuple[float, float, dict]:
    """The ledger service's median seconds for these schools' month, the bare SQL
    aggregate's over every school of the database, and the service's county totals."""
    from subsidy import services

    from .common import best_of
    engine = make_engine(url)
    with Session(engine, expire_on_commit=False) as session:
        service_s, data = best_of(lambda: services.county_month(
            session, school_ids, FIRST.year, FIRST.month, today=TODAY), repeat=repeat)
        bare_s, _rows = best_of(lambda: session.execute(BARE, {"a": FIRST, "b": LAST}).all(),
                                repeat=repeat)
    engine.dispose()
    return service_s, bare_s, data["county"]


def size_mb(url: str) -> float:
    engine = make_engine(url)
    with engine.connect() as conn:
        size = conn.scalar(text("SELECT pg_database_size(current_database())"))
    engine.dispose()
    return size / 2**20


def backup_time(url: str) -> tuple[float, float]:
    """Seconds for the suite's own backup (pg_dump's custom format) and the file's MB."""
    folder = tempfile.mkdtemp(prefix="bench-backup-")
    path = os.path.join(folder, f"{date.today():%Y%m%d}.backup")
    start = time.perf_counter()
    backup(url, path)
    seconds = time.perf_counter() - start
    megabytes = os.path.getsize(path) / 2**20
    os.remove(path)
    os.rmdir(folder)
    return seconds, megabytes
