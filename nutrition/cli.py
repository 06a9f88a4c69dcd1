"""CLI of the nutrition plugin: `flask --app suite nutrition ...`."""
from __future__ import annotations

import click

cli = click.Group("nutrition", help="Nutrition commands.")
