"""Public services of the procurement plugin (the API other plugins call): suppliers,
deliveries, the stock ledger and prices. Plain functions over a session."""
from __future__ import annotations

from .deliveries import (AlreadyVoid, LineIn, ProcurementError, create_delivery, licence_warnings,  # noqa
                         map_item, money, resolve_item, save_supplier, void_delivery)
from .prices import Price, price_history, price_table, recent_price, recent_prices  # noqa
from .stock import (balance, issue_stock, month_bounds, month_ledger, monthly_totals,  # noqa
                    on_hand, take_stock)
