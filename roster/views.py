"""HTML pages of the roster plugin."""
from __future__ import annotations

from flask import Blueprint, render_template

from suite.auth import permission_required

bp = Blueprint("roster", __name__, url_prefix="/roster", template_folder="templates")


@bp.route("/")
@permission_required("roster.view")
def index():
    return render_template("roster/index.html")
