"""Helpers for benchmarks: a migrated throwaway database and a timer."""
from __future__ import annotations

import os
import statistics
import tempfile
import time

from sqlalchemy.orm import Session

from suite import migrate
from suite.db import make_engine


def database():
    """An empty migrated database: BENCH_DATABASE_URL if set (PostgreSQL), else SQLite."""
    engine = make_engine(database_url("bench"))
    return engine, Session(engine, expire_on_commit=False)


def database_url(name: str) -> str:
    """BENCH_DATABASE_URL if set (PostgreSQL), else a new SQLite file `name`.db, migrated."""
    url = os.environ.get("BENCH_DATABASE_URL") or \
        "sqlite:///" + os.path.join(tempfile.mkdtemp(prefix="bench-"), f"{name}.db")
    migrate.upgrade(url)
    return url


def bench_app(name: str):
    """The app over `database_url(name)`, with a throwaway instance folder."""
    from suite import create_app
    os.environ.setdefault("SUITE_INSTANCE_PATH", tempfile.mkdtemp(prefix="bench-instance-"))
    return create_app({"DATABASE_URL": database_url(name), "SECRET_KEY": "bench"})


def best_of(fn, repeat: int = 7) -> tuple[float, object]:
    """Median seconds of `repeat` runs (after one warm-up) and the last result."""
    result = fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result
