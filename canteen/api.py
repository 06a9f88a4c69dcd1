"""JSON API of the canteen plugin under /api/v1/canteen/."""
from __future__ import annotations

from flask import Blueprint

api = Blueprint("canteen_api", __name__, url_prefix="/api/v1/canteen")
