"""HTML pages of the roster plugin: students, import, aid and payments."""
from __future__ import annotations

from flask import Blueprint, redirect, url_for

from suite.auth import permission_required

bp = Blueprint("roster", __name__, url_prefix="/roster", template_folder="templates")


@bp.route("/")
@permission_required("roster.view")
def index():
    return redirect(url_for("roster.students"))


from . import (views_household, views_public, views_recon, views_students,  # noqa: E402,F401
               views_visits)
