"""Public services of the procurement plugin (the API other plugins call): suppliers,
deliveries, the stock ledger and prices. Plain functions over a session; other plugins import
nothing else of procurement but its models."""
from __future__ import annotations

from .deliveries import (LineIn, create_delivery, licence_warnings, map_item, resolve_item,
                         save_supplier, void_delivery)
from .errors import AlreadyVoid, ProcurementError
from .moves import money
from .prices import Price, price_history, price_table, recent_price, recent_prices
from .reports import STATUSES, delivery_page, stock_by_school
from .scope import page_school_id, visible_schools
from .stock import (balance, issue_stock, month_bounds, month_ledger, monthly_totals, on_hand,
                    take_stock)

__all__ = [
    # suppliers and deliveries
    "LineIn", "create_delivery", "licence_warnings", "map_item", "resolve_item",
    "save_supplier", "void_delivery",
    # refusals
    "AlreadyVoid", "ProcurementError",
    # money to the fen
    "money",
    # prices
    "Price", "price_history", "price_table", "recent_price", "recent_prices",
    # county-scale lists
    "STATUSES", "delivery_page", "stock_by_school",
    # the schools a page is about
    "page_school_id", "visible_schools",
    # the stock ledger
    "balance", "issue_stock", "month_bounds", "month_ledger", "monthly_totals", "on_hand",
    "take_stock",
]
