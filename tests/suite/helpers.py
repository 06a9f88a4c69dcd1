"""Helpers shared by the host's tests: the data of the school form as a browser posts it."""
from __future__ import annotations


def school_form(school, **overrides):
    """The edit form of `school` filled with its current values, then `overrides`."""
    data = {"code": school.code, "name": school.name, "township_id": str(school.township_id),
            "kind": school.kind, "supply_mode": school.supply_mode, "rural": "y",
            "in_plan": "y", "active": "y"}
    data.update(overrides)
    return data
