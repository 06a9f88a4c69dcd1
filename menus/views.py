"""HTML pages of the menus plugin."""
from __future__ import annotations

from flask import Blueprint, render_template

from suite.auth import permission_required

bp = Blueprint("menus", __name__, url_prefix="/menus", template_folder="templates")


@bp.route("/")
@permission_required("menus.view")
def index():
    return render_template("menus/index.html")
