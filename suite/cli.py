"""Host CLI: `flask --app suite users ...`, `db ...`, `demo`."""
from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from . import accounts, migrate
from .audit import acting_as
from .auth import roles
from .db import get_session
from .models import Township, User


@click.group("users", help="Manage user accounts.")
def users():
    pass


@users.command("create")
@click.argument("username")
@click.option("--role", required=True, help="admin, bureau, nutritionist, canteen_manager, ...")
@click.option("--school", "school_code", help="School code (canteen managers).")
@click.option("--township", "township_code", help="Township code (township officers).")
@click.option("--name", "display_name", default="", help="Display name.")
@with_appcontext
def create_user(username, role, school_code, township_code, display_name):
    """Create a user; the password is read from standard input."""
    password = sys.stdin.readline().rstrip("\r\n") if not sys.stdin.isatty() else \
        click.prompt("Password", hide_input=True, confirmation_prompt=True)
    session = get_session()
    township_id = None
    if township_code:
        township_id = session.scalar(select(Township.id).where(Township.code == township_code))
        if township_id is None:
            raise click.ClickException(f"unknown township code {township_code}")
    with acting_as(None, "cli"):
        try:
            user = accounts.create_user(session, username=username, password=password, role=role,
                                        roles=roles(), school_code=school_code,
                                        township_id=township_id, display_name=display_name)
        except accounts.AccountError as exc:
            session.rollback()
            raise click.ClickException(str(exc)) from exc
        session.commit()
    click.echo(f"created user {user.username} ({user.role})")


@users.command("token")
@click.argument("username")
@click.option("--name", default="cli", help="A name to recognise the token by.")
@with_appcontext
def create_token(username, name):
    """Create an API token for USERNAME and print it once."""
    session = get_session()
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise click.ClickException(f"unknown user {username}")
    with acting_as(None, "cli"):
        raw = accounts.create_token(session, user, name)
        session.commit()
    click.echo(raw)


@users.command("list")
@with_appcontext
def list_users():
    for user in get_session().scalars(select(User).order_by(User.username)):
        click.echo(f"{user.username}\t{user.role}\t{'active' if user.active else 'disabled'}")


@click.group("db", help="Database schema (Alembic).")
def db():
    pass


@db.command("upgrade")
@click.argument("revision", default="head")
@with_appcontext
def db_upgrade(revision):
    """Bring the database schema up to REVISION (default: head)."""
    migrate.upgrade(current_app.config["DATABASE_URL"], revision)
    click.echo("database is at " + revision)


@click.command("demo")
@click.option("--seed", default=2026, show_default=True)
@click.option("--schools", default=10, show_default=True, type=click.IntRange(1, 5000))
@click.option("--students", default=None, type=click.IntRange(1, 2_000_000),
              help="Total students (default 180 a school).")
@click.option("--password", default=None, help="Password for every demo user.")
@with_appcontext
def demo(seed, schools, students, password):
    """Build the deterministic demo county (into an empty database)."""
    from .demo import DemoExists, build_demo

    with acting_as(None, "demo"):
        try:
            logins = build_demo(get_session(), seed=seed, schools=schools, students=students,
                                password=password)
        except DemoExists as exc:
            get_session().rollback()
            raise click.ClickException(f"{exc}; use an empty database for the demo") from exc
    click.echo("Demo county ready. Logins (user / password):")
    shown = [row for row in logins if row[1] != "canteen_manager"]  # every other role
    managers = [row for row in logins if row[1] == "canteen_manager"]
    for username, role, pw in shown + managers[:10]:
        click.echo(f"  {username:<16} {role:<16} {pw}")
    if len(managers) > 10:
        click.echo(f"  ... and {len(managers) - 10} more canteen managers "
                   f"({managers[10][0]} to {managers[-1][0]}), same password")


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False))
@with_appcontext
def backup_command(file):
    """Write the whole database to FILE (a new file), safely while the suite serves."""
    from . import backup

    try:
        kind = backup.backup(current_app.config["DATABASE_URL"], file)
    except backup.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"backed up the {kind} database to {file}")


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--force", is_flag=True, help="Replace a database that holds rows.")
@with_appcontext
def restore_command(file, force):
    """Replace the database with the backup in FILE (stop the server first)."""
    from . import backup

    url = current_app.config["DATABASE_URL"]
    try:
        revision = backup.restore(url, file, force=force)
    except backup.BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"restored {file}; the schema is at revision {revision}")
    if revision != migrate.head():
        click.echo("this code expects a newer schema: run `flask --app suite db upgrade`")


commands = [users, db, demo, backup_command, restore_command]  # top-level commands of the host
