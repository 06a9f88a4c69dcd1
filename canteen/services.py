"""Domain logic of the canteen plugin: plain functions over a session."""
from __future__ import annotations
