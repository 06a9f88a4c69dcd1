"""HTML pages of the procurement plugin: suppliers, deliveries, stock, prices, ledgers."""
from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from nutrition.services import GROUP_LABELS
from suite.auth import permission_required, school_filter, school_or_404, user_scope
from suite.db import get_session
from suite.models import School

from . import services
from .forms import SupplierForm, UNIT_LABELS
from .models import Supplier
from suite import clock

bp = Blueprint("procurement", __name__, url_prefix="/procurement", template_folder="templates",
               static_folder="static")


@bp.app_context_processor
def _labels():
    return {"unit_labels": UNIT_LABELS}


@bp.app_template_filter("group_label")
def _group_label(code):
    return GROUP_LABELS.get(code, code)


@bp.app_template_filter("kg")
def _kg(grams) -> Decimal:
    """Grams as kilograms to two places, half up (never through a float)."""
    return (Decimal(grams) / 1000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@bp.app_template_filter("per_kg")
def _per_kg(value, grams) -> Decimal | str:
    """The average price in CNY per kg, half up to the fen; a dash without stock."""
    return services.money(Decimal(value) * 1000 / Decimal(grams)) if grams else "—"


def today() -> date:
    return clock.today()


def chosen_school(session, required: bool = False, first: bool = False) -> School | None:
    """The school of the page: ?school= (scoped, 404 if not the user's), the user's own, or
    with `first` the first school the user may see."""
    school_id = request.args.get("school", type=int)
    scope, own = user_scope(current_user)
    if school_id is None and scope == "school":
        school_id = own
    if school_id is None and first:
        schools = visible_schools(session)
        school_id = schools[0].id if schools else None
    if school_id is None:
        if required:
            abort(404)
        return None
    return school_or_404(session, school_id)


def visible_schools(session) -> list[School]:
    return session.scalars(select(School).where(
        school_filter(current_user, School.id, School.township_id)).order_by(School.code)).all()


def parse_day(text, default=None):
    try:
        return datetime.strptime(text or "", "%Y-%m-%d").date()
    except ValueError:
        return default


def parse_month(text) -> tuple[int, int] | None:
    """(year, month) of "YYYY-MM" (ASCII digits only), else None."""
    text = text or ""
    if len(text) != 7 or text[4] != "-" or not (text[:4] + text[5:]).isascii() \
            or not (text[:4] + text[5:]).isdigit():
        return None
    year, month = int(text[:4]), int(text[5:])
    return (year, month) if 2000 <= year <= 2100 and 1 <= month <= 12 else None


@bp.route("/")
@permission_required("procurement.view")
def index():
    return redirect(url_for("procurement.deliveries"))


@bp.route("/suppliers")
@permission_required("procurement.view")
def suppliers():
    rows = get_session().scalars(select(Supplier).order_by(Supplier.approved.desc(),
                                                           Supplier.name)).all()
    return render_template("procurement/suppliers.html", suppliers=rows, today=today(),
                           group_labels=GROUP_LABELS)


@bp.route("/suppliers/new", methods=["GET", "POST"])
@bp.route("/suppliers/<int:supplier_id>/edit", methods=["GET", "POST"])
@permission_required("procurement.suppliers")
def supplier_edit(supplier_id=None):
    session = get_session()
    supplier = (session.get(Supplier, supplier_id) or abort(404)) if supplier_id else None
    form = SupplierForm(obj=supplier)
    if request.method == "GET" and supplier is not None:
        form.food_groups.data = supplier.group_list
    if form.validate_on_submit():
        try:
            services.save_supplier(session, form.data, supplier)
        except services.ProcurementError as exc:
            session.rollback()
            for field, message in exc.errors.items():
                getattr(form, field).errors.append(message)
        else:
            session.commit()
            flash(_("The supplier was saved."), "success")
            return redirect(url_for("procurement.suppliers"))
    status = 400 if request.method == "POST" and form.errors else 200
    return render_template("procurement/supplier_form.html", form=form,
                           supplier=supplier), status


from . import views_deliveries, views_stock  # noqa: E402,F401
