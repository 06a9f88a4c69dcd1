"""Domain logic of the canteen plugin: plain functions over a session."""
from __future__ import annotations

__all__: list[str] = []  # nothing public yet: the plugin is not built
