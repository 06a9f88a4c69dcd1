"""Domain logic of the roster plugin: plain functions over a session."""
from __future__ import annotations
