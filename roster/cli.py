"""CLI of the roster plugin: `flask --app suite roster ...`: `import` a roster file, `reconcile`
an outside list with the school roster or the household ledger. Both go through
`roster.services`."""
from __future__ import annotations

import csv
import json
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
@click.option("--mapping", "mapping_path", type=click.Path(exists=True, dir_okay=False),
              help="A CSV of two columns, header and field (a field key, its Chinese label, "
                   "or 不导入), for columns the roster does not know.")
def import_command(path, dry_run, errors_out, mapping_path):
    """Import students (or an aid list) from any file the county has: .xlsx, .xls, .csv,
    tab-separated text, an HTML table; all rows or none. Without --mapping the county's saved
    choice for the file's shape applies. Exit code 0 on success, 1 with the errors printed
    when the file is refused."""
    from suite.audit import acting_as
    from suite.db import get_session
    from suite.tabular import TableFileError, read_table, safe_cell

    from . import services

    from suite.services import county_of

    data = Path(path).read_bytes()
    try:
        table = read_table(data, path, header_finder=services.header_score)
    except TableFileError as exc:
        raise click.ClickException(str(exc)) from exc
    session = get_session()
    if mapping_path:
        try:
            mapping = services.mapping_from_csv(
                Path(mapping_path).read_text(encoding="utf-8-sig"))
            stray = [h for h in mapping if h not in table.columns]
            if stray:
                raise services.RosterError({"mapping": "columns not in the file: " +
                                            ", ".join(stray)})
            mapping = services.check_mapping(table.columns, mapping)  # as the page checks it
        except (UnicodeDecodeError, services.RosterError) as exc:
            problems = exc.messages() if isinstance(exc, services.RosterError) else {"": exc}
            raise click.ClickException("the mapping file: " + "; ".join(
                f"{k}: {v}" if k and k != "mapping" else str(v)
                for k, v in problems.items())) from exc
    else:
        county = county_of(session)
        mapping = services.saved_mapping(session, county.id if county else None, table.columns)
    with acting_as(None, "cli"):
        result = services.import_students(session, table, filename=Path(path).name, data=data,
                                          today=clock.today(), dry_run=dry_run,
                                          mapping=mapping)
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
    _say_guidance(result.guidance)
    click.echo(("dry run, would import: " if dry_run else "imported: ") + summary)


def _say_guidance(rows) -> None:
    """Which rows under the header an import passed over as guidance (`Table.guidance`)."""
    if rows:
        click.echo("passed over (filling-in guidance or an example): rows "
                   + ", ".join(map(str, rows)))


def _mapping(path: str | None) -> dict | None:
    if not path:
        return None
    try:
        mapping = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise click.ClickException(f"the mapping file is not UTF-8 JSON: {exc}") from exc
    if not isinstance(mapping, dict) or not all(isinstance(v, str) for v in mapping.values()):
        raise click.ClickException('the mapping must be one JSON object such as '
                                   '{"name": "姓名", "id_number": "身份证号"}')
    return mapping


def _scope(session, township_code: str | None, school_code: str | None) -> dict:
    """{"township_id", "school_id"} of the codes given; an unknown code stops the command."""
    from sqlalchemy import select

    from suite.models import School, Township

    scope = {}
    for key, model, code in (("township_id", Township, township_code),
                             ("school_id", School, school_code)):
        if code:
            found = session.scalar(select(model.id).where(model.code == code.strip()))
            if found is None:
                raise click.ClickException(f"no {key[:-3]} with the code {code}")
            scope[key] = found
    return scope


@cli.command("reconcile")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--mapping", "mapping_path", type=click.Path(exists=True, dir_okay=False),
              help="JSON file {field: column header}; fields: name, id_number, birth_date, "
                   "school, category. Default: the usual headers (姓名, 身份证号 ...).")
@click.option("--against", type=click.Choice(["roster", "ledger"]), default="roster",
              show_default=True, help="Compare the list with the school roster or the "
                                      "household ledger.")
@click.option("--out", "out_path", required=True, type=click.Path(dir_okay=False),
              help="Write the run's findings to this .xlsx file (ID numbers masked).")
@click.option("--year", type=int, help="Ledger year (default: the latest).")
@click.option("--aided-only", is_flag=True,
              help="Only roster students with a current aid category.")
@click.option("--township", "township_code", help="Only this township (its code).")
@click.option("--school", "school_code", help="Only this school (its code).")
@click.option("--title", default="", help="Title of the run.")
def reconcile_command(path, mapping_path, against, out_path, year, aided_only, township_code,
                     school_code, title):
    """Reconcile an outside list (.xlsx or .csv): the run and its cases are stored, the
    findings written to --out and the counts printed. Exit code 1 if the list is refused."""
    from suite.audit import acting_as
    from suite.db import get_session
    from suite.tabular import TableFileError, read_table

    from . import services as recon

    mapping = _mapping(mapping_path)
    try:
        table = read_table(Path(path).read_bytes(), path,
                           header_finder=recon.list_header_score)
    except TableFileError as exc:
        raise click.ClickException(str(exc)) from exc
    session = get_session()
    scope = _scope(session, township_code, school_code)
    with acting_as(None, "cli"):
        try:
            run = recon.run_reconciliation(
                session, left=against, right="list", table=table, mapping=mapping,
                filename=Path(path).name, title=title, today=clock.today(), year=year,
                aided_only=aided_only, **scope)
        except recon.ReconError as exc:
            session.rollback()
            raise click.ClickException("\n".join(exc.problems)) from exc
        data = recon.export_run(session, run)
        session.commit()
    Path(out_path).write_bytes(data)
    c = run.counts
    click.echo(f"run {run.id}: {against} {c['left_rows']} rows, list {c['right_rows']} rows")
    click.echo(f"matched {c['matched']}, conflict {c['conflict']}, "
               f"only in {against} {c['only_left']}, only in list {c['only_right']}, "
               f"duplicate {c['duplicate']}")
    click.echo(f"pairs by ID number {c['by_id']}, by name and birth date {c['by_name_birth']}")
    _say_guidance(table.guidance)
    click.echo(f"written {out_path}")
