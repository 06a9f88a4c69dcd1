"""Reads repeated within one transaction, answered once: a request that saves a meal asks
"which term holds this day" or "is this month closed" from several services, and each asking
again was a query. A memo lives in `session.info` and is forgotten whenever a transaction or
savepoint ends (a flush's own inner transaction too) and whenever a flush writes a row of the
model it watches, so it never answers what a query would not. Writes through a Core
connection are not heard: none of the suite writes a watched table that way."""
from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session

MEMOS = "suite.memos"  # key of session.info: name -> (watched model, {key: answer})


def transaction_memo(session: Session, name: str, watched: type) -> dict:
    """The memo `name` of this session's transaction: a dict to read and fill. Changes not
    yet flushed are flushed first when the session autoflushes, as the query it saves would."""
    if session.autoflush and (session.new or session.dirty or session.deleted):
        session.flush()
    memos = session.info.setdefault(MEMOS, {})
    if name not in memos:
        memos[name] = (watched, {})
    return memos[name][1]


def _after_flush(session: Session, _context) -> None:
    memos = session.info.get(MEMOS)
    if not memos:
        return
    written = {type(obj) for obj in (*session.new, *session.dirty, *session.deleted)}
    for name, (watched, _answers) in list(memos.items()):
        if any(issubclass(kind, watched) for kind in written):
            del memos[name]


def _orm_execute(state) -> None:
    """A bulk INSERT, UPDATE or DELETE of a watched model forgets its memo; any other
    statement that is not a SELECT (SQL text, which names no model) forgets them all."""
    memos = state.session.info.get(MEMOS)
    if not memos or state.is_select:
        return
    if not (state.is_insert or state.is_update or state.is_delete):
        memos.clear()
        return
    mapper = state.bind_mapper
    for name, (watched, _answers) in list(memos.items()):
        if mapper is None or issubclass(mapper.class_, watched):
            del memos[name]


def forget(session: Session, *_args) -> None:
    """Forget every memo of the session: also after waiting for a row lock, since what was
    read before the wait may have changed while waiting (PostgreSQL reads what committed)."""
    session.info.pop(MEMOS, None)


def connect() -> None:
    """Listen to every session (once; done on import, so that a memo is never used unheard)."""
    for name, fn in (("after_flush", _after_flush), ("do_orm_execute", _orm_execute),
                     ("after_transaction_end", forget), ("after_soft_rollback", forget)):
        if not event.contains(Session, name, fn):
            event.listen(Session, name, fn)


connect()
