"""JSON API of the nutrition plugin under /api/v1/nutrition/."""
from __future__ import annotations

from flask import Blueprint

api = Blueprint("nutrition_api", __name__, url_prefix="/api/v1/nutrition")
