"""Public pages of the roster plugin: the family lookup and the county's aid policies; and the
bureau's pages to write and publish those policies."""
from __future__ import annotations

from flask import (abort, current_app, flash, make_response, redirect, render_template,
                   request, url_for)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from suite.auth import permission_required, public
from suite.db import get_session, utcnow
from suite.forms import REQUIRED

from . import services as service
from .models import STAGES
from .views import bp


class LookupForm(FlaskForm):
    id_number = StringField(_l("Student's ID number"), validators=[
        DataRequired(REQUIRED), Length(max=40)])
    name = StringField(_l("Student's name"), validators=[DataRequired(REQUIRED), Length(max=40)])


class PolicyForm(FlaskForm):
    stage = SelectField(_l("School stage"), validators=[DataRequired(REQUIRED)])
    title = StringField(_l("Title"), validators=[DataRequired(REQUIRED),
                                                 Length(max=service.TITLE_MAX)])
    body = TextAreaField(_l("Policy and how to apply (plain text)"), validators=[
        DataRequired(REQUIRED), Length(max=service.BODY_MAX)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stage.choices = [(s, service.STAGE_LABELS[s]) for s in STAGES]


def _render(template, **context):
    return render_template(template, stage_label=lambda s: service.STAGE_LABELS.get(s, s),
                           policy_paragraphs=service.paragraphs, **context)


@bp.route("/lookup", methods=["GET", "POST"])
@public
def lookup():
    form = LookupForm()
    result, status = None, 200
    if form.validate_on_submit():
        session = get_session()
        result = service.lookup(session, form.id_number.data, form.name.data,
                                ip=request.remote_addr or "", now=utcnow(),
                                limits=service.limits_from_config(current_app.config))
        session.commit()
        if result.status == "invalid":
            form.id_number.errors.append(_("This is not a valid ID number. Check the 18 "
                                           "characters and try again."))
            result = None
        else:
            form = LookupForm(formdata=None)  # nothing typed is echoed back
        if result is not None and result.status == "limited":
            status = 429
    form.id_number.data = ""
    response = make_response(render_template(
        "roster/lookup.html", form=form, result=result,
        help_phone=current_app.config.get("AID_OFFICE_PHONE", "")), status)
    response.headers["Cache-Control"] = "no-store"
    if result is not None and result.retry_after:
        response.headers["Retry-After"] = str(result.retry_after)
    return response


@bp.route("/policies")
@public
def policies():
    return _render("roster/policies.html", stages=service.published_by_stage(get_session()))


@bp.route("/policies/manage")
@permission_required("roster.policies")
def policies_manage():
    return _render("roster/policies_manage.html", policies=service.all_policies(get_session()))


def _policy_or_404(session, policy_id):
    policy = service.get_policy(session, policy_id)
    if policy is None:
        abort(404)
    return policy


def _save(form, policy=None):
    """Create or update from a validated form; None (with field errors) when refused."""
    session = get_session()
    try:
        if policy is None:
            policy = service.create_policy(session, form.stage.data, form.title.data,
                                           form.body.data)
        else:
            service.update_policy(session, policy, form.stage.data, form.title.data,
                                  form.body.data)
    except service.PolicyError as exc:
        session.rollback()
        for key, message in exc.errors.items():
            getattr(form, key).errors.append(message)
        return None
    session.commit()
    flash(_("The policy was saved."), "success")
    return policy


@bp.route("/policies/new", methods=["GET", "POST"])
@permission_required("roster.policies")
def policy_new():
    form = PolicyForm()
    if form.validate_on_submit() and _save(form) is not None:
        return redirect(url_for("roster.policies_manage"))
    return _render("roster/policies_form.html", form=form, policy=None)


@bp.route("/policies/<int:policy_id>/edit", methods=["GET", "POST"])
@permission_required("roster.policies")
def policy_edit(policy_id):
    policy = _policy_or_404(get_session(), policy_id)
    form = PolicyForm(obj=policy)
    if form.validate_on_submit() and _save(form, policy) is not None:
        return redirect(url_for("roster.policies_manage"))
    return _render("roster/policies_form.html", form=form, policy=policy)


@bp.route("/policies/<int:policy_id>/publish", methods=["POST"])
@permission_required("roster.policies")
def policy_publish(policy_id):
    session = get_session()
    policy = _policy_or_404(session, policy_id)
    published = request.form.get("published", "1") == "1"
    service.set_published(session, policy, published)
    session.commit()
    flash(_("The policy is published.") if published else
          _("The policy is withdrawn from the public page."), "success")
    return redirect(url_for("roster.policies_manage"))
