"""Tables of the subsidy plugin (prefix `subsidy_`)."""
from __future__ import annotations
