"""The roster's refusals: each service raises one of these with messages for the user.

A module of its own so that every service module can raise them without importing another
service module (aid and eligibility used to import each other for `RosterError`)."""
from __future__ import annotations

from suite.errors import ServiceError


class _FieldErrors(ServiceError):
    """Refused input: `errors` maps a field to a message for the user."""


class RosterError(_FieldErrors):
    """Refused change to a student, an aid, a payment or a programme's rule."""


class HouseholdError(_FieldErrors):
    """Refused ledger entry or home visit; the key 'ledger' holds a refusal of the whole
    ledger (signed off, not signed off)."""


class PolicyError(_FieldErrors):
    """Refused aid policy."""


class ReconError(ValueError):
    """The reconciliation cannot run or the change is refused; `problems` are for the user."""

    def __init__(self, problems):
        self.problems = [str(p) for p in problems]
        super().__init__("; ".join(self.problems))
