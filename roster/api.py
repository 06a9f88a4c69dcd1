"""JSON API of the roster plugin under /api/v1/roster/."""
from __future__ import annotations

from flask import Blueprint

api = Blueprint("roster_api", __name__, url_prefix="/api/v1/roster")
