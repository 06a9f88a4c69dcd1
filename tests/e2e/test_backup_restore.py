"""Backup and restore of the demo county (the live server's database, while it serves), on
SQLite and on PostgreSQL: every table comes back row by row; a database that holds rows is
replaced only with --force; files of the wrong kind are refused before anything changes; the
nightly script keeps what its retention says."""
from __future__ import annotations

import os
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from suite import backup, migrate
from suite.cli import backup_command, restore_command
from suite.db import make_engine

from ..live import is_postgres, new_database

ROOT = Path(__file__).resolve().parents[2]


def _snapshot(url: str) -> dict:
    """Every table's rows in primary-key order, and (PostgreSQL) every sequence's position."""
    engine = make_engine(url)
    rows = {}
    with engine.connect() as conn:
        inspector = inspect(conn)
        for name in inspector.get_table_names():
            keys = inspector.get_pk_constraint(name)["constrained_columns"] or \
                [c["name"] for c in inspector.get_columns(name)]
            order = ", ".join(f'"{k}"' for k in keys)
            rows[name] = conn.execute(text(f'SELECT * FROM "{name}" ORDER BY {order}')).all()
        if conn.dialect.name == "postgresql":
            rows["(sequences)"] = conn.execute(text(
                "SELECT sequencename, last_value FROM pg_sequences ORDER BY 1")).all()
    engine.dispose()
    return rows


@pytest.fixture(scope="module")
def source(live_app, live_server):
    return live_app.config["DATABASE_URL"]


def _serve_meanwhile(base_url, stop):
    """Requests against the live server while the backup runs: the backup must not block it."""
    codes = []
    while not stop.is_set():
        with urllib.request.urlopen(base_url + "/login", timeout=10) as response:
            codes.append(response.status)
    return codes


def test_round_trip_keeps_every_row(source, live_server, tmp_path):
    stop, codes = threading.Event(), []
    worker = threading.Thread(target=lambda: codes.extend(_serve_meanwhile(live_server, stop)))
    worker.start()
    try:
        kind = backup.backup(source, str(tmp_path / "county.backup"))
    finally:
        stop.set()
        worker.join(timeout=20)
    assert kind == ("postgresql" if is_postgres() else "sqlite")
    assert codes and set(codes) == {200}
    assert os.stat(tmp_path / "county.backup").st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["county.backup"]  # no partial file left

    target = new_database(tmp_path)
    assert backup.restore(target, str(tmp_path / "county.backup")) == migrate.head()
    before, after = _snapshot(source), _snapshot(target)
    assert sorted(after) == sorted(before)
    for table in before:
        assert after[table] == before[table], table
    assert len(before["suite_school"]) == 3 and len(before["menus_week"]) > 0


def test_restore_into_a_database_with_rows_needs_force(source, tmp_path, runner_for):
    made = str(tmp_path / "county.backup")
    backup.backup(source, made)
    target = new_database(tmp_path)
    backup.restore(target, made)
    engine = make_engine(target)
    with engine.begin() as conn:
        conn.execute(text("UPDATE suite_school SET name = '改过的学校' WHERE code = 'S0001'"))
    engine.dispose()

    result = runner_for(target).invoke(restore_command, [made])
    assert result.exit_code == 1
    users = len(_snapshot(target)["suite_user"])
    assert (f"Error: the database is not empty (counties: 1, users: {users}); add --force to "
            "replace everything in it") in result.output
    assert _school_name(target) == "改过的学校"  # nothing changed

    result = runner_for(target).invoke(restore_command, [made, "--force"])
    assert result.exit_code == 0, result.output
    assert f"the schema is at revision {migrate.head()}" in result.output
    assert _school_name(target) != "改过的学校"
    assert _snapshot(target) == _snapshot(source)


def _school_name(url):
    engine = make_engine(url)
    with engine.connect() as conn:
        name = conn.scalar(text("SELECT name FROM suite_school WHERE code = 'S0001'"))
    engine.dispose()
    return name


def test_wrong_files_are_refused_before_anything_changes(source, tmp_path, runner_for):
    junk = tmp_path / "notes.txt"
    junk.write_text("名单\n")
    other = tmp_path / "other.backup"
    other.write_bytes((b"SQLite format 3\x00" if is_postgres() else b"PGDMP") + b"\x00" * 64)
    before = _snapshot(source)
    with pytest.raises(backup.BackupError) as junk_error:
        backup.restore(source, str(junk), force=True)
    assert str(junk_error.value) == (f"{junk} is not a backup made by this suite "
                                     "(neither SQLite nor pg_dump)")
    with pytest.raises(backup.BackupError) as kind_error:
        backup.restore(source, str(other), force=True)
    expected = ("a SQLite backup but the database is PostgreSQL: restore it into a SQLite "
                "database" if is_postgres() else
                "a PostgreSQL backup but the database is SQLite: restore it into a "
                "PostgreSQL database")
    assert str(kind_error.value) == f"{other} is {expected}"
    result = runner_for(source).invoke(backup_command, [str(junk)])
    assert result.exit_code == 1
    assert f"Error: {junk} exists already: choose a new file name" in result.output
    assert _snapshot(source) == before


def test_nightly_script_backs_up_and_keeps_fourteen_days(source, tmp_path):
    folder = tmp_path / "nightly"
    folder.mkdir()
    old, recent = folder / "suite-20260101-020000.backup", folder / "suite-20261120-020000.backup"
    for path, days in ((old, 20), (recent, 2)):
        path.write_bytes(b"x")
        stamp = time.time() - days * 86400
        os.utime(path, (stamp, stamp))
    env = dict(os.environ, BACKUP_DIR=str(folder), KEEP_DAYS="14", DATABASE_URL=source,
               SUITE_FLASK=str(ROOT / ".venv" / "bin" / "flask"),
               SUITE_INSTANCE_PATH=str(tmp_path / "instance"))
    done = subprocess.run(["bash", str(ROOT / "deploy" / "backup.sh")], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    names = sorted(p.name for p in folder.iterdir())
    assert old.name not in names and recent.name in names and len(names) == 2
    made = folder / [n for n in names if n != recent.name][0]
    assert backup.kind_of_file(str(made)) == ("postgresql" if is_postgres() else "sqlite")


@pytest.fixture
def runner_for(live_app):
    """runner_for(url) -> a CLI runner whose app uses the database at url."""
    from suite import create_app

    def _runner(url):
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "cli-secret"})
        return app.test_cli_runner()

    return _runner
