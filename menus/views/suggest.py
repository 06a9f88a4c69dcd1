"""建议 and 修正 in the planner: a proposal beside the current week (analysis, cost, the
changes), never saved until 采用 writes it into the draft as one audited change."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from suite.auth import permission_required
from suite.db import get_session, reads_only
from suite.models import School
from suite.money import parse_money
from suite.slots import Busy, slot

from .. import services
from ..access import plannable_or_404
from ..forms import AcceptForm, SuggestForm, chosen_dishes, chosen_roles


def BUSY():  # noqa: N802 - a message, translated when shown
    return _("Other proposals are being worked out on the server right now: try again in a "
             "few seconds.")


def _back(menu_id, messages):
    for message in messages:
        flash(message, "error")
    return redirect(url_for("menus.planner", menu_id=menu_id))


@reads_only  # the solver's seconds must not hold SQLite's write lock
@permission_required("menus.plan")
def suggest(menu_id):
    session = get_session()
    menu = plannable_or_404(session, current_user, menu_id)
    form = SuggestForm()
    if menu.status != "draft":
        return _back(menu.id, [_("Only a draft can be changed.")])
    if not form.validate():
        return _back(menu.id, [e for errors in form.errors.values() for e in errors])
    budget = parse_money(form.budget.data) if (form.budget.data or "").strip() else None
    if (form.budget.data or "").strip() and (budget is None or budget <= 0):
        return _back(menu.id, [_("The budget is an amount of yuan above zero, e.g. 4.50.")])
    dish_ids = chosen_dishes(request.form.getlist("dish"))
    roles = chosen_roles(request.form.getlist("role"))
    if dish_ids is None or roles is None:
        return _back(menu.id, [_("The chosen dishes are not dishes of the library.")])
    dish_ids = services.with_roles(session, dish_ids, roles)
    repair = form.mode.data == "repair"
    objective = form.objective.data  # 修正 ignores it: the fewest changes, then the cheapest
    template = None
    limit = float(current_app.config["SUGGEST_TIME_LIMIT"])
    try:
        with slot("menu-solver"):
            if menu.school_id is None and not repair:  # every adopting school's mix at once
                template = services.propose_template(session, menu, budget=budget,
                                                     objective=objective, time_limit=limit,
                                                     dish_ids=dish_ids or None)
                proposal = template.suggestion
            else:
                proposal = services.propose(session, menu, budget=budget, repair=repair,
                                            objective=objective, time_limit=limit,
                                            prefer_stock=bool(form.prefer_stock.data),
                                            dish_ids=dish_ids or None)
    except services.MenuError as exc:
        return _back(menu.id, list(exc.errors.values()))
    except Busy:
        return _back(menu.id, [BUSY()])
    accept_form = AcceptForm(formdata=None, items=services.encode_items(proposal.items),
                             fingerprint=proposal.fingerprint)
    return render_template(
        "menus/suggest.html", menu=menu, proposal=proposal, repair=repair, template=template,
        current=services.week_plan(session, menu), accept_form=accept_form,
        status=services.status_line(proposal.solution, proposal.stock_used is not None),
        reasons=services.explain(proposal),
        changes=services.proposal_changes(menu, proposal.items),
        failures=services.failures(proposal.plan) if proposal.plan else [])


@permission_required("menus.plan")
def options(menu_id):
    """建议's options on a page of their own: budget, objective, stock, and a subset of the
    library's dishes (too long a list for the planner's row of tools)."""
    session = get_session()
    menu = plannable_or_404(session, current_user, menu_id)
    if menu.status != "draft":  # nothing it suggests could be accepted
        flash(_("Only a draft can be changed."), "error")
        return redirect(url_for("menus.planner", menu_id=menu.id))
    school = session.get(School, menu.school_id) if menu.school_id else None
    return render_template("menus/suggest_options.html", menu=menu, school=school,
                           library=services.library_by_role(session))


@permission_required("menus.plan")
def accept(menu_id):
    session = get_session()
    menu = plannable_or_404(session, current_user, menu_id)
    form = AcceptForm()
    items = services.decode_items(form.items.data or "") if form.validate() else None
    if items is None:
        return _back(menu.id, [_("The proposal does not fit this menu: make a new one.")])
    try:
        services.accept(session, menu, items, form.fingerprint.data or "")
    except services.MenuError as exc:
        session.rollback()
        return _back(menu.id, list(exc.errors.values()))
    session.commit()
    flash(_("The proposal is now the draft's week."), "success")
    return redirect(url_for("menus.planner", menu_id=menu.id))
