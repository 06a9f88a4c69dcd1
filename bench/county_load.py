"""A county's busy hour: gunicorn (deploy/gunicorn.conf.py, cores x 2 + 1 workers) on
PostgreSQL, 200 simulated users for 60 s on loopback: 100 canteen managers saving counts and
issuing food through the API (bench.canteen_load's managers), 40 nutritionists opening
planners, 30 bureau officers opening the subsidy dashboard and 30 members of the public
reading published menus. Prints throughput, p50/p95/p99 and errors by kind beside a
hello-world baseline (the login page and a static file under the same server, idle);
afterwards the database must match every acknowledged save.

Three runs on the same server, one after the other:
- the busy hour, at a person's pace: a manager saves a meal every 5-15 s (typing six grades'
  counts and the teachers' on a phone takes longer than that), the others open a page every
  3-9 s. Targets (issue 16): no errors; the planner's p95 under 150 ms; the public menu page
  within 3 x the login page (p50, under the same load); the canteen API's p95 under 300 ms;
- the issue's own measurement of the planner: 8 clients opening planner pages back to back
  for 20 s (BENCH_PLANNERS_SECONDS; 0 leaves it out). Target: p95 under 150 ms;
- the capacity, at ten times that pace for the managers and three times for the others (a
  meal every 0.5-1.5 s, a page every 1-3 s): more than two cores can answer, so its figures
  say how many requests per second this machine serves at most and how many cores the pace
  would need. No errors is its only target.

Run: .venv/bin/python -m bench.county_load (BENCH_DATABASE_URL for an existing PostgreSQL).
BENCH_SECONDS and BENCH_USERS change the busy hour's duration and the number of people (same
shares); BENCH_STRESS_SECONDS the capacity run's duration (30 s; 0 leaves it out)."""
from __future__ import annotations

import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

from . import canteen_load as canteen
from .canteen_verify import verify
from .common import Figure
from .county_crowd import Person, crowd_of, stats_of, warm_up
from .cpu_usage import Meter, postmaster_pid
from .county_people import add_planning

SECONDS = float(os.environ.get("BENCH_SECONDS", 60))
STRESS_SECONDS = float(os.environ.get("BENCH_STRESS_SECONDS", 30))
USERS = int(os.environ.get("BENCH_USERS", 200))
SHARES = {"manager": 0.5, "nutritionist": 0.2, "bureau": 0.15, "public": 0.15}
BUSY = {"manager": 10.0, "page": (3.0, 9.0)}   # mean s between meals; s between pages
STRESS = {"manager": 1.0, "page": (1.0, 3.0)}
PLANNER_P95_MS, API_P95_MS, PUBLIC_RATIO = 150, 300, 3.0
# the measurement (8 clients on the planner, no pause), BENCH_PLANNERS_SECONDS long
PLANNERS_SECONDS = float(os.environ.get("BENCH_PLANNERS_SECONDS", 20))
PLANNERS = {"manager": 0, "nutritionist": 8, "bureau": 0, "public": 0}
BACK_TO_BACK = {"manager": 1.0, "page": (0.0, 0.0)}
KINDS = ("nutritionist", "bureau", "public")


def _start_server(url, tmp, port):
    env = dict(os.environ, DATABASE_URL=url, SECRET_KEY="bench-secret", PORT=str(port),
               SUITE_INSTANCE_PATH=tmp + "/instance", LOG_LEVEL="warning")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py",
         "--access-logfile", "/dev/null", "suite:create_app()"],
        cwd=canteen.ROOT, env=env, start_new_session=True)
    canteen._wait_for(port, server)
    return server


def counts_of_people() -> dict[str, int]:
    return {k: max(1, round(USERS * share)) for k, share in SHARES.items()}


def offered(pace: dict, counts: dict) -> float:
    """Requests per second the people ask for if each is answered at once: a manager sends
    two per meal (counts, then the food issued), the others one page per pause."""
    return counts["manager"] * 2 / pace["manager"] + sum(
        counts[k] for k in KINDS) / statistics.mean(pace["page"])


def run_phase(port, plan, managers, days, pids, seconds, pace, seed, earlier=(),
              counts=None):
    """One run of the crowd (`counts` people of each kind, else the busy hour's); returns
    (the crowd, stats by kind, CPU seconds by process). The clock starts once everyone has
    logged in (70 password checks at once are a morning's first minute, not the busy hour)
    and the people arrive spread over one pause."""
    rng = random.Random(seed)
    crowd = crowd_of(port, plan, managers, days, float("inf"), rng,
                     counts or counts_of_people(), pace, earlier)
    # the baseline is a probe, not a person: the login page about once a second
    baseline = Person(port, "login page", "", ["/login"], float("inf"),
                      random.Random(seed + 1), think=(0.5, 1.5))
    everyone, gate = crowd + [baseline], threading.Event()
    for person in everyone:
        person.gate = gate
        person.start()
    for person in everyone:
        person.ready.wait(300)
    stop_at = time.monotonic() + seconds
    for person in everyone:
        person.stop_at = stop_at
    meter = Meter(*pids)
    meter.start()
    gate.set()
    for person in everyone:
        person.join()
    cpu = meter.stop()
    groups = {"manager": [p for p in crowd if isinstance(p, canteen.Manager)]}
    for kind in KINDS:
        groups[kind] = [p for p in crowd if getattr(p, "kind", "") == kind]
    groups["login page"] = [baseline]
    return crowd, dict(stats_of(k, v) for k, v in groups.items()), cpu


def main() -> list[Figure]:
    from suite import clock

    tmp = tempfile.mkdtemp(prefix="bench-county-")
    os.chmod(tmp, 0o755)  # the postgres user runs the throwaway server inside it
    url, stop_pg = canteen._postgres(tmp)
    server = None
    try:
        canteen.MANAGERS = counts_of_people()["manager"]
        managers, days = canteen.populate(url, clock.today())
        plan = add_planning(url, clock.today(), len(managers))
        port = canteen._free_port()
        server = _start_server(url, tmp, port)
        warm_up(port, plan, os.cpu_count() * 2 + 1)
        login_idle = canteen.idle_get_ms(port, "/login")
        static_idle = canteen.idle_get_ms(port)
        pids = (server.pid, postmaster_pid(tmp + "/pg"))
        crowd, stats, cpu = run_phase(port, plan, managers, days, pids, SECONDS, BUSY, 2026)
        figures = report(stats, login_idle, static_idle, len(crowd)) + capacity(
            cpu, stats, BUSY, SECONDS, "busy hour")
        if PLANNERS_SECONDS > 0:
            _c, stats, cpu = run_phase(port, plan, managers, days, pids, PLANNERS_SECONDS,
                                       BACK_TO_BACK, 2028, counts=PLANNERS)
            figures += planners_report(stats, cpu)
        if STRESS_SECONDS > 0:
            crowd, stats, cpu = run_phase(port, plan, managers, days, pids, STRESS_SECONDS,
                                          STRESS, 2027, earlier=crowd)
            figures += stress_report(stats, cpu)
        workers = [p for p in crowd if isinstance(p, canteen.Manager)]
        # one school per manager (populate makes as many schools as there are managers)
        problems = verify(url, [w.info for w in workers], workers)
        print(f"database matches every acknowledged save: {'yes' if not problems else 'NO'}")
        for line in problems[:5]:
            print("    ", line)
        return figures + [Figure("county load: saves missing or wrong in the database",
                                 len(problems), unit="problems", limit=0)]
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        stop_pg()


def _print_stats(title: str, stats: dict, seconds: float) -> int:
    total = sum(s["n"] for s in stats.values())
    print(f"{title}: {total} requests in {seconds:g} s, {total / seconds:.1f}/s")
    print(f"{'who':<14} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>6}")
    for kind, s in stats.items():
        print(f"{kind:<14} {s['n']:>8} {s['p50']:>8.1f} {s['p95']:>8.1f} {s['p99']:>8.1f} "
              f"{s['errors']:>6}")
        for line in s["first"]:
            print("    ", line)
    return total


def report(stats, login_idle, static_idle, people) -> list[Figure]:
    print(f"{people} people, gunicorn ({os.cpu_count() * 2 + 1} workers) on PostgreSQL")
    print(f"idle: login page {login_idle:.1f} ms, static file {static_idle:.1f} ms")
    total = _print_stats("busy hour (a meal every 5-15 s, a page every 3-9 s)", stats, SECONDS)
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
               "static file, idle server", static_idle / 1000, limit=API_P95_MS / 1000),
        Figure("county load: throughput", total / SECONDS, unit="req/s"),
        Figure("county load: failed requests", errors, unit="errors", limit=0),
    ]


def planners_report(stats, cpu) -> list[Figure]:
    """The issue's own measurement of the planner page: 8 clients, each asking again as soon
    as it is answered. Prints where a page's CPU went (the server's, the database's, the
    clients'): with the cores busy, their sum per page sets the rate."""
    _print_stats("8 nutritionists opening planners back to back", stats, PLANNERS_SECONDS)
    pages = max(stats["nutritionist"]["n"], 1)  # the login probe's few requests aside
    print("CPU per planner page: " + ", ".join(f"{k} {v * 1000 / pages:.1f} ms"
                                               for k, v in cpu.items() if k != "other")
          + f" (other programs: {cpu.get('other', 0.0):.1f} s in all)")
    s, clients = stats["nutritionist"], PLANNERS["nutritionist"]
    rate = s["n"] / PLANNERS_SECONDS
    # a closed loop: each client waits for its answer, so the mean latency is clients / rate
    return [Figure(f"county load: planner page p95, {clients} clients back to back",
                   s["p95"] / 1000, "login page p50 under the same load",
                   stats["login page"]["p50"] / 1000, limit=PLANNER_P95_MS / 1000,
                   note=f"{rate:.0f} pages/s, {s['errors']} errors; mean latency = {clients} / "
                   f"rate; under {PLANNER_P95_MS} ms wants well over "
                   f"{clients * 1000 / PLANNER_P95_MS:.0f} pages/s from 2 cores shared with "
                   "the clients")]


def stress_report(stats, cpu) -> list[Figure]:
    total = _print_stats("capacity (a meal every 0.5-1.5 s, a page every 1-3 s)", stats,
                         STRESS_SECONDS)
    errors = sum(s["errors"] for s in stats.values())
    note = "the pace asks more than the cores can answer: requests queue"
    return [
        Figure("county capacity: requests answered per second, at most", total / STRESS_SECONDS,
               unit="req/s", note=note),
        Figure("county capacity: planner page p95 when saturated",
               stats["nutritionist"]["p95"] / 1000, note=note),
        Figure("county capacity: failed requests", errors, unit="errors", limit=0),
    ] + capacity(cpu, stats, STRESS, STRESS_SECONDS, "capacity", limit=False)


def capacity(cpu: dict, stats: dict, pace: dict, seconds: float, label: str,
             limit: bool = True) -> list[Figure]:
    """Whether the cores, not the code, set the latencies: the CPU the server, the database
    and the clients used, the server's CPU per request, and the cores the offered load would
    need if every request were answered at once."""
    total = sum(s["n"] for s in stats.values())
    cores = os.cpu_count()
    served = cpu.get("server", 0.0) + cpu.get("database", 0.0)
    other = cpu.get("other", 0.0)
    per_request = served / total if total else float("nan")
    asked = offered(pace, counts_of_people())
    needed = asked * per_request
    print(f"CPU used in {seconds:g} s ({cores} cores = {cores * seconds:.0f} CPU s): "
          + ", ".join(f"{k} {v:.0f} s" for k, v in cpu.items()))
    print(f"server + database CPU per request: {per_request * 1000:.1f} ms; offered load "
          f"about {asked:.0f} requests/s would need {needed:.1f} cores to be answered "
          f"without queueing (this machine: {cores}, shared with the clients)")
    note = f"{cores} cores shared with the clients"
    return [
        Figure(f"county {label}: CPU used by server, database and clients",
               (sum(cpu.values()) - other) / (cores * seconds) * 100, unit="% of cores",
               note=note),
        Figure(f"county {label}: CPU used by other programs meanwhile",
               other / (cores * seconds) * 100, unit="% of cores", limit=10,
               note="above 10 %: the figures are distorted by other work on the machine"),
        Figure(f"county {label}: server + database CPU per request", per_request, note=note),
        Figure(f"county {label}: cores the offered load needs ({asked:.0f} req/s)", needed,
               unit="cores", limit=cores if limit else None,
               note="limit: this machine's cores" if limit else "more than the machine has"),
    ]


if __name__ == "__main__":
    main()
