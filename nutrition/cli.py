"""CLI of the nutrition plugin: `flask --app suite nutrition ...`."""
from __future__ import annotations

import click

cli = click.Group("nutrition", help="Nutrition commands.")


@cli.command("sync-foods")
def sync_foods():
    """Add the built-in foods missing from the database (edited rows are kept)."""
    from suite.audit import acting_as
    from suite.db import get_session

    from .services import sync_builtin_foods

    session = get_session()
    with acting_as(None, "cli"):
        added = sync_builtin_foods(session)
        session.commit()
    click.echo(f"added {added} built-in foods")


@cli.command("load-standard")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def load_standard(path):
    """Validate and store a nutrition standard from a JSON file."""
    import json

    from suite.audit import acting_as
    from suite.db import get_session

    from .services import load_standard as load
    from .standard import StandardError

    session = get_session()
    try:
        with open(path, encoding="utf-8-sig") as fh:
            data = json.load(fh)
        with acting_as(None, "cli"):
            row = load(session, data)
            session.commit()
    except (json.JSONDecodeError, StandardError) as exc:
        session.rollback()
        raise click.ClickException(str(exc)) from exc
    click.echo(f"loaded {row.code}")
