"""A school's dietary rule: 清真 (halal) and the dish tags its canteen avoids (allergies,
spicy food). The suggestion never offers a dish with a banned tag (menus.tags.banned_tags)."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from suite.listing import join_items
from suite.models import School

from .dishes import MenuError
from .models import SchoolRule
from .tags import TAGS

NOTE_MAX = 500


def _plain(rule: SchoolRule | None) -> dict:
    if rule is None:
        return {"halal": False, "avoid": [], "note": ""}
    return {"halal": bool(rule.halal), "avoid": [t for t in TAGS if t in (rule.avoid or ())],
            "note": rule.note or ""}


def school_rule(session: Session, school_id: int) -> dict:
    """{"halal": bool, "avoid": [tag, …] in the order of TAGS, "note": str}; a school without
    a rule has none: {"halal": False, "avoid": [], "note": ""}."""
    return _plain(session.get(SchoolRule, school_id))


def school_rules(session: Session, school_ids) -> dict[int, dict]:
    """school id -> its rule (as school_rule), for many schools in one query."""
    ids = list(set(school_ids))
    rows = {r.school_id: r for r in session.scalars(
        select(SchoolRule).where(SchoolRule.school_id.in_(ids)))} if ids else {}
    return {i: _plain(rows.get(i)) for i in ids}


def set_school_rule(session: Session, school_id: int, *, halal: bool, avoid, note: str,
                    user_id: int | None) -> None:
    """Set a school's rule (audited); refuses an unknown tag or a note over 500 characters,
    changing nothing. Setting what is already there writes nothing."""
    avoid = list(avoid or ())
    note = (note or "").strip()
    errors = {}
    unknown = [str(t) for t in avoid if t not in TAGS]
    if unknown:
        errors["avoid"] = _("Unknown tag: %(tag)s.", tag=join_items(unknown))
    if len(note) > NOTE_MAX:
        errors["note"] = _("The note is at most %(n)d characters.", n=NOTE_MAX)
    if session.get(School, school_id) is None:
        errors["school_id"] = _("Unknown school.")
    if errors:
        raise MenuError(errors)
    wanted = {"halal": bool(halal), "avoid": [t for t in TAGS if t in avoid], "note": note}
    rule = session.get(SchoolRule, school_id)
    if rule is not None and _plain(rule) == wanted:
        return
    if rule is None:
        rule = SchoolRule(school_id=school_id)
        session.add(rule)
    rule.halal, rule.avoid, rule.note = wanted["halal"], wanted["avoid"], wanted["note"]
    rule.updated_by = user_id
    session.flush()
