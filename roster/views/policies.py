"""The county's aid policies: the public page, and the bureau's pages to write and publish
them."""
from __future__ import annotations

from flask import abort, redirect, render_template, url_for
from flask_babel import gettext as _

from suite.auth import permission_required, public
from suite.db import get_session
from suite.forms import save_or_show

from .. import services
from ..forms import PolicyForm, PublishForm


def _render(template, **context):
    return render_template(template, stage_label=lambda s: services.STAGE_LABELS.get(s, s),
                           policy_paragraphs=services.paragraphs, **context)


@public
def policies():
    return _render("roster/policies.html", stages=services.published_by_stage(get_session()))


@permission_required("roster.policies")
def policies_manage():
    return _render("roster/policies_manage.html", policies=services.all_policies(get_session()))


def _policy_or_404(session, policy_id):
    policy = services.get_policy(session, policy_id)
    if policy is None:
        abort(404)
    return policy


def _save(form, policy=None) -> bool:
    """Create or update from a validated form; False (with field errors) when refused."""
    session = get_session()
    values = (form.stage.data, form.title.data, form.body.data)
    if policy is None:
        ok, _policy = save_or_show(session, form, services.create_policy, session, *values,
                                   success=_("The policy was saved."))
    else:
        ok, _policy = save_or_show(session, form, services.update_policy, session, policy,
                                   *values, success=_("The policy was saved."))
    return ok


@permission_required("roster.policies")
def policy_new():
    form = PolicyForm()
    if form.validate_on_submit() and _save(form):
        return redirect(url_for("roster.policies_manage"))
    return _render("roster/policies_form.html", form=form, policy=None)


@permission_required("roster.policies")
def policy_edit(policy_id):
    policy = _policy_or_404(get_session(), policy_id)
    form = PolicyForm(obj=policy)
    if form.validate_on_submit() and _save(form, policy):
        return redirect(url_for("roster.policies_manage"))
    return _render("roster/policies_form.html", form=form, policy=policy)


@permission_required("roster.policies")
def policy_publish(policy_id):
    session = get_session()
    policy = _policy_or_404(session, policy_id)
    published = PublishForm().published.data == "1"
    save_or_show(session, None, services.set_published, session, policy, published,
                 success=_("The policy is published.") if published else
                 _("The policy is withdrawn from the public page."))
    return redirect(url_for("roster.policies_manage"))
