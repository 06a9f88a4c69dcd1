"""Student pages (filled in next)."""
from __future__ import annotations

from flask import render_template

from suite.auth import permission_required

from .views import bp


@bp.route("/students")
@permission_required("roster.view")
def students():
    return render_template("roster/index.html")
