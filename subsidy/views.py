"""HTML pages of the subsidy plugin."""
from __future__ import annotations

from flask import Blueprint, render_template

from suite.auth import permission_required

bp = Blueprint("subsidy", __name__, url_prefix="/subsidy", template_folder="templates")


@bp.route("/")
@permission_required("subsidy.view")
def index():
    return render_template("subsidy/index.html")
