"""Words for what the audit log stores besides a column's value: notes the system writes, who
acted when no user did, records named by a word instead of an id, the counts of a bulk load,
and a flag's record key ("2026-11-20|lunch"). Stored as codes in English, shown in the
reader's language."""
from __future__ import annotations

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .vocabulary import MEAL_LABELS

# notes written with a number: stored as the code and the number ("…|120")
SUPPLEMENTARY_EXPORTED = "supplementary list exported with full ID numbers"
REGISTRATION_EXPORTED = "registration layout exported with full ID numbers"
# notes the system writes -> label
NOTE_LABELS = {
    'full ID number and phone shown': _l('full ID number and phone shown'),
    'export with full ID numbers': _l('export with full ID numbers'),
    'built-in foods loaded': _l('built-in foods loaded'),
    SUPPLEMENTARY_EXPORTED: _l('Supplementary aid list exported with full ID numbers'),
}
# the actor of an entry made without a user (acting_as(None, name))
ACTOR_LABELS = {"anonymous": _l("Anonymous visitor"), "system": _l("System"),
                "demo": _l("Demo data"), "cli": _l("Command line"), "bench": _l("Benchmark")}
# (record type, record id) of entries about a whole set of records
RECORD_ID_LABELS = {
    ("nutrition_food", "builtin"): _l("The built-in food table"),
    ("roster_student", "registration-export"): _l("The roster in the registration layout"),
}
# the counts of a bulk load (nutrition.book_sync)
COUNT_LABELS = {"book_added": _l("Foods of the book added"),
                "builtin_added": _l("Other built-in foods added"),
                "book_filled": _l("Rows given the book's values"),
                "renamed": _l("Rows renamed as estimates")}
LOCALE_LABELS = {"zh_Hans_CN": _l("Chinese"), "en": _l("English")}


def note_text(code: str, n: int | None = None) -> str:
    """The note as stored: a code (a key of NOTE_LABELS or REGISTRATION_EXPORTED), with its
    number after "|"; shown in the reader's language by `note_label`, never the writer's."""
    return code if n is None else f"{code}|{int(n)}"


def note_label(note: str) -> str:
    """A stored note in the reader's language; a note of other words (a user's reason, or
    one stored before notes were codes) as it was written."""
    if note in NOTE_LABELS:
        return str(NOTE_LABELS[note])
    code, _bar, n = note.partition("|")
    if code == REGISTRATION_EXPORTED and re.fullmatch(r"[0-9]{1,9}", n):
        return _("Roster exported in the registration layout with full ID numbers (%(n)d "
                 "students)", n=int(n))
    return note


def record_id_label(record_type: str, record_id: str) -> str | None:
    """The name of a record known by a word, not an id (None for any other)."""
    if (record_type, record_id) in RECORD_ID_LABELS:
        return str(RECORD_ID_LABELS[(record_type, record_id)])
    head, _sep, year = record_id.partition("/")
    if record_type == "roster_household_child" and head == "supplementary" and year.isdigit():
        return _("The supplementary aid list of %(year)s", year=year)
    return None


def record_key_label(value: str) -> str:
    """A flag's record key: a day, a meal, a food code, joined by "|" ("2026-11-20|lunch")."""
    return " ".join(str(MEAL_LABELS.get(part, part)) for part in value.split("|"))
