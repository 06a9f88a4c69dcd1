"""Supplier pages: the list and the edit form."""
from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from nutrition.services import GROUP_LABELS
from suite import clock
from suite.auth import permission_required
from suite.db import get_session
from suite.forms import form_status, save_or_show

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
    supplier = (session.get(Supplier, supplier_id) or abort(404)) \
        if supplier_id is not None else None
    form = SupplierForm(obj=supplier)
    if request.method == "GET" and supplier is not None:
        form.food_groups.data = supplier.group_list
    if form.validate_on_submit():
        saved, _supplier = save_or_show(session, form, services.save_supplier, session,
                                        form.data, supplier, success=_("The supplier was saved."))
        if saved:
            return redirect(url_for("procurement.suppliers"))
    return render_template("procurement/supplier_form.html", form=form,
                           supplier=supplier), form_status(form)
