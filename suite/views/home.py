"""The home page: the user's school, if any, and every plugin's panels."""
from __future__ import annotations

from flask import current_app, render_template
from flask_login import current_user

from ..auth import login_required, user_scope
from ..db import get_session
from ..models import School


@login_required
def home():
    session = get_session()
    scope, ident = user_scope(current_user)
    school = session.get(School, ident) if scope == "school" else None
    panels = []
    for plugin in current_app.extensions["suite_plugins"]:
        hook = getattr(plugin, "home_panels", None)
        if hook:
            panels.extend(hook(current_user) or [])
    return render_template("suite/home.html", school=school, panels=panels)
