"""Domain logic of the subsidy plugin: plain functions over a session."""
from __future__ import annotations
