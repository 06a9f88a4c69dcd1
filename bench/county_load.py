"""A county's busy hour: gunicorn (deploy/gunicorn.conf.py, cores x 2 + 1 workers) on
PostgreSQL, 200 simulated users for 60 s on loopback: 100 canteen managers saving counts and
issuing food through the API (bench.canteen_load's managers), 40 nutritionists opening
planners, 30 bureau officers opening the subsidy dashboard and 30 members of the public
reading published menus. Each person waits 1-3 s between two pages (a manager 0.5-1.5 s
between meals). Prints throughput, p50/p95/p99 and errors by kind beside a hello-world baseline
(the login page and a static file under the same server, idle); afterwards the database must
match every acknowledged save.

Targets (issue 16): no errors; the planner's p95 under 150 ms at that load; the public menu
page within 3 x the login page (p50, under the same load).

Run: .venv/bin/python -m bench.county_load (BENCH_DATABASE_URL for an existing PostgreSQL).
BENCH_SECONDS and BENCH_USERS change the duration and the number of people (same shares)."""
from __future__ import annotations

import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import timedelta
from http.client import HTTPConnection, HTTPException
from urllib.parse import urlencode

from . import canteen_load as canteen
from .canteen_verify import verify
from .common import Figure
from .cpu_usage import Meter, postmaster_pid
from .county_people import PASSWORD, add_planning

SECONDS = float(os.environ.get("BENCH_SECONDS", 60))
USERS = int(os.environ.get("BENCH_USERS", 200))
SHARES = {"manager": 0.5, "nutritionist": 0.2, "bureau": 0.15, "public": 0.15}
PLANNER_P95_MS, PUBLIC_RATIO = 150, 3.0
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class Person(threading.Thread):
    """A browser: logs in once (if it has a login), then opens its pages until the end."""

    def __init__(self, port, kind, username, paths, stop_at, rng):
        super().__init__(daemon=True)
        self.port, self.kind, self.username, self.paths = port, kind, username, paths
        self.stop_at, self.rng = stop_at, rng
        self.cookies: dict[str, str] = {}
        self.latencies: list[float] = []
        self.errors: list[str] = []

    def _get(self, conn, path, body=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request("POST" if body is not None else "GET", path, body, headers)
        response = conn.getresponse()
        data = response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        return response.status, data

    def _login(self, conn):
        _status, page = self._get(conn, "/login")
        token = CSRF.search(page.decode()).group(1)
        status, _data = self._get(conn, "/login", urlencode(
            {"username": self.username, "password": PASSWORD, "csrf_token": token}))
        if status != 302:
            raise RuntimeError(f"{self.username} could not log in: {status}")

    def run(self):
        conn = HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            if self.username:
                self._login(conn)
        except (OSError, HTTPException, RuntimeError) as exc:
            self.errors.append(f"login: {exc!r}")
            return
        while time.monotonic() < self.stop_at:
            path = self.rng.choice(self.paths)
            started = time.perf_counter()
            try:
                status, data = self._get(conn, path)
                self.latencies.append(time.perf_counter() - started)
                if status != 200:
                    self.errors.append(f"GET {path}: {status} {data[:120]!r}")
            except (OSError, HTTPException) as exc:
                self.errors.append(f"GET {path}: {exc!r}")
                conn.close()
                conn = HTTPConnection("127.0.0.1", self.port, timeout=30)
            time.sleep(self.rng.uniform(1.0, 3.0))
        conn.close()


def warm_up(port, plan, workers: int) -> None:
    """Every kind of page once per worker before the clock starts: the first request of a
    worker compiles templates and opens connections, which is not what a county's busy hour
    measures."""
    for kind in ("nutritionist", "bureau", "public"):
        person = Person(port, kind, plan["logins"][kind][0], [], 0, random.Random(0))
        conn = HTTPConnection("127.0.0.1", port, timeout=60)
        if person.username:
            person._login(conn)
        for path in (plan["paths"][kind] * workers)[:max(workers, len(plan["paths"][kind]))]:
            person._get(conn, path)
        conn.close()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * share) - 1)] * 1000 if ordered else float("nan")


def _stats(kind: str, people: list) -> tuple[str, dict]:
    times = [t for p in people for t in p.latencies]
    errors = [e for p in people for e in p.errors]
    row = {"n": len(times), "p50": percentile(times, 0.50), "p95": percentile(times, 0.95),
           "p99": percentile(times, 0.99), "errors": len(errors), "first": errors[:3]}
    return kind, row


def _start_server(url, tmp, port):
    env = dict(os.environ, DATABASE_URL=url, SECRET_KEY="bench-secret", PORT=str(port),
               SUITE_INSTANCE_PATH=tmp + "/instance", LOG_LEVEL="warning")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py",
         "--access-logfile", "/dev/null", "suite:create_app()"],
        cwd=canteen.ROOT, env=env, start_new_session=True)
    canteen._wait_for(port, server)
    return server


def _people(port, plan, managers, days, stop_at, rng):
    counts = {k: max(1, round(USERS * share)) for k, share in SHARES.items()}
    crowd = [canteen.Manager(port, managers[i % len(managers)], days, stop_at,
                             random.Random(rng.random())) for i in range(counts["manager"])]
    for kind in ("nutritionist", "bureau", "public"):
        for i in range(counts[kind]):
            username = plan["logins"][kind][i % len(plan["logins"][kind])]
            crowd.append(Person(port, kind, username, plan["paths"][kind], stop_at,
                                random.Random(rng.random())))
    return crowd


def main() -> list[Figure]:
    from suite import clock

    tmp = tempfile.mkdtemp(prefix="bench-county-")
    os.chmod(tmp, 0o755)  # the postgres user runs the throwaway server inside it
    url, stop_pg = canteen._postgres(tmp)
    server = None
    try:
        canteen.MANAGERS = max(1, round(USERS * SHARES["manager"]))
        managers, days = canteen.populate(url, clock.today())
        plan = add_planning(url, clock.today(), len(managers))
        port = canteen._free_port()
        server = _start_server(url, tmp, port)
        warm_up(port, plan, os.cpu_count() * 2 + 1)
        login_idle = canteen.idle_get_ms(port, "/login")
        static_idle = canteen.idle_get_ms(port)
        rng = random.Random(2026)
        stop_at = time.monotonic() + SECONDS
        crowd = _people(port, plan, managers, days, stop_at, rng)
        baseline = Person(port, "login page", "", ["/login"], stop_at, random.Random(7))
        meter = Meter(server.pid, postmaster_pid(tmp + "/pg"))
        meter.start()
        for person in crowd + [baseline]:
            person.start()
        for person in crowd + [baseline]:
            person.join()
        cpu = meter.stop()
        groups = {"manager": [p for p in crowd if isinstance(p, canteen.Manager)]}
        for kind in ("nutritionist", "bureau", "public"):
            groups[kind] = [p for p in crowd if getattr(p, "kind", "") == kind]
        groups["login page"] = [baseline]
        stats = dict(_stats(k, v) for k, v in groups.items())
        # one school per manager (populate makes as many schools as there are managers)
        problems = verify(url, [w.info for w in groups["manager"]], groups["manager"])
        figures, usage = report(stats, problems, login_idle, static_idle, len(crowd)), \
            capacity(cpu, stats, len(crowd))
        saturated = usage[-1]
        if not saturated.passed:  # the latencies then say how far the machine is short
            for figure in figures[:4]:
                figure.note = (f"saturated: the offered load needs {saturated.measured:.1f} "
                               f"cores, this machine has {os.cpu_count()}")
        return figures + usage
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        stop_pg()


def report(stats, problems, login_idle, static_idle, people) -> list[Figure]:
    total = sum(s["n"] for s in stats.values())
    print(f"{people} people for {SECONDS:g} s, gunicorn ({os.cpu_count() * 2 + 1} workers) on "
          f"PostgreSQL: {total} requests, {total / SECONDS:.1f}/s")
    print(f"idle: login page {login_idle:.1f} ms, static file {static_idle:.1f} ms")
    print(f"{'who':<14} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>6}")
    for kind, s in stats.items():
        print(f"{kind:<14} {s['n']:>8} {s['p50']:>8.1f} {s['p95']:>8.1f} {s['p99']:>8.1f} "
              f"{s['errors']:>6}")
        for line in s["first"]:
            print("    ", line)
    print(f"database matches every acknowledged save: {'yes' if not problems else 'NO'}")
    for line in problems[:5]:
        print("    ", line)
    errors = sum(s["errors"] for s in stats.values())
    login = stats["login page"]["p50"]
    load = f"{people} people, {SECONDS:g} s"
    return [
        Figure(f"county load: planner page p95 ({load})", stats["nutritionist"]["p95"] / 1000,
               "login page p50 under the same load", login / 1000,
               limit=PLANNER_P95_MS / 1000),
        Figure(f"county load: public menu page p50 ({load})", stats["public"]["p50"] / 1000,
               "login page p50 under the same load", login / 1000, ratio_limit=PUBLIC_RATIO),
        Figure(f"county load: dashboard p95 ({load})", stats["bureau"]["p95"] / 1000,
               "static file, idle server", static_idle / 1000),
        Figure(f"county load: canteen API p95 ({load})", stats["manager"]["p95"] / 1000,
               "static file, idle server", static_idle / 1000, limit=0.3),
        Figure("county load: throughput", total / SECONDS, unit="req/s"),
        Figure("county load: failed requests", errors, unit="errors", limit=0),
        Figure("county load: saves missing or wrong in the database", len(problems),
               unit="problems", limit=0),
    ]


def capacity(cpu: dict, stats: dict, people: int) -> list[Figure]:
    """Whether the cores, not the code, set the latencies: the CPU the server, the database
    and the clients used, the server's CPU per request, and the cores the offered load would
    need if every request were answered at once (each person's requests per think time)."""
    total = sum(s["n"] for s in stats.values())
    cores = os.cpu_count()
    served = cpu.get("server", 0.0) + cpu.get("database", 0.0)
    other = cpu.get("other", 0.0)
    per_request = served / total if total else float("nan")
    counts = {k: max(1, round(USERS * share)) for k, share in SHARES.items()}
    # a manager sends 2 requests per ~THINK s; the others 1 page per ~2 s (uniform 1-3 s)
    offered = counts["manager"] * 2 / canteen.THINK + sum(
        counts[k] for k in ("nutritionist", "bureau", "public")) / 2.0
    needed = offered * per_request
    print(f"CPU used in {SECONDS:g} s ({cores} cores = {cores * SECONDS:.0f} CPU s): "
          + ", ".join(f"{k} {v:.0f} s" for k, v in cpu.items()))
    print(f"server + database CPU per request: {per_request * 1000:.1f} ms; offered load "
          f"about {offered:.0f} requests/s would need {needed:.1f} cores to be answered "
          f"without queueing (this machine: {cores}, shared with the clients)")
    note = f"{cores} cores shared with the clients"
    return [
        Figure("county load: CPU used by server, database and clients",
               (sum(cpu.values()) - other) / (cores * SECONDS) * 100, unit="% of cores",
               note=note),
        Figure("county load: CPU used by other programs meanwhile", other / (cores * SECONDS)
               * 100, unit="% of cores", limit=10, note="above 10 %: the figures are "
               "distorted by other work on the machine"),
        Figure("county load: server + database CPU per request", per_request, note=note),
        Figure(f"county load: cores the offered load needs ({offered:.0f} req/s)", needed,
               unit="cores", limit=cores, note="limit: this machine's cores"),
    ]


if __name__ == "__main__":
    main()
