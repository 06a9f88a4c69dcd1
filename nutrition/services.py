"""Domain logic of the nutrition plugin: plain functions over a session."""
from __future__ import annotations
