"""Refusals of the procurement services, shared by deliveries and the stock ledger."""
from __future__ import annotations


class ProcurementError(ValueError):
    """Refused input: `errors` maps a field ("lines[2].quantity") to a message for the user."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


class AlreadyVoid(ProcurementError):
    """A second void of the same delivery: nothing was changed."""
