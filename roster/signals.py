"""The roster's signals (blinker). Other plugins subscribe; the roster never imports them.

Convention of the suite: a service sends after it has flushed its changes, with the
SQLAlchemy session as the sender, so a subscriber sees the new rows and may write in the
same transaction (the caller commits or rolls back both). A refused change, a dry run or a
change of nothing sends nothing.

student_enrolment_changed(session, *, school_ids, day, reason)
    Students joined, left or moved between schools, or their roster details changed: the
    eaters and the aided students of these schools may differ from `day` on. The host's
    enrolment figures of these schools are already recomputed when it is sent.
    school_ids: tuple[int, ...]  every school concerned, sorted (both schools of a transfer)
    day: datetime.date           the day the change takes effect
    reason: str                  one of REASONS:
        "import"        an accepted roster import (new, changed and transferred students)
        "graduation"    a student marked graduated
        "withdrawal"    a student marked as having left school
        "re-enrolment"  a graduated or departed student enrolled again
        "edit"          the date of an enrolled student's status corrected
"""
from __future__ import annotations

from blinker import Namespace

REASONS = ("import", "graduation", "withdrawal", "re-enrolment", "edit")

_signals = Namespace()

student_enrolment_changed = _signals.signal("roster.student-enrolment-changed", doc=__doc__)
