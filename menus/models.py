"""Tables of the menus plugin (prefix `menus_`)."""
from __future__ import annotations
