"""CLI of the subsidy plugin: `flask --app suite subsidy ...`; `ledger` prints the month's
ledger (through `subsidy.services`)."""
from __future__ import annotations

import click

cli = click.Group("subsidy", help="Subsidy ledger commands.")

FIELDS = ("student_days", "entitlement", "student_spend", "spend_per_student_day", "balance",
          "year_balance")


def _line(label: str, row: dict) -> str:
    per_day = row["spend_per_student_day"]
    return (f"{label:<24} {row['plan_students_last']:6d} {row['meal_days']:4d} "
            f"{row['student_days']:8d} {row['entitlement']:12.2f} {row['food_cost']:12.2f} "
            f"{row['teacher_spend']:10.2f} {row['outside_spend']:10.2f} "
            f"{row['student_spend']:12.2f} "
            f"{'-' if per_day is None else f'{per_day:.2f}':>8} {row['balance']:12.2f} "
            f"{row['year_balance']:12.2f}")


@cli.command("ledger")
@click.option("--month", required=True, help="The month, as YYYY-MM.")
@click.option("--school", "code", default=None, help="One school's code (default: every "
              "school, with township and county totals).")
@click.option("--xlsx", "xlsx_path", default=None, type=click.Path(dir_okay=False),
              help="Also write the table to this .xlsx file.")
def ledger_command(month, code, xlsx_path):
    """Print the month's subsidy ledger: one line per school, then the totals. Exit code 1
    for a bad month or an unknown school."""
    from sqlalchemy import select

    from suite import clock
    from suite.db import get_session
    from suite.models import School
    from suite.params import parse_month
    from suite.tabular import write_xlsx

    from . import services
    from .sheets import county_table

    session = get_session()
    parsed = parse_month(month)
    if parsed is None:
        raise click.ClickException(f"not a month: {month} (write it as 2026-11)")
    if code is not None:
        ids = session.scalars(select(School.id).where(School.code == code.strip())).all()
        if not ids:
            raise click.ClickException(f"unknown school code: {code}")
    else:
        ids = session.scalars(select(School.id)).all()
    data = services.county_month(session, ids, *parsed, today=clock.today())
    click.echo(f"{parsed[0]:04d}-{parsed[1]:02d}")
    click.echo(f"{'school':<24} {'plan':>6} {'days':>4} {'stud-days':>8} {'entitlement':>12} "
               f"{'food cost':>12} {'teachers':>10} {'outside':>10} {'students':>12} "
               f"{'per day':>8} {'balance':>12} {'year':>12}")
    for row in data["schools"]:
        click.echo(_line(f"{row['code']} {row['school']}", row))
    if code is None:
        for town in data["townships"]:
            click.echo(_line(f"= {town['township']}", town))
    click.echo(_line("total", data["county"]))
    if xlsx_path:
        header, rows = county_table(data)
        with open(xlsx_path, "wb") as out:
            out.write(write_xlsx([(f"{parsed[0]:04d}-{parsed[1]:02d}", header, rows)]))
        click.echo(f"written: {xlsx_path}")


@cli.command("monthly-return")
@click.option("--month", required=True, help="The month, as YYYY-MM.")
@click.option("--xlsx", "xlsx_path", required=True, type=click.Path(dir_okay=False),
              help="Write the return (学生营养改善计划实施情况月报) to this .xlsx file.")
def monthly_return_command(month, xlsx_path):
    """Write the schools' monthly return of the plan for every school and print its totals.
    Exit code 1 for a bad month."""
    from sqlalchemy import select

    from suite import clock
    from suite.db import get_session
    from suite.models import School
    from suite.params import parse_month

    from . import services
    from .return_sheet import return_xlsx

    session = get_session()
    parsed = parse_month(month)
    if parsed is None:
        raise click.ClickException(f"not a month: {month} (write it as 2026-11)")
    ids = session.scalars(select(School.id)).all()
    data = services.monthly_return(session, ids, *parsed, today=clock.today())
    with open(xlsx_path, "wb") as out:
        out.write(return_xlsx(data))
    total = data["totals"]
    click.echo(f"{parsed[0]:04d}-{parsed[1]:02d}: {len(data['schools'])} schools, "
               f"spent on students {total['spend']:.2f} (since January "
               f"{total['year_spend']:.2f}), {total['meals']} plan meals, "
               f"{total['pupils']} pupils, average {total['average']:.2f}")
    click.echo(f"written: {xlsx_path}")


@cli.command("rebuild-day-costs")
def rebuild_day_costs_command():
    """Work every school day's ledger figures out again from the records, writing those that
    differ (needed once if the subsidy plugin was switched off while records were written)."""
    from suite.db import get_session

    from .day_costs import rebuild

    session = get_session()
    changed = rebuild(session)
    session.commit()
    click.echo(f"school days worked out again: {changed} differed and were rewritten")
