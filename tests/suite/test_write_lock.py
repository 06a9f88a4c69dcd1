"""suite.db.write_lock_first when the caller already read in its transaction and another
save committed since: SQLite refuses that snapshot the write lock at once ("database is
locked", no busy wait). The transaction had written nothing, so it starts again and takes
the lock, and the save goes through with what is there now. Two sessions on a committed
database (SQLite, or PostgreSQL with TEST_DATABASE_URL, where no lock is taken)."""
from __future__ import annotations

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from suite.db import make_engine, write_lock_first
from suite.models import County
from tests.live import new_database


@pytest.fixture
def two(tmp_path):
    engine = make_engine(new_database(tmp_path))
    with Session(engine) as setup:
        setup.add(County(code="350100", name="甲县"))
        setup.commit()
    first, second = Session(engine), Session(engine)
    yield first, second
    first.close()
    second.close()
    engine.dispose()


def _rename(session, name):
    session.execute(text("UPDATE suite_county SET name = :n WHERE code = '350100'"), {"n": name})


def test_a_save_after_a_read_from_a_stale_snapshot_goes_through(two):
    first, second = two
    county = first.scalar(select(County))  # the page read the county: a snapshot
    assert county.name == "甲县"
    write_lock_first(second)
    _rename(second, "乙县")
    second.commit()  # another save committed since that snapshot
    write_lock_first(first)
    first.execute(text("UPDATE suite_county SET name = name || '（改）'"))
    first.commit()
    assert second.scalar(select(County.name)) == "乙县（改）"  # both saves, one after the other


def test_a_transaction_that_has_pending_changes_is_not_rolled_back(two):
    first, second = two
    if first.get_bind().dialect.name != "sqlite":
        pytest.skip("PostgreSQL takes no database lock")
    first.scalar(select(County))
    _rename(second, "乙县")
    second.commit()
    first.add(County(code="350200", name="丙县"))  # not yet written: it would be lost
    with pytest.raises(OperationalError, match="locked"):
        write_lock_first(first)
    first.rollback()
    assert second.scalar(select(County.name).where(County.code == "350200")) is None
