"""Writes that two people can race, started the same way on every database."""
from __future__ import annotations

from contextlib import contextmanager

from flask_babel import gettext as _
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .errors import CanteenError


def write_lock_first(session: Session) -> None:
    """On SQLite take the database's write lock before anything is read, so two saves run one
    after the other instead of one failing with "database is locked" when it upgrades its read
    lock. PostgreSQL needs no such lock: row locks, the version check and unique indexes
    refuse the second of two racing saves."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("UPDATE canteen_meal_count SET version = version WHERE 0"))


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
