"""HTML pages of the canteen plugin."""
from __future__ import annotations

from flask import Blueprint, render_template

from suite.auth import permission_required

bp = Blueprint("canteen", __name__, url_prefix="/canteen", template_folder="templates")


@bp.route("/")
@permission_required("canteen.view")
def index():
    return render_template("canteen/index.html")
