"""JSON API of 建议 and 修正: `POST /api/v1/menus/weeks/<id>/suggest` and `/repair` return a
proposal (never saved), `/accept` writes one into the draft."""
from __future__ import annotations

from datetime import date

from flask import abort, jsonify
from flask_babel import gettext as _
from flask_login import current_user

from suite.auth import permission_required
from suite.db import get_session, reads_only
from suite.jsonapi import json_object, refused
from suite.money import parse_money
from suite.slots import Busy, slot

from . import services
from .access import may_plan, menu_or_404
from .models import ROLES
from .suggest_model import OBJECTIVES

MAX_TIME_LIMIT = 30.0


def _plannable(session, menu_id):
    menu = menu_or_404(session, menu_id)
    if not may_plan(current_user, menu):
        abort(403)
    return menu


def _options(body) -> tuple[dict, dict]:
    errors, options = {}, {}
    if body.get("budget") not in (None, ""):
        budget = parse_money(str(body["budget"]))
        if budget is None or budget <= 0:
            errors["budget"] = _("The budget is an amount of yuan above zero, e.g. 4.50.")
        options["budget"] = budget
    objective = body.get("objective", "cost")
    if not isinstance(objective, str) or objective not in OBJECTIVES:
        errors["objective"] = _("The objective is “cost” (the cheapest week) or “nutrients” "
                                "(the best nutrient score within the cost limit).")
    else:
        options["objective"] = objective
    limit = body.get("time_limit", 5)
    if isinstance(limit, bool) or not isinstance(limit, (int, float)) or \
            not 1 <= limit <= MAX_TIME_LIMIT:
        errors["time_limit"] = _("The time limit is a number of seconds from 1 to 30.")
    options["time_limit"] = float(limit) if not errors.get("time_limit") else 5.0
    prefer_stock = body.get("prefer_stock", False)
    if not isinstance(prefer_stock, bool):
        errors["prefer_stock"] = _("“prefer_stock” is true or false.")
    else:
        options["prefer_stock"] = prefer_stock
    dishes = body.get("dishes")
    if dishes is not None:
        if not isinstance(dishes, list) or not all(
                isinstance(d, int) and not isinstance(d, bool) and 0 < d < 2 ** 31
                for d in dishes):
            errors["dishes"] = _("Dishes are a list of dish ids.")
        else:
            options["dish_ids"] = dishes
    roles = body.get("roles")
    if roles is not None:
        if not isinstance(roles, list) or not all(isinstance(r, str) and r in ROLES
                                                  for r in roles):
            errors["roles"] = _("Roles are a list of: %(roles)s.", roles=", ".join(ROLES))
        elif roles:
            options["roles"] = roles
    return options, errors


def _round(score: float | None) -> float | None:
    return None if score is None else round(score, 2)


def _proposal_json(proposal) -> dict:
    s, plan = proposal.solution, proposal.plan
    message = services.status_line(s, proposal.stock_used is not None)
    return {
        "status": s.status, "proven": s.proven, "message": message,
        "reasons": services.explain(proposal), "fingerprint": proposal.fingerprint,
        "items": [{"date": d.isoformat(), "meal": m, "dish_id": k, "name": n}
                  for d, m, k, n in proposal.items],
        "days": [{"date": d["day"].isoformat(), "cost_per_serving": str(d["cost"].amount),
                  "limit": str(d["rate"]) if d["rate"] is not None else None}
                 for d in (plan["days"] if plan else [])],
        "average_cost": str(plan["average_cost"]) if plan and plan.get("average_cost") else None,
        "objective": proposal.objective,
        "nutrient_score": _round(proposal.score),
        "week": plan["week"] if plan else None,
        "failures": [f.code for f in services.failures(plan)] if plan else [],
        "gap": s.gap, "bound": s.bound, "lp_bound": s.lp_bound, "seconds": round(s.seconds, 3),
        "changes": s.changes, "excluded": {k: len(v) for k, v in proposal.excluded.items()},
        "stock_used": None if proposal.stock_used is None else [
            {"food": u["name"], "grams": str(u["grams"]), "value": str(u["value"])}
            for u in proposal.stock_used],
    }


def _propose(menu_id, repair: bool):
    session = get_session()
    menu = _plannable(session, menu_id)
    options, errors = _options(json_object())
    if errors:
        return refused(errors)
    if "roles" in options:  # every active dish of these roles, beside the ids listed
        options["dish_ids"] = services.with_roles(session, options.get("dish_ids") or [],
                                                  options.pop("roles"))
    template = None
    try:
        with slot("menu-solver"):
            if menu.school_id is None and not repair:  # every adopting school's mix at once
                options.pop("prefer_stock", None)  # a template belongs to no store room
                template = services.propose_template(session, menu, **options)
                proposal = template.suggestion
            else:
                proposal = services.propose(session, menu, repair=repair, **options)
    except services.MenuError as exc:
        return refused(exc, 409)
    except Busy:
        reply, status = refused({"": _("Other proposals are being worked out on the server "
                                       "right now: try again in a few seconds.")}, 503)
        reply.headers["Retry-After"] = "5"
        return reply, status
    body = _proposal_json(proposal)
    if template is not None:
        body["template"] = {"schools": template.schools, "mixes": template.mixes,
                            "solved_with": template.solved_with, "binding": template.binding,
                            "failing": template.failing,
                            "score_low": _round(template.score_low),
                            "score_low_school": template.score_low_school,
                            "score_mean": _round(template.score_mean)}
    return jsonify(body)


@reads_only  # the solver's seconds must not hold SQLite's write lock
@permission_required("menus.plan")
def suggest(menu_id):
    return _propose(menu_id, repair=False)


@reads_only
@permission_required("menus.plan")
def repair(menu_id):
    return _propose(menu_id, repair=True)


def _items(raw) -> list | None:
    if not isinstance(raw, list) or not raw or len(raw) > 500:
        return None
    out = []
    for item in raw:
        try:
            dish_id = item["dish_id"]
            if isinstance(dish_id, bool) or not isinstance(dish_id, int) or \
                    not 0 < dish_id < 2 ** 31:
                return None
            out.append((date.fromisoformat(str(item["date"])), str(item["meal"]), dish_id))
        except (KeyError, TypeError, ValueError):
            return None
    return out


@permission_required("menus.plan")
def accept(menu_id):
    session = get_session()
    menu = _plannable(session, menu_id)
    body = json_object()
    items = _items(body.get("items"))
    if items is None:
        return refused({"items": _("The proposal does not fit this menu: make a new one.")})
    try:
        services.accept(session, menu, items, str(body.get("fingerprint") or ""))
    except services.MenuError as exc:
        session.rollback()
        return refused(exc, 409)
    session.commit()
    return jsonify({"id": menu.id, "items": len(menu.items),
                    "fingerprint": services.fingerprint(menu)})


def register(api) -> None:
    for name, view in (("suggest", suggest), ("repair", repair), ("accept", accept)):
        api.add_url_rule(f"/weeks/<int:menu_id>/{name}", endpoint=name, view_func=view,
                         methods=("POST",))
