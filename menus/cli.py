"""CLI of the menus plugin: `flask --app suite menus ...`."""
from __future__ import annotations

import click

cli = click.Group("menus", help="Menus commands.")
