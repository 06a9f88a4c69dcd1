"""Output that never changes once made (a published menu's page and PDF), rendered once and
kept on disk in the instance folder, shared by every server worker.

Entries live under a folder named for today's date: what is rendered today (a printed date
included) is served all day, and the first entry written on a new day removes the older
days' folders, so the cache never grows beyond one day of entries."""
from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Callable

from flask import current_app

from . import clock

_SAFE = re.compile(r"^[A-Za-z0-9_.-]+$")


def _folder() -> Path:
    return Path(current_app.instance_path) / "rendered"


def once(kind: str, parts: tuple, render: Callable[[], bytes]) -> bytes:
    """The bytes `render()` makes for the key (kind, *parts), computed at most once a day per
    key (two workers at once may both render; the later write wins, with the same bytes)."""
    name = "-".join([kind, *(str(p) for p in parts)])
    if not _SAFE.match(name):
        raise ValueError(f"unsafe cache key {name!r}")
    day = _folder() / clock.today().isoformat()
    path = day / name
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    body = render()
    if not day.is_dir():
        day.mkdir(parents=True, exist_ok=True)
        _forget_other_days(day)
    fd, partial = tempfile.mkstemp(dir=day, prefix=".partial-")
    with os.fdopen(fd, "wb") as handle:
        handle.write(body)
    os.replace(partial, path)
    return body


def _forget_other_days(today: Path) -> None:
    for folder in today.parent.iterdir():
        if folder != today and folder.is_dir():
            shutil.rmtree(folder, ignore_errors=True)
