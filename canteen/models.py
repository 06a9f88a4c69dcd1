"""Tables of the canteen plugin (prefix `canteen_`)."""
from __future__ import annotations
