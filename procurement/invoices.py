"""An invoice or delivery ticket is entered once. The same supplier's number entered again
(at this school or another) would count the same food, and the same yuan, twice in the
month's ledger; voiding the first delivery is the way to enter it again corrected."""
from __future__ import annotations

import unicodedata

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .models import Delivery, Supplier


def invoice_text(text: str) -> str:
    """The number as stored: a Chinese input method's full-width letters and digits as
    half-width ("ＮＯ．０１" is "NO.01"), any run of spaces or tabs as one space, none
    around it."""
    return " ".join(unicodedata.normalize("NFKC", text or "").split())


def invoice_key(text: str) -> str:
    """The number as compared: as stored, without spaces, letters in upper case."""
    return "".join(invoice_text(text).split()).upper()


def entered_before(session: Session, supplier: Supplier, school_id: int,
                   invoice_no: str) -> str | None:
    """Why this supplier's `invoice_no` cannot be entered (a delivery not void holds it), or
    None. On PostgreSQL the supplier's row is locked first, so two saves of one number at
    once come one after the other and the second is told (SQLite's saves already do)."""
    session.execute(select(Supplier.id).where(Supplier.id == supplier.id).with_for_update())
    key = invoice_key(invoice_no)
    if not key:
        return None
    held = session.execute(
        select(Delivery.school_id, Delivery.delivery_date).where(
            Delivery.supplier_id == supplier.id, Delivery.voided_at.is_(None),
            func.upper(func.replace(Delivery.invoice_no, " ", "")) == key)
        .order_by(Delivery.school_id != school_id, Delivery.delivery_date)).first()
    if held is None:
        return None
    number = invoice_text(invoice_no)
    if held.school_id == school_id:
        return _("Invoice %(number)s of %(supplier)s is already entered on the delivery of "
                 "%(day)s. An invoice is entered once: to correct that delivery, void it and "
                 "enter it again.", number=number, supplier=supplier.name,
                 day=held.delivery_date.isoformat())
    return _("Invoice %(number)s of %(supplier)s is already entered by another school. An "
             "invoice is entered once: if the supplier gave the same number twice, tell the "
             "education bureau.", number=number, supplier=supplier.name)
