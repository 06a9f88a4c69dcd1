"""Public services of the procurement plugin (the API other plugins call): suppliers,
deliveries, the stock ledger and prices. Plain functions over a session. Other plugins import
procurement only through this module, `procurement.models` and `procurement.signals`."""
from __future__ import annotations

# the food table for plugins that need no more of nutrition (canteen)
from nutrition.services import foods_by_id, get_food

from .deliveries import (LineIn, create_delivery, issues_since, map_item, reject_line,
                         resolve_item, take_back_problem, void_delivery)
from .errors import AlreadyVoid, ProcurementError
from .invoices import invoice_key, invoice_text
from .prices import (LINE_PAID, Price, per_kg, price_history, price_table, recent_price,
                     recent_prices)
from .reports import STATUSES, delivery_lines, delivery_page, stock_by_school
from .scope import page_school_id
from .stock import (balance, issue_stock, month_bounds, month_ledger, monthly_totals, on_hand,
                    take_stock)
from .suppliers import licence_warnings, save_supplier

__all__ = [
    # suppliers
    "licence_warnings", "save_supplier",
    # deliveries
    "LineIn", "create_delivery", "invoice_key", "invoice_text", "issues_since", "map_item",
    "reject_line", "resolve_item", "take_back_problem", "void_delivery",
    # refusals
    "AlreadyVoid", "ProcurementError",
    # prices
    "LINE_PAID", "Price", "per_kg", "price_history", "price_table", "recent_price",
    "recent_prices",
    # county-scale lists
    "STATUSES", "delivery_lines", "delivery_page", "stock_by_school",
    # the school a page is about
    "page_school_id",
    # the stock ledger
    "balance", "issue_stock", "month_bounds", "month_ledger", "monthly_totals", "on_hand",
    "take_stock",
    # foods by id or code
    "foods_by_id", "get_food",
]
