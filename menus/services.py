"""Domain logic of the menus plugin: plain functions over a session."""
from __future__ import annotations
