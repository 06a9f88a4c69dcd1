"""CLI of the canteen plugin: `flask --app suite canteen ...`."""
from __future__ import annotations

import click

cli = click.Group("canteen", help="Canteen commands.")
