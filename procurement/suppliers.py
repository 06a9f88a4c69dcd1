"""Suppliers: the credit code and licence checks, saving, and licences about to run out."""
from __future__ import annotations

from datetime import date, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from .codes import credit_code_problem
from .errors import ProcurementError
from .models import Delivery, Supplier


CREDIT_CODE_PROBLEMS = {  # procurement.codes.credit_code_problem -> what the user reads
    "length": _l("The credit code must have 18 characters."),
    "characters": _l("The credit code uses only digits and capital letters other than I, O, "
                     "S, V and Z."),
    "authority": _l("The credit code's first character (the registration authority) must be "
                    "a digit, A, N or Y."),
    "entity": _l("The credit code's second character (the entity type) is not a type of its "
                 "registration authority."),
    "region": _l("The credit code's characters 3 to 8 (the region code) must be digits."),
    "check": _l("The credit code's check character is wrong: please check every character."),
}


def supplier_errors(session: Session, values: dict, supplier: Supplier | None = None) -> dict:
    errors = {}
    code = (values.get("credit_code") or "").strip().upper()
    problem = credit_code_problem(code)
    if problem:
        errors["credit_code"] = str(CREDIT_CODE_PROBLEMS[problem])
    else:
        other = session.scalar(select(Supplier).where(Supplier.credit_code == code))
        if other is not None and other is not supplier:
            errors["credit_code"] = _("Supplier %(name)s already has this credit code.",
                                      name=other.name)
    for field in ("name", "licence_no"):
        if not (values.get(field) or "").strip():
            errors[field] = _("This field is required.")
    if not isinstance(values.get("licence_expiry"), date):
        errors["licence_expiry"] = _("Enter the licence's expiry date.")
    return errors


def save_supplier(session: Session, values: dict, supplier: Supplier | None = None) -> Supplier:
    errors = supplier_errors(session, values, supplier)
    if errors:
        raise ProcurementError(errors)
    if supplier is None:
        supplier = Supplier()
        session.add(supplier)
    supplier.name = values["name"].strip()
    supplier.credit_code = values["credit_code"].strip().upper()
    supplier.licence_no = values["licence_no"].strip()
    supplier.licence_expiry = values["licence_expiry"]
    for field in ("contact", "phone", "notes"):
        setattr(supplier, field, (values.get(field) or "").strip())
    supplier.food_groups = ",".join(values.get("food_groups") or [])
    supplier.approved = bool(values.get("approved"))
    supplier.active = bool(values.get("active", True))
    session.flush()
    return supplier


def licence_warnings(session: Session, today: date, school_id: int | None = None,
                     days: int = 30) -> list[Supplier]:
    """Active suppliers whose licence has expired or expires within `days`; for a school,
    only those that delivered to it in the last 90 days."""
    stmt = select(Supplier).where(Supplier.active.is_(True),
                                  Supplier.licence_expiry <= today + timedelta(days=days))
    if school_id is not None:
        stmt = stmt.where(Supplier.id.in_(select(Delivery.supplier_id).where(
            Delivery.school_id == school_id, Delivery.voided_at.is_(None),
            Delivery.delivery_date >= today - timedelta(days=90))))
    return session.scalars(stmt.order_by(Supplier.licence_expiry)).all()
