"""Company- and family-supplied meals: the servings delivered for a meal, and the catering
contracts with their price per serving."""
from __future__ import annotations

from flask import abort, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from procurement.models import Supplier
from suite import clock
from suite.auth import has_permission, permission_required, school_filter, visible_schools
from suite.db import get_session
from suite.errors import ServiceError
from suite.forms import form_status, save_or_show
from suite.models import School
from suite.vocabulary import AGE_BANDS

from .. import services
from ..forms import ContractForm, SuppliedForm, band_field
from ..issuing import band_servings, meal_count
from ..models import SuppliedMeal, SupplyContract
from .issues import meal_or_404


def _suppliers(session):
    return [(s.id, s.name) for s in session.scalars(
        select(Supplier).where(Supplier.active.is_(True)).order_by(Supplier.name))]


@permission_required("canteen.view")
def supplied(school_id, day, meal):
    session, school, day = meal_or_404(school_id, day, meal)
    record, count = _record(session, school, day, meal)
    served = {ln.age_band: ln.servings for ln in record.lines} if record else \
        (band_servings(session, count) if count else {})
    form = SuppliedForm(formdata=None, data={
        "supplier_id": record.supplier_id if record else None,
        "slip_no": record.slip_no if record else "",
        **{band_field(b): served.get(b, "") for b in AGE_BANDS}})
    return _page(session, school, day, meal, form)


@permission_required("canteen.record")
def save_supplied(school_id, day, meal):
    session, school, day = meal_or_404(school_id, day, meal)
    form = SuppliedForm()
    form.supplier_id.choices = _suppliers(session)
    if form.validate_on_submit():
        servings = {b: form[band_field(b)].data.strip() for b in AGE_BANDS
                    if (form[band_field(b)].data or "").strip()}
        form_errors = {f"servings[{b}]": band_field(b) for b in AGE_BANDS}
        saved, _result = save_or_show(
            session, form, _save, session, form_errors, school_id=school.id, day=day,
            meal=meal, supplier_id=form.supplier_id.data, slip_no=form.slip_no.data or "",
            servings_by_band=servings, user_id=current_user.id, today=clock.today(),
            success=_("Delivered servings saved."))
        if saved:
            return redirect(url_for("canteen.supplied", school_id=school.id,
                                    day=day.isoformat(), meal=meal))
    return _page(session, school, day, meal, form)


def _record(session, school, day, meal):
    record = session.scalar(select(SuppliedMeal).where(
        SuppliedMeal.school_id == school.id, SuppliedMeal.day == day, SuppliedMeal.meal == meal))
    return record, meal_count(session, school.id, day, meal)


def _page(session, school, day, meal, form):
    record, count = _record(session, school, day, meal)
    form.supplier_id.choices = _suppliers(session)
    counted = count.students + count.teachers if count else None
    return render_template(
        "canteen/supplied.html", school=school, day=day, meal=meal, form=form, count=count,
        record=record, bands=[(b, form[band_field(b)]) for b in AGE_BANDS],
        lines=sorted(record.lines, key=lambda ln: AGE_BANDS.index(ln.age_band)) if record
        else [],
        flags=services.supply_flags(record, counted) if record else [],
        labels=services.MISSING_LABELS,
        cost=services.meal_costs(session, school.id, day, day).get((day, meal)),
        can_record=has_permission(current_user, "canteen.record")), form_status(form)


def _save(session, field_names, **kwargs):
    """The service, with its per-band messages put on the band's field."""
    try:
        return services.save_supplied_meal(session, **kwargs)
    except ServiceError as exc:  # the canteen's refusal, or a closed month's
        raise services.CanteenError({field_names.get(k, k): v for k, v in exc.errors.items()})


@permission_required("canteen.contracts")
def contracts():
    session = get_session()
    rows = session.execute(
        select(SupplyContract, School, Supplier)
        .join(School, School.id == SupplyContract.school_id)
        .join(Supplier, Supplier.id == SupplyContract.supplier_id)
        .where(school_filter(current_user, School.id, School.township_id))
        .order_by(School.code, SupplyContract.meal, SupplyContract.start_date)).all()
    return render_template("canteen/contracts.html", rows=rows)


@permission_required("canteen.contracts")
def new_contract():
    session = get_session()
    form = ContractForm()
    form.school_id.choices = [(s.id, f"{s.name}") for s in visible_schools(session, current_user)
                              if s.supply_mode != "canteen"]
    form.supplier_id.choices = _suppliers(session)
    if form.validate_on_submit():
        if form.school_id.data not in dict(form.school_id.choices):
            abort(404)  # not a supplied school this user may see
        saved, _contract = save_or_show(
            session, form, services.save_contract, session, school_id=form.school_id.data,
            supplier_id=form.supplier_id.data, meal=form.meal.data,
            age_band=form.age_band.data or None, start_date=form.start_date.data,
            end_date=form.end_date.data, price_per_serving=form.price_per_serving.data,
            contract_no=form.contract_no.data or "", success=_("Contract saved."))
        if saved:
            return redirect(url_for("canteen.contracts"))
    return render_template("canteen/contract_form.html", form=form), form_status(form)
