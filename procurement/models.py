"""Tables of the procurement plugin (prefix `procurement_`)."""
from __future__ import annotations
