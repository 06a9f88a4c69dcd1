"""At most N at once of a costly piece of work (the menu solver) across every server worker
on this machine: N lock files in the instance folder, each held with a non-blocking flock for
as long as the work runs. When every slot is taken the caller is told at once (Busy) instead
of a worker waiting its timeout out; a crashed worker's lock goes with its process."""
from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from flask import current_app


class Busy(Exception):
    """Every slot of the work is taken: try again in a few seconds."""


def default_count() -> int:
    """Leave one core to everything else (at least one slot)."""
    return max(1, (os.cpu_count() or 2) - 1)


@contextmanager
def slot(name: str, count: int | None = None) -> Iterator[int]:
    """Hold one of `count` slots of the work `name` (default: cores - 1) while the block runs;
    yields the slot's number. Raises Busy when none is free."""
    count = count or int(current_app.config.get("SOLVER_SLOTS") or default_count())
    folder = Path(current_app.instance_path) / "slots"
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        handle = open(folder / f"{name}-{number}.lock", "a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            continue
        try:
            yield number
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
            handle.close()
        return
    raise Busy(name)
