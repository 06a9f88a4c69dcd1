"""Tables of the roster plugin (prefix `roster_`)."""
from __future__ import annotations
