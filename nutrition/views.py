"""HTML pages of the nutrition plugin."""
from __future__ import annotations

from flask import Blueprint, render_template

from suite.auth import permission_required

bp = Blueprint("nutrition", __name__, url_prefix="/nutrition", template_folder="templates")


@bp.route("/")
@permission_required("nutrition.view")
def index():
    return render_template("nutrition/index.html")
