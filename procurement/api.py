"""JSON API of the procurement plugin under /api/v1/procurement/."""
from __future__ import annotations

from flask import Blueprint

api = Blueprint("procurement_api", __name__, url_prefix="/api/v1/procurement")
