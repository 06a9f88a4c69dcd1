"""The PostgreSQL pass runs every test that reaches its database, and only those."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests import database_pass


def item(tmp_path, fixtures=(), module="def test_x():\n    assert 1\n", fixturedefs=None):
    path = tmp_path / "test_mod.py"
    path.write_text(module)
    return SimpleNamespace(fixturenames=list(fixtures), path=path,
                           _fixtureinfo=SimpleNamespace(name2fixturedefs=fixturedefs or {}))


def live_app_fixture():
    return new_database("x")  # noqa: F821 - only its source is read


def plain_fixture():
    return 3


def test_a_test_through_the_session_database_is_kept(tmp_path):
    assert database_pass.reaches_database(item(tmp_path, ["db", "app", "engine", "database_url"]))


def test_a_test_of_pure_code_is_not(tmp_path):
    defs = {"three": [SimpleNamespace(func=plain_fixture)], "tmp_path": [SimpleNamespace(func=len)]}
    assert not database_pass.reaches_database(item(tmp_path, ["three", "tmp_path"],
                                                   fixturedefs=defs))


def test_a_live_server_or_scratch_database_is_kept(tmp_path):
    defs = {"live_app": [SimpleNamespace(func=live_app_fixture)]}
    assert database_pass.reaches_database(item(tmp_path, ["live_app"], fixturedefs=defs))
    for module in ("from ..live import race_app\n", "from .helpers_migration import x\n",
                   "URL = os.environ.get('TEST_DATABASE_URL')\n"):
        database_pass._module_reaches.cache_clear()
        assert database_pass.reaches_database(item(tmp_path, module=module)), module


@pytest.mark.parametrize("url, kept", [("", 2), ("postgresql+psycopg://u@h/db", 1)])
def test_only_the_postgresql_pass_deselects(tmp_path, monkeypatch, url, kept):
    monkeypatch.setenv("TEST_DATABASE_URL", url)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    database_pass._module_reaches.cache_clear()
    items = [item(tmp_path / "a", ["database_url"]), item(tmp_path / "b")]
    deselected = []
    config = SimpleNamespace(hook=SimpleNamespace(
        pytest_deselected=lambda items: deselected.extend(items)))
    database_pass.select_for_database(config, items)
    assert len(items) == kept and len(deselected) == 2 - kept
    assert all("database_url" in i.fixturenames for i in items[:1])
