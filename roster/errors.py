"""The roster's refusals, all `suite.errors.ServiceError`: `errors` maps a form field to a
message for the user ("" for the whole request).

A module of its own so that every service module can raise them without importing another
service module (aid and eligibility used to import each other for `RosterError`)."""
from __future__ import annotations

from suite.errors import ServiceError


class RosterError(ServiceError):
    """Refused change to a student, an aid, a payment or a programme's rule."""


class HouseholdError(ServiceError):
    """Refused ledger entry or home visit; the key 'ledger' holds a refusal of the whole
    ledger (signed off, not signed off)."""


class PolicyError(ServiceError):
    """Refused aid policy."""


class ReconError(ServiceError):
    """The reconciliation cannot run or the change is refused. `problems` lists them for the
    user, one line each (a list file can have many bad rows); `errors` holds them as one
    message of the whole request."""

    def __init__(self, problems):
        self.problems = [str(p) for p in problems]
        super().__init__({"": "\n".join(self.problems)})
