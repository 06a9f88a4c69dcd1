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
    url = os.environ.get("BENCH_DATABASE_URL")
    if not url:
        path = os.path.join(tempfile.mkdtemp(prefix="bench-"), "bench.db")
        url = "sqlite:///" + path
    migrate.upgrade(url)
    engine = make_engine(url)
    return engine, Session(engine, expire_on_commit=False)


def best_of(fn, repeat: int = 7) -> tuple[float, object]:
    """Median seconds of `repeat` runs (after one warm-up) and the last result."""
    result = fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result
