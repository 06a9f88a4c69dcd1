"""The README's worked example ("Adding a plugin: the smallest one") is code that runs: its
files are installed from the README into a scratch directory as a plugin with an entry point,
its migration joins the real Alembic history, and its own test, the suite's migration checks
and the checks below run against it in a subprocess. A subprocess, because the example's model
must never join this process's metadata, which the drift test compares with the history."""
from __future__ import annotations

import ast
import configparser
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
SECTION = "### Adding a plugin: the smallest one"
PO = "suite/translations/zh_Hans_CN/LC_MESSAGES/messages.po"
PLUGIN_FILES = {"__init__.py", "models.py", "services.py", "views.py", "api.py", "plugin.py",
                "templates/notices/index.html"}
_BLOCK = re.compile(r"^```(\w+)\n(.*?)^```$", re.M | re.S)
_PATH = re.compile(r"^(?:# |\{# )(\S+)")
_CONFTEST = '''\
from pathlib import Path

import pytest

from tests.suite.test_worked_example import use_example_migrations

pytest_plugins = ["tests.conftest"]  # the shared fixtures, as in tests/
use_example_migrations(Path(__file__).parent / "versions")


@pytest.fixture
def app_config():  # the real catalogue plus the example's Chinese
    return {"BABEL_TRANSLATION_DIRECTORIES": str(Path(__file__).parent / "translations")}
'''
_CHECKS = '''\
from tests.suite.test_migrations import *  # noqa: F401,F403 the suite's checks, with notices
from tests.suite.test_worked_example import check_the_example_plugin as test_example_plugin
'''


def example_blocks() -> dict[str, str]:
    """path -> text of every fenced block in the README's worked example."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(SECTION)
    end = text.find("\n## ", start)
    blocks = {}
    for lang, body in _BLOCK.findall(text[start:] if end == -1 else text[start:end]):
        path = _PATH.match(body)
        assert path, f"a ```{lang} block of the worked example does not begin with its path"
        assert path[1] not in blocks, f"two blocks for {path[1]}"
        blocks[path[1]] = body
    return blocks


def _one(blocks: dict[str, str], prefix: str) -> tuple[str, str]:
    found = [(p, t) for p, t in blocks.items() if p.startswith(prefix)]
    assert len(found) == 1, f"the worked example needs exactly one {prefix}… block: {found}"
    return found[0]


def _setup_cfg_lines(block: str) -> tuple[list[str], list[str]]:
    """The added lines (marked +) of the setup.cfg block: package names and entry points.
    The sections they go to must exist in the real setup.cfg."""
    real = configparser.ConfigParser()
    real.read(ROOT / "setup.cfg", encoding="utf-8")
    assert real.has_option("options.packages.find", "include")
    assert real.has_option("options.entry_points", "suite.plugins")
    for header in ("[options.packages.find]", "include =", "[options.entry_points]",
                   "suite.plugins ="):
        assert header in block, f"setup.cfg block lacks {header!r}"
    added = [line[1:].strip() for line in block.splitlines() if line.startswith("+")]
    return [a for a in added if "=" not in a], [a for a in added if "=" in a]


def _check_migration(text: str) -> None:
    """The example's migration follows the real head and creates the table."""
    from alembic.script import ScriptDirectory

    from suite.migrate import alembic_config

    names = {n.targets[0].id: ast.literal_eval(n.value) for n in ast.parse(text).body
             if isinstance(n, ast.Assign) and isinstance(n.targets[0], ast.Name)}
    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert names["down_revision"] == head, (
        f"README's worked example: the migration's down_revision is {names['down_revision']!r}"
        f" but the head of migrations/versions is {head!r}; renumber the example")
    assert "op.create_table('notices_notice'" in text


def _catalogue(po_block: str, package: Path, where: Path) -> None:
    """The real catalogue with the example's Chinese appended, compiled; every string of the
    example's package must be translated there."""
    with open(ROOT / PO, "rb") as fh:
        catalog = read_po(fh)
    example = read_po(io.BytesIO(po_block.encode("utf-8")))
    for message in example:
        if message.id:
            assert message.id not in catalog, f"{message.id!r} is already in the catalogue"
            catalog.add(message.id, message.string)
    method_map = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
    keywords = {"_": None, "_l": None, "N_": None, "gettext": None, "lazy_gettext": None}
    strings = {m[2] for m in extract_from_dir(package, method_map, keywords=keywords)}
    untranslated = sorted(s for s in strings if not (example.get(s) and example.get(s).string))
    assert not untranslated, f"the worked example's catalogue lacks {untranslated}"
    out = where / "translations/zh_Hans_CN/LC_MESSAGES/messages.mo"
    out.parent.mkdir(parents=True)
    with open(out, "wb") as fh:
        write_mo(fh, catalog)


def install_example(blocks: dict[str, str], where: Path) -> list[str]:
    """Writes the example under `where` as an installed plugin (package plus a dist-info with
    the entry point of the setup.cfg block), its migration in a versions directory of its
    own, its test, and the catalogue; returns the test files to run."""
    site = where / "site"
    plugin = {p.removeprefix("notices/") for p in blocks if p.startswith("notices/")}
    assert plugin == PLUGIN_FILES, f"the worked example's plugin files: {sorted(plugin)}"
    for path in plugin:
        (site / "notices" / path).parent.mkdir(parents=True, exist_ok=True)
        (site / "notices" / path).write_text(blocks["notices/" + path], encoding="utf-8")
    packages, entry = _setup_cfg_lines(blocks["setup.cfg"])
    assert packages == ["notices", "notices.*"] and entry == ["notices = notices.plugin:plugin"]
    info = site / "notices_example-0.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: notices-example\n"
                                   "Version: 0.0\n")
    (info / "entry_points.txt").write_text("[suite.plugins]\n" + entry[0] + "\n")
    name, text = _one(blocks, "migrations/versions/")
    _check_migration(text)
    (where / "versions").mkdir()
    (where / "versions" / Path(name).name).write_text(text, encoding="utf-8")
    _catalogue(_one(blocks, PO)[1], site / "notices", where)
    name, text = _one(blocks, "tests/")
    test = where / name
    test.parent.mkdir(parents=True)
    test.write_text(text, encoding="utf-8")
    (where / "conftest.py").write_text(_CONFTEST)
    (where / "test_checks.py").write_text(_CHECKS)
    return [str(test), str(where / "test_checks.py")]


def use_example_migrations(versions: Path) -> None:
    """In the subprocess: Alembic reads the real history plus the example's versions
    directory, so the test database is built by the migrations, the example's included."""
    from suite import migrate

    real = migrate.alembic_config

    def alembic_config(url: str):
        cfg = real(url)
        cfg.set_main_option("path_separator", "os")
        cfg.set_main_option("version_locations", os.pathsep.join(
            [str(migrate.MIGRATIONS / "versions"), str(versions)]))
        return cfg

    migrate.alembic_config = alembic_config


def check_the_example_plugin(app, client, login, factory, db, org):
    """Run in the subprocess (as a test there): the example as a user and a script meet it."""
    from sqlalchemy import func, select

    from notices.models import Notice
    from notices.services import post_notice
    from suite import accounts
    from suite.audit_view import field_label, record_label
    from suite.db import Base
    from suite.errors import ServiceError
    from suite.models import AuditEntry
    from suite.plugins import check_tables

    assert "notices" in [p.name for p in app.extensions["suite_plugins"]]
    check_tables(Base.registry)  # create_app ran it and check_names too; they accept it
    notice = post_notice(db, org.schools[0].id, "  Milk arrives on Monday ")
    db.commit()
    assert notice.text == "Milk arrives on Monday"
    for text in ("", "   ", "x" * 201):
        with pytest.raises(ServiceError) as refused:
            post_notice(db, org.schools[0].id, text)
        assert set(refused.value.errors) == {"text"}
        db.rollback()
    assert db.scalar(select(func.count()).select_from(Notice)) == 1
    entry = db.scalar(select(AuditEntry).where(AuditEntry.record_type == "notices_notice"))
    assert entry.action == "create" and entry.new_values["text"] == "Milk arrives on Monday"
    with app.test_request_context():
        assert record_label("notices_notice") == "通知"
        assert field_label("notices_notice", "text") == "通知内容"
        assert field_label("notices_notice", "school_id") == "学校"

    login("canteen_manager", school=org.schools[0])
    response = client.get("/notices/")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Milk arrives on Monday" in page
    assert "<h1>通知</h1>" in page and 'href="/notices/"' in page  # translated, in the menu
    login("canteen_manager", school=org.schools[2])
    page = client.get("/notices/").get_data(as_text=True)
    assert "Milk" not in page and "暂无通知。" in page

    def api(user):
        token = accounts.create_token(db, user)
        db.commit()
        return client.get("/api/v1/notices/", headers={"Authorization": f"Bearer {token}"})

    assert api(factory.user("canteen_manager", school=org.schools[0])).get_json() == {
        "notices": [{"id": notice.id, "school_id": org.schools[0].id,
                     "text": "Milk arrives on Monday"}]}
    assert api(factory.user("canteen_manager", school=org.schools[2])).get_json() == {
        "notices": []}
    assert client.get("/api/v1/notices/").status_code == 401


def test_the_readme_worked_example_runs(tmp_path):
    tests = install_example(example_blocks(), tmp_path)
    # a fresh SQLite file, never the database this run is using (TEST_DATABASE_URL)
    env = {k: v for k, v in os.environ.items() if k != "TEST_DATABASE_URL"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(tmp_path / "site"), str(ROOT),
                                                      env.get("PYTHONPATH")]))
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-v", "-x", "-p", "no:cacheprovider",
         f"--rootdir={tmp_path}", f"--basetemp={tmp_path / 'basetemp'}", *tests],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    passed = re.findall(r"^(\S+)::(\w+) PASSED", result.stdout, re.M)
    files = {Path(f).name for f, _name in passed}
    names = {name for _f, name in passed}
    assert Path(tests[0]).name in files, "the README example's own test did not run"
    assert {"test_example_plugin", "test_no_drift_between_models_and_migrations",
            "test_single_head", "test_database_is_at_head"} <= names, result.stdout[-3000:]
