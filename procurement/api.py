"""JSON API of the procurement plugin under /api/v1/procurement/ (bearer tokens)."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, jsonify, request
from flask_login import current_user
from sqlalchemy import select

from nutrition import services as nutrition
from suite import clock
from suite.auth import permission_required, school_filter, school_or_404, user_scope
from suite.db import get_session, write_lock_first
from suite.jsonapi import json_object, refuse_not_text, refused
from suite.money import money
from suite.params import day_arg_problems, parse_day

from . import services, signals
from .deliveries import MAX_ID
from .models import Delivery, Supplier

api = Blueprint("procurement_api", __name__, url_prefix="/api/v1/procurement")


def _school_arg(required=True):
    asked = request.args.get("school", type=int)
    if asked is None and request.args.get("school", "").strip():
        abort(404)  # not an id (a word, or past the database's integers): no school of ours
    school_id = services.page_school_id(get_session(), current_user, asked)
    if school_id is None:
        if required:
            abort(400, "school is required")
        return None
    return school_or_404(get_session(), school_id)


def supplier_json(s: Supplier) -> dict:
    return {"id": s.id, "name": s.name, "credit_code": s.credit_code, "licence_no": s.licence_no,
            "licence_expiry": s.licence_expiry.isoformat(), "approved": s.approved,
            "active": s.active, "food_groups": s.group_list}


def delivery_json(d: Delivery, foods: dict) -> dict:
    return {
        "id": d.id, "school_id": d.school_id, "supplier_id": d.supplier_id,
        "date": d.delivery_date.isoformat(), "invoice_no": d.invoice_no, "checker": d.checker,
        "total": str(d.total), "accepted_total": str(d.accepted_total),
        "void": d.voided_at is not None, "void_reason": d.void_reason,
        "lines": [{"line_no": ln.line_no, "item": ln.item_name, "food": foods[ln.food_id],
                   "quantity": str(ln.quantity), "unit": ln.unit,
                   "unit_weight_g": str(ln.unit_weight_g) if ln.unit_weight_g else None,
                   "grams": str(ln.grams), "unit_price": str(ln.unit_price),
                   "amount": str(ln.amount), "accepted": ln.accepted,
                   "reject_reason": ln.reject_reason,
                   "temperature_c": str(ln.temperature_c) if ln.temperature_c is not None
                   else None} for ln in d.lines],
    }


def _food_codes(session, deliveries) -> dict:
    ids = {ln.food_id for d in deliveries for ln in d.lines}
    return {f.id: f.code for f in nutrition.foods_by_id(session, ids)}


@api.get("/suppliers")
@permission_required("procurement.view")
def suppliers():
    rows = get_session().scalars(select(Supplier).order_by(Supplier.name)).all()
    return jsonify({"suppliers": [supplier_json(s) for s in rows]})


@api.get("/deliveries")
@permission_required("procurement.view")
def deliveries():
    session = get_session()
    school = _school_arg(required=False)
    stmt = select(Delivery).where(school_filter(current_user, Delivery.school_id))
    if school is not None:
        stmt = stmt.where(Delivery.school_id == school.id)
    errors = day_arg_problems(request.args, required=False)
    if errors:  # a filter left out would answer with every delivery instead
        return refused(errors)
    start, end = parse_day(request.args.get("from")), parse_day(request.args.get("to"))
    if start:
        stmt = stmt.where(Delivery.delivery_date >= start)
    if end:
        stmt = stmt.where(Delivery.delivery_date <= end)
    rows = session.scalars(stmt.order_by(Delivery.delivery_date, Delivery.id).limit(5000)).all()
    foods = _food_codes(session, rows)
    return jsonify({"deliveries": [delivery_json(d, foods) for d in rows]})


@api.post("/deliveries")
@permission_required("procurement.deliver")
def create_delivery():
    session = get_session()
    body = json_object()
    refuse_not_text(body, ("invoice_no", "checker", "date"),
                    {"lines": ("item", "unit", "reject_reason", "food")})
    if "school" in body and (not isinstance(body["school"], int) or
                             isinstance(body["school"], bool)):
        return refused({"school": "must be a school id (a number)"})
    school = school_or_404(session, body["school"]) if "school" in body else _school_arg()
    if not isinstance(body.get("lines") or [], list):
        return refused({"lines": "must be a list"})
    lines = []
    for raw in body.get("lines") or []:
        raw = raw if isinstance(raw, dict) else {}
        lines.append(services.LineIn(
            item=str(raw.get("item") or raw.get("food") or ""), quantity=raw.get("quantity"),
            unit=str(raw.get("unit") or ""), unit_price=raw.get("unit_price"),
            unit_weight_g=raw.get("unit_weight_g"), accepted=raw.get("accepted", True) is True,
            reject_reason=str(raw.get("reject_reason") or ""),
            temperature_c=raw.get("temperature_c"), food_code=str(raw.get("food") or "")))
    try:
        day = date.fromisoformat(str(body.get("date")))
    except ValueError:
        day = None
    try:
        delivery = services.create_delivery(
            session, school=school, supplier_id=body.get("supplier"), delivery_date=day,
            invoice_no=str(body.get("invoice_no") or ""), checker=str(body.get("checker") or ""),
            lines=lines, today=clock.today(), user_id=current_user.id)
    except services.ProcurementError as exc:
        session.rollback()
        return refused(exc)
    session.commit()
    return jsonify(delivery_json(delivery, _food_codes(session, [delivery]))), 201


@api.post("/deliveries/<int:delivery_id>/void")
@permission_required("procurement.void")
def void_delivery(delivery_id):
    """Void a delivery ({"reason": "..."}): 409 when it is already void."""
    session = get_session()
    delivery = session.get(Delivery, delivery_id) if delivery_id <= MAX_ID else None
    if delivery is None:
        abort(404)
    school_or_404(session, delivery.school_id)
    body = request.get_json(silent=True)
    reason = body.get("reason") if isinstance(body, dict) else None
    session.commit()  # only read so far: the void below starts its own transaction
    try:
        services.void_delivery(session, delivery, reason if isinstance(reason, str) else "",
                               user_id=current_user.id)
    except services.ProcurementError as exc:
        session.rollback()
        status = 409 if isinstance(exc, services.AlreadyVoid) else 400
        return refused(exc, status)
    session.commit()
    return jsonify(delivery_json(delivery, _food_codes(session, [delivery])))


@api.post("/issues")
@permission_required("procurement.deliver")
def issue():
    """Issue food for a meal: {"school", "date", "meal", "food" (code), "grams", "note"}."""
    session = get_session()
    body = json_object()
    refuse_not_text(body, ("meal", "date", "note", "food"))
    school = _body_school(session, body)
    code = body.get("food")
    food = nutrition.get_food(session, code) if isinstance(code, str) and code.isprintable() \
        and len(code) <= 60 else None
    try:
        day = date.fromisoformat(str(body.get("date")))
    except ValueError:
        day = None
    session.commit()  # only read so far: the issue below starts its own transaction
    try:
        if isinstance(day, date):  # a meal the canteen has not counted is refused
            write_lock_first(session)  # SQLite: the check reads, the issue then writes
            signals.before_api_issue(session, school.id, day, str(body.get("meal") or ""))
        move = services.issue_stock(
            session, school_id=school.id, day=day, meal=str(body.get("meal") or ""),
            food_id=food.id if food else None, grams=body.get("grams"),
            note=str(body.get("note") or "").replace("\x00", ""), user_id=current_user.id)
    except services.ProcurementError as exc:
        session.rollback()
        return refused(exc)
    session.commit()
    grams, value = services.balance(session, school.id, food.id)
    return jsonify({"id": move.id, "school_id": school.id, "food": food.code,
                    "date": day.isoformat(), "meal": move.meal, "grams": str(-move.grams),
                    "value": str(-move.value), "balance_grams": str(grams),
                    "balance_value": str(value)}), 201


def _body_school(session, body):
    school = body.get("school")
    if school is None:
        return _school_arg()
    if not isinstance(school, int) or isinstance(school, bool) or not 0 < school <= MAX_ID:
        abort(400, "school must be a school id (a number)")
    return school_or_404(session, school)


@api.get("/stock")
@permission_required("procurement.view")
def stock():
    school = _school_arg()
    as_of = parse_day(request.args.get("date"), clock.today())
    rows = services.on_hand(get_session(), school.id, as_of)
    return jsonify({"school_id": school.id, "date": as_of.isoformat(), "stock": [
        {"food": r["code"], "name": r["name"], "grams": str(r["grams"]), "value": str(r["value"])}
        for r in rows], "total_value": str(sum((r["value"] for r in rows), money(0)))})


@api.get("/prices")
@permission_required("procurement.view")
def prices():
    session = get_session()
    food = nutrition.get_food(session, request.args.get("food", "")) or abort(404)
    scope, own = user_scope(current_user)
    history = services.price_history(session, food.id, own if scope == "school" else None)
    return jsonify({"food": food.code, "prices": [
        {"school_id": h["school_id"], "school": h["school"], "date": h["date"].isoformat(),
         "per_kg": str(h["per_kg"])} for h in history]})
