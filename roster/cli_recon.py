"""`flask --app suite roster reconcile LIST.xlsx --out RESULT.xlsx`: reconcile an outside list
with the school roster or the household ledger from the command line."""
from __future__ import annotations

import json
from pathlib import Path

import click

from .cli import cli
from suite import clock


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

    from . import recon_service as recon

    mapping = _mapping(mapping_path)
    try:
        table = read_table(Path(path).read_bytes(), path)
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
    click.echo(f"written {out_path}")
