"""Writes that two people can race, started the same way on every database."""
from __future__ import annotations

from contextlib import contextmanager

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from suite.db import write_lock_first  # noqa: F401 canteen's saves start with it

from .errors import CanteenError


@contextmanager
def one_record(session: Session):
    """Write a record that exists once per school, day and meal (or worker and day): when
    another request created it between our read and our write, the unique index refuses ours
    and the user is asked to reload instead of getting a server error."""
    try:
        with session.begin_nested():
            yield
            session.flush()
    except IntegrityError:
        raise CanteenError({"": _("Someone saved this record at the same moment: reload the "
                                  "page and check it.")}) from None
