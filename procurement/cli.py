"""CLI of the procurement plugin: `flask --app suite procurement ...`."""
from __future__ import annotations

import click

cli = click.Group("procurement", help="Procurement commands.")
