"""CLI of the subsidy plugin: `flask --app suite subsidy ...`."""
from __future__ import annotations

import click

cli = click.Group("subsidy", help="Subsidy ledger commands.")
