"""CLI of the roster plugin: `flask --app suite roster ...`."""
from __future__ import annotations

import csv
import sys
from pathlib import Path

import click
from suite import clock

cli = click.Group("roster", help="Student roster commands.")


@cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Check and count, change nothing.")
@click.option("--errors-out", type=click.Path(dir_okay=False),
              help="Write every bad row to this CSV file (UTF-8 with BOM, for Excel).")
def import_command(path, dry_run, errors_out):
    """Import students from an .xlsx or .csv file: all rows or none.
    Exit code 0 on success, 1 with the errors printed when the file is refused."""
    from suite.audit import acting_as
    from suite.db import get_session
    from suite.tabular import TableFileError, read_table, safe_cell

    from . import services

    data = Path(path).read_bytes()
    try:
        table = read_table(data, path)
    except TableFileError as exc:
        raise click.ClickException(str(exc)) from exc
    session = get_session()
    with acting_as(None, "cli"):
        result = services.import_students(session, table, filename=Path(path).name, data=data,
                                          today=clock.today(), dry_run=dry_run)
        session.commit()  # the run is recorded, accepted or not
    if errors_out:
        with open(errors_out, "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["行号", "列", "值", "原因"])
            for e in result.errors:
                writer.writerow([safe_cell(cell) for cell in (
                    e.row, e.column, "" if e.value is None else str(e.value), e.reason)])
    counts = result.counts
    summary = (f"new {counts['new']}, updated {counts['updated']}, "
               f"transferred {counts['transferred']}, unchanged {counts['unchanged']}")
    if not result.ok:
        for e in result.errors[:200]:
            click.echo(f"row {e.row}, {e.column}, {e.value!r}: {e.reason}", err=True)
        if len(result.errors) > 200:
            click.echo(f"... {len(result.errors) - 200} more", err=True)
        click.echo(f"refused: {len(result.errors)} problems; nothing was imported", err=True)
        sys.exit(1)
    click.echo(("dry run, would import: " if dry_run else "imported: ") + summary)


from . import cli_recon  # noqa: E402,F401  (the reconcile command)
