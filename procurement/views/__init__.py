"""HTML pages of the procurement plugin. The blueprint and its whole URL map are here; the
screens live in one module each (deliveries, suppliers, stock and ledger, prices) and import
nothing from this package's __init__, so there is no import loop. `home.py` holds the panel
of the host's home page, named in plugin.py."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from flask import Blueprint

from nutrition.services import GROUP_LABELS
from suite.money import money

from ..forms import UNIT_LABELS, UNIT_SHORT
from . import deliveries, prices, stock, suppliers

# import name "procurement": templates and static files sit beside the package's modules
bp = Blueprint("procurement", "procurement", url_prefix="/procurement",
               template_folder="templates", static_folder="static")

URLS = [  # (rule, view, methods)
    ("/", deliveries.index, ["GET"]),
    ("/deliveries", deliveries.deliveries, ["GET"]),
    ("/deliveries/new", deliveries.delivery_new, ["GET", "POST"]),
    ("/deliveries/<int:delivery_id>", deliveries.delivery_detail, ["GET"]),
    ("/deliveries/<int:delivery_id>/void", deliveries.delivery_void, ["POST"]),
    ("/suppliers", suppliers.suppliers, ["GET"]),
    ("/suppliers/new", suppliers.supplier_edit, ["GET", "POST"]),
    ("/suppliers/<int:supplier_id>/edit", suppliers.supplier_edit, ["GET", "POST"]),
    ("/stock", stock.stock, ["GET"]),
    ("/stocktake", stock.stocktake, ["POST"]),
    ("/ledger", stock.ledger, ["GET"]),
    ("/ledger.xlsx", stock.ledger_xlsx, ["GET"]),
    ("/ledger.pdf", stock.ledger_pdf, ["GET"]),
    ("/prices", prices.prices, ["GET"]),
]
for rule, view, methods in URLS:
    bp.add_url_rule(rule, view_func=view, methods=methods)


@bp.context_processor
def _labels():
    """Labels of this plugin's own pages (blueprint-level: no other page sees them)."""
    return {"unit_labels": UNIT_LABELS, "unit_short": UNIT_SHORT}


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
    return money(Decimal(value) * 1000 / Decimal(grams)) if grams else "—"
