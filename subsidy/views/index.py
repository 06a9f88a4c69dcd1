"""The plugin's start page."""
from __future__ import annotations

from flask import render_template

from suite.auth import permission_required


@permission_required("subsidy.view")
def index():
    return render_template("subsidy/index.html")
