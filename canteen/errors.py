"""The canteen plugin's refusal: the host's ServiceError (field -> message)."""
from __future__ import annotations

from suite.errors import ServiceError


class CanteenError(ServiceError):
    """Refused canteen input; nothing was saved."""
