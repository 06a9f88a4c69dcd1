"""A school's dietary rule (清真, tags to avoid): nutritionists and bureau officers set it,
the school's canteen manager reads it."""
from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from suite.auth import has_permission, permission_required
from suite.db import get_session
from suite.forms import form_status, save_or_show

from .. import services
from ..access import rule_school_or_404
from ..forms import SchoolRuleForm


@permission_required("menus.view")
def school_rule(school_id):
    session = get_session()
    school = rule_school_or_404(session, school_id)
    rule = services.school_rule(session, school.id)
    form = SchoolRuleForm(formdata=None, data=rule)
    return _page(school, rule, form)


@permission_required("menus.rules")
def school_rule_save(school_id):
    session = get_session()
    school = rule_school_or_404(session, school_id)
    form = SchoolRuleForm()
    if form.validate_on_submit():
        saved, _r = save_or_show(
            session, form, services.set_school_rule, session, school.id,
            halal=form.halal.data, avoid=form.avoid.data or [], note=form.note.data or "",
            user_id=current_user.id, success=_("The school's dietary rule was saved."))
        if saved:
            return redirect(url_for("menus.school_rule", school_id=school.id))
    return _page(school, services.school_rule(session, school.id), form)


def _page(school, rule, form):
    status = form_status(form) if request.method == "POST" else 200
    return render_template("menus/school_rule.html", school=school, rule=rule, form=form,
                           banned=services.banned_tags(rule["halal"], rule["avoid"]),
                           may_change=has_permission(current_user, "menus.rules")), status
