"""Which tests the PostgreSQL pass runs: those that reach the database under test.

A test reaches it through the session's `database_url` (every `app`, `db` and `client` does),
or through a live server or scratch database made next to TEST_DATABASE_URL (`tests.live`,
the migration and race helpers). Any other test runs pure code, or a SQLite database of its
own, and gives the same answer on both passes, so only the SQLite pass runs it: the PostgreSQL
pass deselects it and says how many."""
from __future__ import annotations

import inspect
import os
from functools import lru_cache

DATABASE_FIXTURES = {"database_url", "engine"}
# words in a test module or a fixture's code that reach TEST_DATABASE_URL another way
REACHES = ("TEST_DATABASE_URL", "live import", "new_database", "scratch_database",
           "helpers_live", "helpers_migration", "is_postgres")


@lru_cache(maxsize=None)
def _mentions(source: str) -> bool:
    return any(word in source for word in REACHES)


@lru_cache(maxsize=None)
def _module_reaches(path: str) -> bool:
    with open(path, encoding="utf-8") as module:
        return _mentions(module.read())


def _fixture_reaches(fixturedef) -> bool:
    try:
        return _mentions(inspect.getsource(fixturedef.func))
    except (OSError, TypeError):  # a built-in fixture without source
        return False


def reaches_database(item) -> bool:
    if DATABASE_FIXTURES & set(item.fixturenames):
        return True
    if _module_reaches(str(item.path)):
        return True
    return any(_fixture_reaches(d) for defs in item._fixtureinfo.name2fixturedefs.values()
               for d in defs)


def select_for_database(config, items) -> None:
    if not os.environ.get("TEST_DATABASE_URL"):
        return
    keep, drop = [], []
    for item in items:
        (keep if reaches_database(item) else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
