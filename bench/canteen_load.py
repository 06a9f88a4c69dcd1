"""Load of the canteen's daily saves: gunicorn (4 workers) on PostgreSQL, 50 simulated canteen
managers, each saving the counts and issuing food for meals of their own school through the
JSON API for 60 s on loopback. Afterwards the database must match every acknowledged request
exactly (no lost or duplicated counts or issues); p95 latency must stay within 300 ms, and one
meal's counts must save within 100 ms when the server is otherwise idle.

Run: .venv/bin/python -m bench.canteen_load   (BENCH_DATABASE_URL for an existing PostgreSQL;
without it a throwaway server is started with scripts/pg.sh). BENCH_SECONDS, BENCH_MANAGERS
change the duration and the number of managers."""
from __future__ import annotations

import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from suite import accounts, migrate, services as org
from suite.auth import roles
from suite.models import County, School, Township

from .canteen_verify import verify
from .common import Figure

ROOT = Path(__file__).resolve().parents[1]
MANAGERS = int(os.environ.get("BENCH_MANAGERS", 50))
SECONDS = float(os.environ.get("BENCH_SECONDS", 60))
THINK = 1.0  # seconds a manager takes between two saves (a person on a phone, not a script)
GRADES = (1, 2, 3, 4, 5, 6)
ISSUE_GRAMS = Decimal("50.0")
P95_LIMIT_MS, IDLE_LIMIT_MS = 300, 100
STATIC = "/static/css/suite.css"  # the hello-world baseline: a static file, same server


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _postgres(tmp: str) -> tuple[str, callable]:
    url = os.environ.get("BENCH_DATABASE_URL")
    if url:
        return url, lambda: None
    out = subprocess.run(["bash", str(ROOT / "scripts/pg.sh"), "start", tmp + "/pg"],
                         check=True, capture_output=True, text=True).stdout.strip()
    return out, lambda: subprocess.run(["bash", str(ROOT / "scripts/pg.sh"), "stop",
                                        tmp + "/pg"], check=False)


def populate(url: str, today: date) -> tuple[list[dict], list[date]]:
    """A county with one primary school per manager, enrolment, stock and API tokens.
    Returns [{school_id, token}] and the school days the managers save."""
    from flask import Flask

    from nutrition.services import sync_builtin_foods
    from procurement import services as procurement
    from suite import create_app

    migrate.upgrade(url)
    app: Flask = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench-secret"})
    with app.app_context():
        session = app.extensions["suite_db"].session()
        sync_builtin_foods(session)
        county = County(code="350999", name="基准县教育局")
        session.add(county)
        session.flush()
        town = Township(county_id=county.id, code="350999001", name="基准镇")
        session.add(town)
        session.flush()
        start = today - timedelta(days=60)
        term, _unknown = org.create_term(session, county.id, "基准学期", start,
                                         today + timedelta(days=60))
        days = [d for d in org.school_days(session, term) if d < today][-40:]
        supplier = procurement.save_supplier(session, {
            "name": "基准粮油公司", "credit_code": "91350100M000100Y43",
            "licence_no": "JY13501000001", "licence_expiry": today + timedelta(days=365),
            "approved": True, "food_groups": ["cereals_tubers", "vegetable_oil"]})
        role_defs = roles()
        managers = []
        for i in range(MANAGERS):
            school = School(township_id=town.id, code=f"B{i:04d}", name=f"基准小学{i}",
                            kind="primary", supply_mode="canteen")
            session.add(school)
            session.flush()
            org.set_enrolment(session, school.id, term.id,
                              {(g, "6-8" if g < 4 else "9-11", sex): 20
                               for g in GRADES for sex in "MF"})
            procurement.create_delivery(
                session, school=school, supplier_id=supplier.id, delivery_date=start,
                invoice_no=f"B-{i}", checker="基准", today=today,
                lines=[procurement.LineIn(item="大米", quantity="5000", unit="kg",
                                          unit_price="5.80")])
            user = accounts.create_user(session, username=f"bench-{i}",
                                        password="bench-pass-2026", role="canteen_manager",
                                        roles=role_defs, school_code=school.code)
            managers.append({"school_id": school.id,
                             "token": accounts.create_token(session, user, "bench")})
        session.commit()
        return managers, days


class Manager(threading.Thread):
    """One canteen manager: meal after meal, save the counts, then issue rice to it."""

    def __init__(self, port, info, days, stop_at, rng, think=THINK, carry=None):
        super().__init__(daemon=True)
        self.port, self.info, self.days, self.stop_at, self.rng = port, info, days, stop_at, rng
        self.think = think
        # with a gate, the manager waits for it, then for a random part of one pause, so that
        # a hundred managers do not all save at the same moment
        self.ready, self.gate = threading.Event(), None
        self.latencies, self.errors = [], []
        # day -> (grades, teachers, version) of the last acknowledged save; grams and issues
        # acknowledged. `carry`: the same manager's earlier run, which this one goes on from
        self.acked = carry.acked if carry else {}
        self.issued = carry.issued if carry else Decimal(0)
        self.issues = carry.issues if carry else 0

    def _call(self, conn, method, path, body):
        payload = json.dumps(body)
        started = time.perf_counter()
        conn.request(method, path, payload, {"Content-Type": "application/json",
                                             "Authorization": f"Bearer {self.info['token']}"})
        response = conn.getresponse()
        data = response.read()
        self.latencies.append(time.perf_counter() - started)
        return response.status, data

    def run(self):
        self.ready.set()
        if self.gate is not None:
            self.gate.wait()
            time.sleep(self.rng.uniform(0, self.think * 1.5))
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        n = 0
        while time.monotonic() < self.stop_at:
            day = self.days[n % len(self.days)]
            n += 1
            base = f"/api/v1/canteen/meals/{self.info['school_id']}/{day.isoformat()}/lunch"
            grades = {str(g): {"students": self.rng.randint(30, 40),
                               "plan_students": self.rng.randint(20, 30)} for g in GRADES}
            teachers = self.rng.randint(1, 6)
            known = self.acked.get(day)
            body = {"grades": grades, "teachers": teachers, "confirm_repeat": True,
                    "version": known[2] if known else None}
            try:
                status, data = self._call(conn, "PUT", base, body)
                if status not in (200, 201):
                    self.errors.append(f"PUT {status} {data[:200]!r}")
                    continue
                version = json.loads(data)["version"]
                self.acked[day] = (grades, teachers, version)
                status, data = self._call(conn, "POST", base + "/issues", {
                    "issues": [{"food": "012001x", "grams": str(ISSUE_GRAMS)}]})
                if status != 201:
                    self.errors.append(f"POST {status} {data[:200]!r}")
                    continue
                self.issued += ISSUE_GRAMS
                self.issues += 1
            except (OSError, http.client.HTTPException) as exc:
                self.errors.append(repr(exc))
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            time.sleep(self.think * self.rng.uniform(0.5, 1.5))
        conn.close()


def _wait_for(port: int, proc) -> None:
    for _ in range(300):
        if proc.poll() is not None:
            raise RuntimeError("gunicorn exited")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def idle_save_ms(port: int, info: dict, day: date) -> float:
    """Median time of one meal's counts saved with nothing else running (20 saves)."""
    worker = Manager(port, info, [day], 0, random.Random(1))
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    version, times = None, []
    path = f"/api/v1/canteen/meals/{info['school_id']}/{day.isoformat()}/breakfast"
    for k in range(21):
        body = {"grades": {str(g): {"students": 30 + (k + g) % 5, "plan_students": 20}
                           for g in GRADES}, "teachers": 2 + k % 3, "confirm_repeat": True,
                "version": version}
        started = time.perf_counter()
        status, data = worker._call(conn, "PUT", path, body)
        if k:
            times.append(time.perf_counter() - started)
        if status not in (200, 201):
            raise RuntimeError(f"idle save refused: {status} {data[:200]!r}")
        version = json.loads(data)["version"]
    conn.close()
    return statistics.median(times) * 1000


def idle_get_ms(port: int, path: str = STATIC) -> float:
    """Median time of one GET of `path` with nothing else running (20 requests)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    times = []
    for k in range(21):
        started = time.perf_counter()
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        if k:
            times.append(time.perf_counter() - started)
        if response.status != 200:
            raise RuntimeError(f"GET {path}: {response.status}")
    conn.close()
    return statistics.median(times) * 1000


def figures(managers, requests, p95, idle_ms, static_ms, errors, problems) -> list[Figure]:
    hello = f"hello world: GET {STATIC}, idle, same gunicorn"
    load = f"{managers} managers for {SECONDS:g} s, gunicorn 4 workers on PostgreSQL"
    offered = managers * 2 / THINK  # two requests a meal, a meal every THINK s on average
    queued = requests / SECONDS < 0.9 * offered
    why = (f"the managers ask about {offered:.0f} requests/s and {requests / SECONDS:.0f} were "
           "answered: near the machine's capacity, the p95 is mostly queue" if queued else "")
    return [Figure(f"canteen API under load, p95 latency ({load})", p95 / 1000, hello,
                   static_ms / 1000, limit=P95_LIMIT_MS / 1000, note=why),
            Figure("canteen API: one meal's counts saved on an idle server", idle_ms / 1000,
                   hello, static_ms / 1000, limit=IDLE_LIMIT_MS / 1000),
            Figure("canteen API under load: throughput", requests / SECONDS, unit="req/s",
                   note="a manager waits 0.5-1.5 s between meals"),
            Figure("canteen API under load: failed requests", len(errors), unit="errors",
                   limit=0),
            Figure("canteen API under load: saves missing or wrong in the database",
                   len(problems), unit="problems", limit=0)]


def main() -> list[Figure]:
    from suite import clock

    tmp = tempfile.mkdtemp(prefix="bench-canteen-")
    os.chmod(tmp, 0o755)  # the postgres user runs the throwaway server inside it
    url, stop_pg = _postgres(tmp)
    server = None
    try:
        managers, days = populate(url, clock.today())
        port = _free_port()
        env = dict(os.environ, DATABASE_URL=url, SECRET_KEY="bench-secret",
                   SUITE_INSTANCE_PATH=tmp + "/instance")
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", "4", "-b", f"127.0.0.1:{port}",
             "--log-level", "warning", "suite:create_app()"], cwd=ROOT, env=env,
            start_new_session=True)
        _wait_for(port, server)
        idle_ms = idle_save_ms(port, managers[0], days[0])
        static_ms = idle_get_ms(port)
        rng = random.Random(2026)
        stop_at = time.monotonic() + SECONDS
        workers = [Manager(port, m, days, stop_at, random.Random(rng.random()))
                   for m in managers]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        latencies = sorted(t for w in workers for t in w.latencies)
        errors = [e for w in workers for e in w.errors]
        p95 = latencies[int(len(latencies) * 0.95) - 1] * 1000 if latencies else float("nan")
        problems = verify(url, managers, workers)
        print(f"managers {len(workers)}, {SECONDS:.0f} s, gunicorn 4 workers on PostgreSQL")
        print(f"requests {len(latencies)} ({len(latencies) / SECONDS:.1f}/s), errors {len(errors)}")
        print(f"latency ms: median {statistics.median(latencies) * 1000:.1f}, p95 {p95:.1f}, "
              f"max {latencies[-1] * 1000:.1f}  (limit p95 {P95_LIMIT_MS})")
        print(f"one meal's counts saved on an idle server: {idle_ms:.1f} ms  "
              f"(limit {IDLE_LIMIT_MS})")
        print(f"a static file ({STATIC}) from the idle server: {static_ms:.1f} ms")
        print(f"database matches every acknowledged request: {'yes' if not problems else 'NO'}")
        for line in (errors[:5] + problems[:5]):
            print("  ", line)
        return figures(len(workers), len(latencies), p95, idle_ms, static_ms, errors, problems)
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        stop_pg()


if __name__ == "__main__":
    main()
