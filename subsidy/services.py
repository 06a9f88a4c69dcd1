"""Domain logic of the subsidy plugin: plain functions over a session. Other plugins and the
subsidy's own pages, API and CLI call what `__all__` lists; each name's home:
  month close (月结)       `closing`
"""
from __future__ import annotations

from .closing import (STATUS_LABELS, ClosingError, StaleClose, close_month, differences,
                      is_closed, month_closes, month_status, reopen_month, submit_month)

__all__ = [
    # month close: the school submits, the bureau closes or reopens; a closed month's ledger
    "STATUS_LABELS", "ClosingError", "StaleClose", "close_month", "differences", "is_closed",
    "month_closes", "month_status", "reopen_month", "submit_month",
]
