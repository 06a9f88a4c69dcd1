"""Which school a user's procurement page is about."""
from __future__ import annotations

from sqlalchemy.orm import Session

from suite.auth import user_scope, visible_schools


def page_school_id(session: Session, user, school_id: int | None,
                   first: bool = False) -> int | None:
    """The school a page is about: the one asked for, else a school user's own school, else
    with `first` the first school the user may see. Whether the user may see it is the
    caller's check."""
    scope, own = user_scope(user)
    if school_id is None and scope == "school":
        school_id = own
    if school_id is None and first:
        schools = visible_schools(session, user)
        school_id = schools[0].id if schools else None
    return school_id
