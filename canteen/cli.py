"""CLI of the canteen plugin: `flask --app suite canteen ...`; `days` prints a school's month
(through `canteen.services`)."""
from __future__ import annotations

from decimal import Decimal

import click
from flask import current_app

cli = click.Group("canteen", help="Canteen commands.")


@cli.command("days")
@click.option("--school", "code", required=True, help="The school's code.")
@click.option("--month", required=True, help="The month, as YYYY-MM.")
def days_command(code, month):
    """Print a school's month: one line per day and meal (counts, cost, the students' and
    teachers' share of it, what is missing), totals at the end. Exit code 1 for an unknown
    school or a bad month."""
    from sqlalchemy import select

    from procurement import services as procurement
    from suite import clock
    from suite.db import get_session
    from suite.models import School
    from suite.params import parse_month

    from . import services

    session = get_session()
    school = session.scalar(select(School).where(School.code == code.strip()))
    if school is None:
        raise click.ClickException(f"unknown school code: {code}")
    parsed = parse_month(month)
    if parsed is None:
        raise click.ClickException(f"not a month: {month} (write it as 2026-11)")
    first, last = procurement.month_bounds(*parsed)
    rows = services.day_summaries(session, school.id, first, last,
                                  current_app.config["CANTEEN_ISSUE_TOLERANCE"],
                                  today=clock.today())
    click.echo(f"{school.code} {school.name} {first:%Y-%m} ({school.supply_mode})")
    click.echo("date        meal       students plan teachers      cost  students  teachers"
               "  missing")
    totals = dict.fromkeys(("students", "plan_students", "teachers"), 0)
    money = dict.fromkeys(("food_cost", "student_cost", "teacher_cost"), Decimal("0.00"))
    for day in rows:
        if not day["meals"]:
            click.echo(f"{day['day']}  -          (school day, no meal served or counted)")
        for meal in day["meals"]:
            for key in totals:
                totals[key] += meal[key]
            for key in money:
                money[key] += meal[key]
            counts = (f"{meal['students']:8d} {meal['plan_students']:4d} {meal['teachers']:8d}"
                      if meal["counted"] else f"{'-':>8} {'-':>4} {'-':>8}")
            extra = ", ".join(meal["missing"]) or "-"
            if meal["over_tolerance"]:
                extra += "; beyond tolerance: " + ", ".join(meal["over_tolerance"])
            click.echo(f"{day['day']}  {meal['meal']:<9} {counts} {meal['food_cost']:9.2f} "
                       f"{meal['student_cost']:9.2f} {meal['teacher_cost']:9.2f}  {extra}")
    click.echo(f"total       {'':<9} {totals['students']:8d} {totals['plan_students']:4d} "
               f"{totals['teachers']:8d} {money['food_cost']:9.2f} "
               f"{money['student_cost']:9.2f} {money['teacher_cost']:9.2f}")
