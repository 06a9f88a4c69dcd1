"""CPU seconds used by process trees during a load run, read from /proc (Linux), so a load
figure can say whether the machine, not the code, was the limit: the server's, the database's
and the simulated clients' share of the cores, and the server's CPU per request."""
from __future__ import annotations

import os
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, CPU seconds of the process and of its reaped children)."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()  # the name may hold spaces and parentheses
    utime, stime, cutime, cstime = (int(v) for v in fields[11:15])
    return int(fields[1]), (utime + stime + cutime + cstime) / TICK


def tree_seconds(root: int) -> float:
    """CPU seconds of `root` and every process below it (alive, or exited and reaped)."""
    stats = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (found := _stat(int(entry))) is not None:
            stats[int(entry)] = found
    below, total, todo = {root}, 0.0, [root]
    while todo:
        pid = todo.pop()
        total += stats.get(pid, (0, 0.0))[1]
        children = [p for p, (parent, _s) in stats.items() if parent == pid and p not in below]
        below.update(children)
        todo += children
    return total


def postmaster_pid(data_dir: str) -> int | None:
    """The pid of the PostgreSQL server started on `data_dir` (its folder belongs to the
    postgres user, so the command line is read rather than postmaster.pid); None if none."""
    wanted = os.path.realpath(data_dir)
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            args = Path(f"/proc/{entry}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if args and args[0].endswith(b"postgres") and any(
                os.path.realpath(a.decode(errors="replace")).startswith(wanted)
                for a in args[1:] if a.startswith(b"/")):
            parent = _stat(int(entry))
            if parent and not _is_postgres(parent[0]):
                return int(entry)
    return None


def _is_postgres(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0].endswith(b"postgres")
    except OSError:
        return False


def own_seconds() -> float:
    """This process's CPU seconds (the simulated clients' threads run here)."""
    times = os.times()
    return times.user + times.system


def machine_seconds() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle and waiting for I/O
    return (sum(values) - idle) / TICK, sum(values) / TICK


class Meter:
    """CPU seconds of the server, the database and the clients between start() and stop()."""

    def __init__(self, server_pid: int, database_pid: int | None):
        self.pids = {"server": server_pid, "database": database_pid}
        self.used: dict[str, float] = {}

    def _now(self) -> dict[str, float]:
        now = {name: tree_seconds(pid) for name, pid in self.pids.items() if pid}
        now["clients"] = own_seconds()
        now["machine"], now["_total"] = machine_seconds()
        return now

    def start(self) -> None:
        self._start = self._now()

    def stop(self) -> dict[str, float]:
        end = self._now()
        used = {name: end[name] - self._start.get(name, 0.0) for name in end}
        # everything else the machine ran meanwhile (other programs distort the figures)
        used["other"] = max(0.0, used.pop("machine") - sum(used[k] for k in self.pids
                                                           if k in used) - used["clients"])
        used.pop("_total")
        self.used = used
        return used
