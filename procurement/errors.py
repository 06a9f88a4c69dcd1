"""Refusals of the procurement services, shared by deliveries and the stock ledger."""
from __future__ import annotations

from suite.errors import ServiceError


class ProcurementError(ServiceError):
    """Refused input: `errors` maps a field ("lines[2].quantity") to a message for the user."""


class AlreadyVoid(ProcurementError):
    """A second void of the same delivery: nothing was changed."""
