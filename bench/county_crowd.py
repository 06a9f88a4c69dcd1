"""The people of bench.county_load: a browser per person (log in once, then page after page
with a pause between two), the warm-up before the clock starts, and latency statistics."""
from __future__ import annotations

import random
import re
import threading
import time
from http.client import HTTPConnection, HTTPException
from urllib.parse import urlencode

from . import canteen_load as canteen
from .county_people import PASSWORD

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class Person(threading.Thread):
    """A browser: logs in once (if it has a login), then opens its pages until the end. With
    a gate, it logs in, says it is ready, waits for the gate and then for a random part of one
    pause: the clock runs over people already logged in, arriving spread out."""

    def __init__(self, port, kind, username, paths, stop_at, rng, think=(1.0, 3.0)):
        super().__init__(daemon=True)
        self.port, self.kind, self.username, self.paths = port, kind, username, paths
        self.stop_at, self.rng, self.think = stop_at, rng, think
        self.ready, self.gate = threading.Event(), None
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
        finally:
            self.ready.set()
        if self.gate is not None:
            self.gate.wait()
            time.sleep(self.rng.uniform(0, self.think[1]))
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
            time.sleep(self.rng.uniform(*self.think))
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


def stats_of(kind: str, people: list) -> tuple[str, dict]:
    times = [t for p in people for t in p.latencies]
    errors = [e for p in people for e in p.errors]
    row = {"n": len(times), "p50": percentile(times, 0.50), "p95": percentile(times, 0.95),
           "p99": percentile(times, 0.99), "errors": len(errors), "first": errors[:3]}
    return kind, row


def crowd_of(port, plan, managers, days, stop_at, rng, counts, pace, earlier=()):
    """The managers and the other people, pacing as `pace` says: {"manager": mean seconds
    between two meals, "page": (least, most) seconds between two pages}. `earlier`: the
    managers of a run before, whose acknowledged saves these go on from."""
    carried = [m for m in earlier if isinstance(m, canteen.Manager)]
    crowd = [canteen.Manager(port, managers[i % len(managers)], days, stop_at,
                             random.Random(rng.random()), think=pace["manager"],
                             carry=carried[i] if carried else None)
             for i in range(counts["manager"])]
    for kind in ("nutritionist", "bureau", "public"):
        for i in range(counts[kind]):
            username = plan["logins"][kind][i % len(plan["logins"][kind])]
            crowd.append(Person(port, kind, username, plan["paths"][kind], stop_at,
                                random.Random(rng.random()), think=pace["page"]))
    return crowd
