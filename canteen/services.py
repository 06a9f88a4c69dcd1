"""Domain logic of the canteen plugin: plain functions over a session."""
from __future__ import annotations

from .register import month_logs, month_register

__all__: list[str] = [
    "month_logs", "month_register",  # the month's printouts (register.py)
]
