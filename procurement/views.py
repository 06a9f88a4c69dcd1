"""HTML pages of the procurement plugin."""
from __future__ import annotations

from flask import Blueprint, render_template

from suite.auth import permission_required

bp = Blueprint("procurement", __name__, url_prefix="/procurement", template_folder="templates")


@bp.route("/")
@permission_required("procurement.view")
def index():
    return render_template("procurement/index.html")
