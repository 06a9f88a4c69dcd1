"""JSON API of the subsidy plugin under /api/v1/subsidy/."""
from __future__ import annotations

from flask import Blueprint

api = Blueprint("subsidy_api", __name__, url_prefix="/api/v1/subsidy")
