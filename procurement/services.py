"""Domain logic of the procurement plugin: plain functions over a session."""
from __future__ import annotations
