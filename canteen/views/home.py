"""The canteen's home page."""
from __future__ import annotations

from flask import render_template

from suite.auth import permission_required


@permission_required("canteen.view")
def index():
    return render_template("canteen/index.html")
