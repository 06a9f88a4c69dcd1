"""CLI of the roster plugin: `flask --app suite roster ...`."""
from __future__ import annotations

import click

cli = click.Group("roster", help="Student roster commands.")
