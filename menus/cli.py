"""CLI of the menus plugin: `flask --app suite menus ...`."""
from __future__ import annotations

import click

cli = click.Group("menus", help="Menus commands.")


@cli.command("suggest")
@click.option("--school", "school_code", required=True, help="The school's code.")
@click.option("--week", "week", required=True, help="A day of the week (YYYY-MM-DD).")
@click.option("--budget", default=None, help="Yuan per pupil per day (default: the subsidy).")
@click.option("--objective", type=click.Choice(["cost", "nutrients"]), default="cost",
              show_default=True, help="cost: the cheapest week; nutrients: the best nutrient "
              "score (mean adequacy ratio, energy excluded) within the budget.")
@click.option("--repair", is_flag=True, help="The fewest changes to the week's draft.")
@click.option("--prefer-stock", is_flag=True, help="Count the school's stock on hand as "
              "already paid for, at its ledger cost.")
@click.option("--time-limit", default=10.0, show_default=True, type=float)
@click.option("--accept", is_flag=True, help="Write the proposal into the week's draft.")
def suggest(school_code, week, budget, objective, repair, prefer_stock, time_limit, accept):
    """Suggest the cheapest week meeting WS/T 554 within the subsidy for a school, or the one
    with the best nutrient score."""
    from datetime import date

    from sqlalchemy import select

    from suite.audit import acting_as
    from suite.db import get_session
    from suite.models import School
    from suite.money import parse_money

    from . import services
    session = get_session()
    school = session.scalar(select(School).where(School.code == school_code))
    if school is None:
        raise click.ClickException(f"no school with code {school_code}")
    try:
        week_start = services.week_of(date.fromisoformat(week))
    except ValueError:
        raise click.ClickException("--week must be a date YYYY-MM-DD")
    amount = parse_money(budget) if budget else None
    if budget and (amount is None or amount <= 0):
        raise click.ClickException("--budget must be an amount of yuan above zero")
    with acting_as(None, "cli"):
        try:
            menu = services.current_menu(session, school.id, week_start)
            if menu is None:  # a scratch draft: kept only with --accept
                menu = services.create_week(session, county_id=school.township.county_id,
                                            school=school, week_start=week_start)
            menu = services.load_menu(session, menu.id)
            proposal = services.propose(session, menu, budget=amount, repair=repair,
                                        objective=objective, time_limit=time_limit,
                                        prefer_stock=prefer_stock)
        except services.MenuError as exc:
            session.rollback()
            raise click.ClickException("; ".join(map(str, exc.errors.values())))
        _print(proposal, services)
        if accept and proposal.items:
            services.accept(session, menu, [i[:3] for i in proposal.items],
                            proposal.fingerprint)
            session.commit()
            click.echo(f"accepted into menu {menu.id}")
        else:
            session.rollback()


def _print(proposal, services) -> None:
    s = proposal.solution
    click.echo(f"status {s.status}  seconds {s.seconds:.2f}  gap {_f(s.gap)}  "
               f"bound {_f(s.bound)}  lp_bound {_f(s.lp_bound)}")
    click.echo(services.status_line(s, proposal.stock_used is not None))
    for reason in services.explain(proposal):
        click.echo(f"  - {reason}")
    plan = proposal.plan
    for d in (plan["days"] if plan else []):
        names = [n for day, _m, _k, n in proposal.items if day == d["day"]]
        click.echo(f"{d['day'].isoformat()}  {d['cost'].amount} / {d['rate']}  "
                   + "、".join(names))
    if plan and plan.get("average_cost") is not None:
        click.echo(f"average cost {plan['average_cost']}  nutrient score "
                   f"{_f(proposal.score, 1)}%  failures {len(services.failures(plan))}")
    for used in proposal.stock_used or []:
        click.echo(f"stock used {used['name']} {used['grams']} g  {used['value']} yuan")


def _f(value, places=4) -> str:
    return "-" if value is None else f"{value:.{places}f}"
