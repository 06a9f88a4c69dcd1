"""What several procurement screens read from the request."""
from __future__ import annotations

from flask import abort, request
from flask_login import current_user

from suite.auth import school_or_404
from suite.models import School

from .. import services


def chosen_school(session, required: bool = False, first: bool = False) -> School | None:
    """The school of the page: ?school= (scoped, 404 if not the user's), the user's own, or
    with `first` the first school the user may see."""
    school_id = services.page_school_id(session, current_user,
                                        request.args.get("school", type=int), first)
    if school_id is None:
        if required:
            abort(404)
        return None
    return school_or_404(session, school_id)
