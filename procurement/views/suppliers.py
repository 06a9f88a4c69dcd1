"""Supplier pages: the list and the edit form."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from nutrition.services import GROUP_LABELS
from suite import clock
from suite.auth import permission_required
from suite.db import get_session

from .. import services
from ..forms import SupplierForm
from ..models import Supplier


@permission_required("procurement.view")
def suppliers():
    rows = get_session().scalars(select(Supplier).order_by(Supplier.approved.desc(),
                                                           Supplier.name)).all()
    return render_template("procurement/suppliers.html", suppliers=rows, today=clock.today(),
                           group_labels=GROUP_LABELS)


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
