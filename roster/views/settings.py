"""Aid settings: categories and difficulty levels (configurable, as provinces differ) and who
may receive each aid programme."""
from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from suite.auth import permission_required
from suite.db import get_session
from suite.forms import form_status, save_or_show

from .. import services
from ..forms import SettingsForm
from ..models import AidProgram


def _apply(session, form: SettingsForm) -> None:
    """The change one of the page's forms asks for; the services check the values."""
    action = form.action.data
    if action == "category":
        services.add_category(session, form.code.data, form.name.data)
    elif action == "level":
        services.add_level(session, form.code.data, form.name.data)
    elif action == "program":
        services.set_rule(session, form.id.data or 0, boarders_only=form.boarders_only.data,
                             stage=form.stage.data, category_codes=form.category_codes.data)
    elif action in ("activate", "deactivate"):
        services.set_category_active(session, form.id.data or 0, action == "activate")
    else:
        abort(400)


@permission_required("roster.aid")
def settings():
    session = get_session()
    form = SettingsForm()
    if request.method == "POST":
        ok, _done = save_or_show(session, form, _apply, session, form, success=_("Saved."))
        if ok:
            return redirect(url_for("roster.settings"))
    categories = services.categories(session, active_only=False)
    programs = session.scalars(select(AidProgram).order_by(AidProgram.id)).all()
    return render_template("roster/settings.html", categories=categories,
                           levels=services.levels(session), programs=programs,
                           errors=[m for f in form if f.errors for m in f.errors],
                           stages=services.PROGRAM_STAGE_LABELS,
                           rule_text=services.rule_text,
                           category_names={c.code: c.name for c in categories}), \
        form_status(form)
