"""JSON API of the menus plugin under /api/v1/menus/."""
from __future__ import annotations

from flask import Blueprint

api = Blueprint("menus_api", __name__, url_prefix="/api/v1/menus")
