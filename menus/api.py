"""JSON API of the menus plugin under /api/v1/menus/ (bearer tokens)."""
from __future__ import annotations

import io
from datetime import date

from flask import Blueprint, abort, jsonify, request, send_file
from flask_babel import gettext as _
from flask_login import current_user

from nutrition import services as nutrition
from suite import clock
from suite.auth import permission_required, school_or_404, user_scope
from suite.db import get_session
from suite.jsonapi import json_object, refuse_not_text, refused
from suite.vocabulary import AGE_BANDS

from . import api_suggest, published, services
from .access import menu_or_404
from .models import WeekMenu

api = Blueprint("menus_api", __name__, url_prefix="/api/v1/menus")
api_suggest.register(api)  # 建议, 修正 and 采用


def dish_json(dish, codes: dict) -> dict:
    return {"id": dish.id, "name": dish.name, "category": dish.category, "role": dish.role,
            "tags": list(dish.tags or []), "spicy": dish.spicy, "aliases": dish.alias_list,
            "meals": dish.meal_list, "main_food": codes.get(dish.main_food_id),
            "cooking_method": dish.cooking_method, "base_band": dish.base_band,
            "band_factors": dish.band_factors,
            "ingredients": [{"food": codes[i.food_id], "grams": str(i.grams), "band": i.band}
                            for i in dish.ingredients]}


def _codes(session, dishes) -> dict:
    ids = {i.food_id for d in dishes for i in d.ingredients}
    ids |= {d.main_food_id for d in dishes if d.main_food_id}
    return {f.id: f.code for f in nutrition.foods_by_id(session, ids)}


@api.get("/dishes")
@permission_required("menus.view")
def dishes():
    session = get_session()
    rows = services.search_dishes(session, request.args.get("q", ""),
                                  request.args.get("category"))
    codes = _codes(session, rows)
    return jsonify({"dishes": [dish_json(d, codes) for d in rows]})


@api.post("/dishes")
@permission_required("menus.dishes")
def create_dish():
    session = get_session()
    body = json_object()
    refuse_not_text(body, ("name", "category", "cooking_method", "notes", "base_band"),
                    {"ingredients": ("food", "band")})
    aliases = body.get("aliases")  # one text, or a list of texts
    if aliases is not None and not all(
            isinstance(a, str) for a in (aliases if isinstance(aliases, list) else [aliases])):
        return refused({"aliases": _("Write this as text, in quotes.")})
    if not isinstance(body.get("ingredients") or [], list):
        return refused({"ingredients": _("The ingredients are a list of foods with their "
                                         "grams.")})
    ingredients = [services.IngredientIn(str(i.get("food") or ""), i.get("grams"), i.get("band"))
                   for i in body.get("ingredients") or [] if isinstance(i, dict)]
    try:
        dish = services.save_dish(
            session, name=str(body.get("name") or ""), category=str(body.get("category") or ""),
            cooking_method=str(body.get("cooking_method") or ""),
            notes=str(body.get("notes") or ""), base_band=str(body.get("base_band") or "9-11"),
            band_factors=body.get("band_factors") if isinstance(body.get("band_factors"), dict)
            else None, ingredients=ingredients, user_id=current_user.id,
            **_extras(body))
    except services.MenuError as exc:
        session.rollback()
        return refused(exc)
    session.commit()
    return jsonify(dish_json(dish, _codes(session, [dish]))), 201


def _extras(body: dict) -> dict:
    """role, spicy, aliases (a list or a "、"/","-separated string), meals (a list) and
    main_food (a code or name) of a dish, where the body gives them."""
    extras = {}
    if body.get("role") is not None:
        extras["role"] = str(body["role"])
    if "spicy" in body:
        extras["spicy"] = body["spicy"] is True
    if body.get("aliases") is not None:
        aliases = body["aliases"]
        extras["aliases"] = "、".join(map(str, aliases)) if isinstance(aliases, list) \
            else str(aliases)
    if body.get("meals") is not None:
        meals = body["meals"]
        extras["meals"] = [str(m) for m in meals] if isinstance(meals, list) else str(meals)
    if body.get("main_food"):
        extras["main_food"] = str(body["main_food"])
    return extras


def _cost(cost) -> dict:
    return {"amount": str(cost.amount), "complete": cost.complete, "missing": cost.missing,
            "price_date": cost.latest.isoformat() if cost.latest else None}


def week_json(session, menu: WeekMenu) -> dict:
    band = request.args.get("band")
    plan = services.week_plan(session, menu, band if band in AGE_BANDS else None)
    return {
        "id": menu.id, "school_id": menu.school_id, "week_start": menu.week_start.isoformat(),
        "revision": menu.revision, "status": menu.status, "meals": menu.meal_list,
        "standard": plan["standard"].code,
        "eaters": [{"age_band": b, "sex": s, "count": c} for b, s, c in plan["eaters"]],
        "days": [{
            "date": d["day"].isoformat(),
            "meals": {m: {"dishes": [{"id": i.dish_id, "name": i.dish.name,
                                      "servings": i.servings} for i in v["items"]],
                          "analysis": v.get("analysis")} for m, v in d["meals"].items()},
            "analysis": d.get("analysis"), "cost_per_serving": _cost(d["cost"]),
            "subsidy_rate": str(d["rate"]) if d["rate"] is not None else None,
        } for d in plan["days"]],
        "week": plan["week"],
        "average_cost": str(plan.get("average_cost")) if plan.get("average_cost") else None,
    }


@api.get("/weeks")
@permission_required("menus.view")
def weeks():
    session = get_session()
    school_id = request.args.get("school", type=int)
    scope, own = user_scope(current_user)
    if school_id is None and scope == "school":
        school_id = own
    if school_id is None:
        abort(400, "school is required")
    school_or_404(session, school_id)
    try:
        entered = date.fromisoformat(request.args.get("week") or clock.today().isoformat())
    except ValueError:
        abort(400, "week must be a date")
    week = services.week_of(entered)
    menu = services.current_menu(session, school_id, week)
    found = [week_json(session, services.load_menu(session, menu.id))] if menu else []
    body = {"week_start": week.isoformat(), "weeks": found}
    note = services.snap_note(entered, week)
    if note:
        body["note"] = note
    return jsonify(body)


def _step(menu_id, step: str):
    session = get_session()
    menu = menu_or_404(session, menu_id)
    try:
        services.run_step(session, menu, step, current_user)
    except services.MenuError as exc:
        session.rollback()
        return jsonify({"error": "refused", "errors": exc.messages()}), 409
    session.commit()
    return jsonify({"id": menu.id, "status": menu.status})


@api.post("/weeks/<int:menu_id>/submit")
@permission_required("menus.submit")
def submit(menu_id):
    return _step(menu_id, "submit")


@api.post("/weeks/<int:menu_id>/approve")
@permission_required("menus.approve")
def approve(menu_id):
    return _step(menu_id, "approve")


@api.post("/weeks/<int:menu_id>/publish")
@permission_required("menus.publish")
def publish(menu_id):
    return _step(menu_id, "publish")


@api.get("/weeks/<int:menu_id>.pdf")
@permission_required("menus.view")
def pdf(menu_id):
    session = get_session()
    menu = menu_or_404(session, menu_id)
    body = published.week_pdf(session, menu)
    return send_file(io.BytesIO(body), mimetype="application/pdf",
                     download_name=f"menu-{menu.week_start.isoformat()}.pdf")
