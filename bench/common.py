"""Helpers for benchmarks: a migrated throwaway database, a timer, a PDF baseline, and the
figures every benchmark returns with the table `python -m bench` prints."""
from __future__ import annotations

import ctypes
import gc
import os
import re
import resource
import statistics
import tempfile
import time
import zlib
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from suite import migrate
from suite.db import make_engine


def database():
    """An empty migrated database (see `database_url`) and a session on it."""
    return session_for(database_url("bench"))


def session_for(url: str):
    """An engine and a session on the database at `url`."""
    engine = make_engine(url)
    return engine, Session(engine, expire_on_commit=False)


def database_url(name: str) -> str:
    """A new migrated database `name`: with BENCH_DATABASE_URL (PostgreSQL), the database
    `bench_<name>` on its server, dropped first if it is there, so that benchmarks never see
    each other's rows; else a new SQLite file `name`.db."""
    url = os.environ.get("BENCH_DATABASE_URL")
    if url:
        url = new_database(url, f"bench_{name}")
    else:
        url = "sqlite:///" + os.path.join(tempfile.mkdtemp(prefix="bench-"), f"{name}.db")
    migrate.upgrade(url)
    return url


def new_database(url: str, name: str) -> str:
    """The URL of an empty database `name` on `url`'s PostgreSQL server (dropped first)."""
    admin = make_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def bench_app(name: str):
    """The app over `database_url(name)`, with a throwaway instance folder."""
    return app_for(database_url(name))


def app_for(url: str):
    """The app over the database at `url`, with a throwaway instance folder."""
    from suite import create_app
    os.environ.setdefault("SUITE_INSTANCE_PATH", tempfile.mkdtemp(prefix="bench-instance-"))
    return create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})


def reset_peak_memory() -> None:
    """Start the process's peak RSS afresh (Linux: /proc/self/clear_refs), so that a peak read
    later is this benchmark's, not that of an earlier one in the same run. What earlier ones
    freed is first handed back to the system (glibc keeps freed heap otherwise)."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
    except OSError:
        pass


def memory_mb(field: str = "VmRSS") -> float | None:
    """A figure of /proc/self/status in MB (VmRSS now, VmHWM the peak), None without it."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def peak_memory_mb() -> float:
    """The process's peak RSS since `reset_peak_memory` (VmHWM), else since it started."""
    peak = memory_mb("VmHWM")
    return peak if peak is not None else \
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def best_of(fn, repeat: int = 7) -> tuple[float, object]:
    """Median seconds of `repeat` runs (after one warm-up) and the last result."""
    result = fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


TRIVIAL_PAGE = ('<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>'
                '@page { size: A4; margin: 14mm 12mm 16mm; } html { font-family: '
                '"Noto Sans CJK SC", "WenQuanYi Zen Hei", sans-serif; font-size: 9pt; }'
                '</style></head><body><h1>基准页</h1><p>学校食堂 每周食谱 营养分析</p></body></html>')


def pdf_page_s() -> float:
    """WeasyPrint's own time for a trivial one-page document in the PDFs' CJK font."""
    from weasyprint import HTML
    return best_of(lambda: HTML(string=TRIVIAL_PAGE).write_pdf(), repeat=3)[0]


def pdf_pages(body: bytes) -> int:
    """The page count of a PDF WeasyPrint wrote (its objects may sit in deflated streams)."""
    chunks = [body]
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", body, re.S):
        try:
            chunks.append(zlib.decompress(stream))
        except zlib.error:
            pass
    counts = [int(n) for c in chunks
              for n in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", c) +
              re.findall(rb"/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", c)]
    return max(counts, default=1)


@dataclass
class Figure:
    """One measured figure of a benchmark beside the baseline measured in the same run.

    `unit` is "s" for times (shown in ms below one second) or any other unit ("MB", "%",
    "errors", "req/s"), shown as is. `limit` is a maximum, or a minimum when `at_least`;
    `ratio_limit` is a maximum of measured / baseline. PASS only if every given limit is met;
    a figure with no limit at all is shown for information ("-"). `measured` is None when the
    figure could not be measured (a crashed module): always MISS."""
    name: str
    measured: float | None
    baseline_name: str = ""
    baseline: float | None = None
    limit: float | None = None
    ratio_limit: float | None = None
    note: str = ""
    unit: str = "s"
    at_least: bool = False

    @property
    def ratio(self) -> float | None:
        if self.measured is None or self.baseline is None or self.baseline <= 0:
            return None
        return self.measured / self.baseline

    @property
    def passed(self) -> bool | None:
        """True or False against the given limits; None if no limit is given."""
        if self.measured is None:
            return False
        checks = []
        if self.limit is not None:
            checks.append(self.measured >= self.limit if self.at_least
                          else self.measured <= self.limit)
        if self.ratio_limit is not None:
            checks.append(self.ratio is not None and self.ratio <= self.ratio_limit)
        return all(checks) if checks else None

    @property
    def status(self) -> str:
        return {True: "PASS", False: "MISS", None: "-"}[self.passed]

    def show(self, value: float | None, short: bool = False) -> str:
        """A value in the figure's unit; `short` for limits (no trailing zeros)."""
        if value is None:
            return "-"
        if self.unit == "s":
            if short:
                return f"{value * 1000:g} ms" if abs(value) < 1 else f"{value:g} s"
            return f"{value * 1000:.1f} ms" if abs(value) < 1 else f"{value:.2f} s"
        if short or value == int(value) or abs(value) >= 100:
            return f"{value:,.0f} {self.unit}" if value == int(value) or abs(value) >= 100 \
                else f"{value:g} {self.unit}"
        return f"{value:,.2f} {self.unit}"

    def target(self) -> str:
        parts = []
        if self.limit is not None:
            parts.append(("≥ " if self.at_least else "≤ ") + self.show(self.limit, True))
        if self.ratio_limit is not None:
            parts.append(f"ratio ≤ {self.ratio_limit:g}")
        return ", ".join(parts) or "-"


def crashed(module: str, error: BaseException) -> Figure:
    """The MISS row of a benchmark module that raised instead of measuring."""
    message = f"{type(error).__name__}: {error}".splitlines()[0][:120]
    return Figure(f"{module}: failed: {message}", None, note="see the traceback above")


COLUMNS = ("figure", "measured", "baseline", "baseline value", "ratio", "target", "result",
           "note")


def table(figures: list[Figure]) -> str:
    """An aligned Markdown pipe table, one row per figure."""
    rows = [COLUMNS] + [(f.name, f.show(f.measured), f.baseline_name or "-",
                         f.show(f.baseline), "-" if f.ratio is None else f"{f.ratio:.2f}",
                         f.target(), f.status, f.note or "") for f in figures]
    widths = [max(len(r[i]) for r in rows) for i in range(len(COLUMNS))]

    def line(cells):
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths)) + " |"
    return "\n".join([line(rows[0]), line(["-" * w for w in widths])] +
                     [line(r) for r in rows[1:]])
