"""An invoice or delivery ticket is entered once. The same supplier's number entered again
(at this school or another) would count the same food, and the same yuan, twice in the
month's ledger; voiding the first delivery is the way to enter it again corrected."""
from __future__ import annotations

import unicodedata

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Delivery, Supplier


def _visible(text: str) -> str:
    """Without the characters that print as nothing (a zero-width space, a word joiner, a
    soft hyphen: Unicode's format characters), which a pasted number can carry."""
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def invoice_text(text: str) -> str:
    """The number as stored: a Chinese input method's full-width letters and digits as
    half-width ("ＮＯ．０１" is "NO.01"), invisible characters dropped, any run of spaces
    or tabs as one space, none around it."""
    return " ".join(_visible(unicodedata.normalize("NFKC", text or "")).split())


def invoice_key(text: str) -> str:
    """The number as compared, kept beside it (`Delivery.invoice_key`): as stored, without
    spaces, case folded ("ß" as "ss"), so every spelling of one number has one key."""
    folded = "".join(invoice_text(text).split()).casefold()
    return unicodedata.normalize("NFKC", folded)


def entered_before(session: Session, supplier: Supplier, school_id: int,
                   invoice_no: str) -> str | None:
    """Why this supplier's `invoice_no` cannot be entered (a delivery not void holds it), or
    None. On PostgreSQL the supplier's row is locked first, so two saves of one number at
    once come one after the other and the second is told (SQLite's saves already do)."""
    session.execute(select(Supplier.id).where(Supplier.id == supplier.id).with_for_update())
    key = invoice_key(invoice_no)  # not empty: a number of nothing was refused before
    held = session.execute(
        select(Delivery.school_id, Delivery.delivery_date).where(
            Delivery.supplier_id == supplier.id, Delivery.invoice_key == key,
            Delivery.voided_at.is_(None))
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
