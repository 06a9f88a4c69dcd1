"""Helpers shared by the procurement tests: row counts, delivery form data and readers of the
rendered pages (tables and the errors next to a field)."""
from __future__ import annotations

import html
import io
import re

import openpyxl
from sqlalchemy import func, select

from canteen import services as canteen
from procurement.models import Delivery, DeliveryLine, StockMove

from ..factories import TODAY

URL = "/api/v1/procurement"


def counts(db, *models):
    """Row counts of `models` (deliveries, their lines and stock moves by default), seen
    afresh."""
    db.expire_all()
    return tuple(db.scalar(select(func.count()).select_from(m))
                 for m in (models or (Delivery, DeliveryLine, StockMove)))


def line(item, quantity, unit, price, accepted=True, **extra):
    return {"item": item, "quantity": quantity, "unit": unit, "unit_price": price, **extra,
            **({"accepted": "y"} if accepted else {})}


def delivery_form(supplier_id, lines, day="2026-11-02", invoice="FP-2026-118"):
    data = {"supplier_id": str(supplier_id), "delivery_date": day, "invoice_no": invoice,
            "checker": "王老师"}
    for i, values in enumerate(lines):
        data.update({f"lines-{i}-{k}": v for k, v in values.items()})
    for i in range(len(lines), 6):  # a browser also posts the six rows' unit and checkbox
        data.update({f"lines-{i}-unit": "kg", f"lines-{i}-accepted": "y"})
    return data


def field_errors(page, name):
    """The error messages rendered next to the form field called `name`."""
    for block in re.findall(r'<div class="field[^"]*">(.*?)</div>', page, re.S):
        if f'name="{name}"' in block:
            return re.findall(r'<p class="error" role="alert">(.*?)</p>', block, re.S)
    raise AssertionError(f"no field {name} on the page")


def table_rows(page):
    """Each table row of a page as the list of its cells' text."""
    return [[" ".join(re.sub(r"<[^>]+>", " ", c).split())
             for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", page, re.S)]


def row_of(page, first):
    (row,) = [r for r in table_rows(page) if r and r[0] == first]
    return row


def counted(db, school_id, day, meal="lunch", today=None):
    """A meal counted (one boy and one girl of grade 1), committed: food is only issued
    through the procurement API to a meal the canteen counted."""
    canteen.save_counts(db, school_id=school_id, day=day, meal=meal, grades={1: (1, 1)},
                        teachers=0, today=today or TODAY)
    db.commit()


def text(response):
    return html.unescape(response.get_data(as_text=True))


def xlsx_rows(response):
    return [list(r) for r in openpyxl.load_workbook(io.BytesIO(response.data)).active
            .iter_rows(values_only=True)]
