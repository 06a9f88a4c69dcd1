"""Delivery pages: list, entry form (phone first), detail, void."""
from __future__ import annotations

from datetime import timedelta

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from nutrition import services as nutrition
from suite import clock
from suite.auth import permission_required, school_filter, school_or_404, visible_schools
from suite.db import get_session
from suite.forms import options, save_or_show
from suite.listing import join_sentences
from suite.models import School
from suite.params import parse_day, parse_month

from .. import services
from ..forms import DeliveryForm, VoidForm
from ..models import Delivery, Supplier
from .common import chosen_school


@permission_required("procurement.view")
def index():
    return redirect(url_for("procurement.deliveries"))


@permission_required("procurement.view")
def deliveries():
    session = get_session()
    school = chosen_school(session)
    suppliers = session.scalars(select(Supplier).order_by(Supplier.name)).all()
    supplier = request.args.get("supplier", type=int)
    supplier = supplier if supplier in {s.id for s in suppliers} else None
    month = parse_month(request.args.get("month"))
    if month:
        start, end = services.month_bounds(*month)
    else:
        start = parse_day(request.args.get("from"), clock.today() - timedelta(days=31))
        end = parse_day(request.args.get("to"), clock.today())
    status = request.args.get("status", "")
    status = status if status in services.STATUSES else ""
    result = services.delivery_page(
        session, school_filter(current_user, Delivery.school_id),
        school_id=school.id if school else None, supplier_id=supplier, start=start, end=end,
        status=status, page=request.args.get("page", 1, type=int),
        size=current_app.config["PAGE_SIZE"])
    filters = {k: v for k, v in {
        "school": school.id if school else None, "supplier": supplier, "status": status,
        "month": "%d-%02d" % month if month else None,
        "from": None if month else start.isoformat(),
        "to": None if month else end.isoformat()}.items() if v}
    return render_template("procurement/deliveries.html", result=result, school=school,
                           schools=visible_schools(session, current_user), suppliers=suppliers,
                           supplier=supplier, start=start, end=end, status=status,
                           month=filters.get("month", ""), filters=filters,
                           size=current_app.config["PAGE_SIZE"],
                           warnings=services.licence_warnings(
                               session, clock.today(), school.id if school else None))


def _supplier_choices(session):
    rows = session.scalars(select(Supplier).where(Supplier.active.is_(True))
                           .order_by(Supplier.approved.desc(), Supplier.name))
    return options([(0, "—")] + [(s.id, s.name + ("" if s.approved else " *")) for s in rows])


def _filled(line) -> bool:
    return bool(line.item.data or line.quantity.data or line.unit_price.data is not None)


def _line_ins(form) -> list[services.LineIn]:
    lines = []
    for entry in form.lines.entries:
        f = entry.form
        if not _filled(f):
            continue
        lines.append(services.LineIn(
            item=f.item.data or "", quantity=f.quantity.data, unit=f.unit.data,
            unit_price=f.unit_price.data, unit_weight_g=f.unit_weight_g.data,
            accepted=f.accepted.data, reject_reason=f.reject_reason.data or "",
            temperature_c=f.temperature_c.data, food_code=f.food_code.data or ""))
    return lines


def _show_errors(form, errors: dict, filled: list[int]) -> list[str]:
    """Put service errors next to their fields (line k is the k-th filled form row);
    returns the errors that belong to no field."""
    general = []
    for key, message in errors.items():
        if key.startswith("lines[") and "]." in key:
            k, field = key[6:].split("].", 1)
            getattr(form.lines.entries[filled[int(k)]].form, field).errors.append(message)
        elif hasattr(form, key) and key != "lines":
            getattr(form, key).errors.append(message)
        else:
            general.append(message)
    return general


def _food_choices(session, form) -> None:
    """Rows whose item the table does not know get a choice of candidate foods."""
    for entry in form.lines.entries:
        f = entry.form
        f.food_code.choices = []
        if f.item.data and services.resolve_item(session, f.item.data) is None:
            _food, candidates = nutrition.resolve_food(session, f.item.data)
            if not candidates:  # the same search as the pickers; a ticket's word may be odd
                candidates, _n = nutrition.search_foods(session, f.item.data, limit=30,
                                                        include_hidden=False)
            f.food_code.choices = options([("", _("— choose the food —"))] + [
                (c.code, f"{c.name} ({c.code})") for c in candidates])


@permission_required("procurement.deliver")
def delivery_new():
    session = get_session()
    school = chosen_school(session, required=True)
    form = DeliveryForm()
    form.supplier_id.choices = _supplier_choices(session)
    if request.method == "GET":
        form.delivery_date.data = clock.today()
    _food_choices(session, form)
    general = []
    if form.validate_on_submit():
        lines = _line_ins(form)
        filled = [i for i, e in enumerate(form.lines.entries) if _filled(e.form)]
        try:
            delivery = services.create_delivery(
                session, school=school, supplier_id=form.supplier_id.data,
                delivery_date=form.delivery_date.data, invoice_no=form.invoice_no.data or "",
                checker=form.checker.data or "", lines=lines, today=clock.today(),
                user_id=current_user.id)
        except services.ProcurementError as exc:
            # not save_or_show: "lines[k].field" errors go to the k-th filled row, and the
            # rest are shown above the form rather than flashed
            session.rollback()
            general = _show_errors(form, exc.messages(), filled)
        else:
            session.commit()
            flash(_("Delivery saved: %(total)s CNY.", total=delivery.total), "success")
            return redirect(url_for("procurement.delivery_detail", delivery_id=delivery.id))
    status = 400 if request.method == "POST" else 200
    return render_template("procurement/delivery_form.html", form=form, school=school,
                           general=general), status


def _delivery_or_404(session, delivery_id) -> Delivery:
    delivery = session.get(Delivery, delivery_id)
    if delivery is None:
        abort(404)
    school_or_404(session, delivery.school_id)  # another school's delivery: 404
    return delivery


@permission_required("procurement.view")
def delivery_detail(delivery_id):
    session = get_session()
    delivery = _delivery_or_404(session, delivery_id)
    foods = {f.id: f for f in nutrition.foods_by_id(session, [ln.food_id for ln in
                                                               delivery.lines])}
    return render_template("procurement/delivery.html", delivery=delivery, foods=foods,
                           school=session.get(School, delivery.school_id), void_form=VoidForm(),
                           issues_since=services.issues_since(session, delivery),
                           void_problem=None if delivery.voided_at else
                           services.take_back_problem(session, delivery))


@permission_required("procurement.void")
def delivery_void(delivery_id):
    session = get_session()
    delivery = _delivery_or_404(session, delivery_id)
    form = VoidForm()
    if form.validate_on_submit():
        revalued = services.issues_since(session, delivery)
        session.commit()  # only read so far: the void below starts its own transaction
        # no form on the page it returns to: a refusal is flashed
        done = _("The delivery was voided and its goods taken out of stock.")
        if revalued:
            done = join_sentences((done, _revalued(revalued, delivery.delivery_date)))
        save_or_show(session, None, services.void_delivery, session, delivery, form.reason.data,
                     user_id=current_user.id, success=done)
    else:
        flash(_("Give the reason for voiding."), "error")
    return redirect(url_for("procurement.delivery_detail", delivery_id=delivery_id))


def _revalued(count: int, day) -> str:
    return _("Issues of its food to meals since %(day)s, worked out again without it: %(num)d.",
             day=day.isoformat(), num=count)
