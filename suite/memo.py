"""Reads repeated within one transaction, answered once: a request that saves a meal asks
"which term holds this day" or "is this month closed" from several services, and each asking
again was a query. A memo lives in `session.info` and is forgotten whenever anything is
written (a flush, a bulk or SQL-text statement), whenever a transaction or savepoint ends,
and after a row lock is waited for (`forget`): between two writes nothing the session itself
does can change the answer. Writes through a Core connection are not heard: none of the
suite writes a remembered table that way."""
from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session

MEMOS = "suite.memos"  # key of session.info: (name, key) -> answer


def once_per_transaction(session: Session, name: str, key, read):
    """`read()`'s answer for (`name`, `key`), read at most once between two writes. Changes
    not yet flushed are flushed first when the session autoflushes, as the query would."""
    if session.autoflush and (session.new or session.dirty or session.deleted):
        session.flush()
    memos = session.info.setdefault(MEMOS, {})
    if (name, key) not in memos:
        memos[(name, key)] = read()
    return memos[(name, key)]


def forget(session: Session, *_args) -> None:
    """Forget every memo of the session: also after waiting for a row lock, since what was
    read before the wait may have changed while waiting (PostgreSQL reads what committed)."""
    session.info.pop(MEMOS, None)


def _orm_execute(state) -> None:
    if not state.is_select:  # a bulk write or SQL text: it may change any answer
        forget(state.session)


def connect() -> None:
    """Listen to every session (once; done on import, so that a memo is never used unheard)."""
    for name, fn in (("after_flush", forget), ("do_orm_execute", _orm_execute),
                     ("after_transaction_end", forget), ("after_soft_rollback", forget)):
        if not event.contains(Session, name, fn):
            event.listen(Session, name, fn)


connect()
