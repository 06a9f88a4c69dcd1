"""What the canteen does when other plugins announce a change (their signals)."""
from __future__ import annotations


def connect() -> None:
    """Connect every subscriber once (init_app may run for several apps in one process)."""
