"""Domain logic of the subsidy plugin: plain functions over a session. Other plugins and the
plugin's own views, API and CLI call what `__all__` lists."""
from __future__ import annotations

from .inspections import (InspectionError, close_inspection, confirm_inspection,
                          eligible_members, inspections_for, open_findings, record_inspection,
                          record_rectification, team_of)

__all__ = [
    # inspections (检查) and rectification (整改)
    "InspectionError", "record_inspection", "confirm_inspection", "record_rectification",
    "close_inspection", "open_findings", "inspections_for", "team_of", "eligible_members",
]
