"""The ledger's figures of each school's day (`DayCost`), kept up to date as records are
written, so that a county's month reads one row per school and day.

Whenever a session writes a stock move, a meal count or supplied servings, the school and day
are noted (`before_flush`, and ORM bulk statements); when the session commits, those days are
worked out again from the records themselves and written. Working a day out again rather than
adding the change makes the row right whatever was taken back meanwhile (a savepoint rolled
back, a void, a later issue valued again). The rows are written last in the transaction, in
school and day order, after their rows are locked (PostgreSQL): a transaction waiting for
another's rows then reads that one's records once it has committed, and no two transactions
wait for each other. A ledger read in the middle of a transaction settles its own days first.

A meal's food cost is what `canteen.services.meal_costs` gives: the value of the food issued
to it plus a supplied school's servings × contract price. Its teachers' share is
`canteen.services.split_cost`'s: cost × teachers / (students + teachers) half up to the fen,
worked out here in whole fen with integers (SQL gives each meal's cost in whole fen):
  teacher_fen = (2 × cost_fen × teachers + heads) // (2 × heads).
Of the pupils' part, the share of those outside the nutrition plan (who pay for their own
meals, as teachers do) is `canteen.costs.outside_share`'s, likewise:
  outside_fen = (2 × (cost_fen − teacher_fen) × (students − plan) + students) // (2 × students).
"""
from __future__ import annotations

from datetime import date
from functools import cache

from sqlalchemy import BigInteger, bindparam, cast, event, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from canteen.models import MealCount, SuppliedMeal
from procurement.models import StockMove
from suite.models import School
from suite.vocabulary import MEALS

from .models import DayCost

DAY_OF = {StockMove: "move_date", MealCount: "day", SuppliedMeal: "day"}
FIGURES = ("plan_students", "meals", "issued_fen", "supplied_fen", "teacher_fen", "net_fen",
           "adjust_fen", "outside_fen")
PENDING, EVERYTHING = "subsidy.day_costs", "subsidy.day_costs.all"  # keys of session.info
_INSERT = {"postgresql": pg_insert, "sqlite": sqlite_insert}
CHUNK = 500


def whole_fen(col, where=None):
    """SUM(col) in whole fen, of the rows `where` holds (all when None)."""
    total = func.sum(col) if where is None else func.sum(col).filter(where)
    return cast(func.round(total * 100), BigInteger)


@cache
def _statements():
    """Three statements (built once; bound to the school ids, the first and the last day at
    each run), each grouped by school and day, the meals side by side in columns, money in
    whole fen: the stock moves (each meal's issued cost, the net change, adjustments: only
    issues carry a meal), the supplied servings' cost and the meal counts."""
    sm, mc, sup = StockMove, MealCount, SuppliedMeal
    ids, first, last = bindparam("ids", expanding=True), bindparam("first"), bindparam("last")
    moves = select(sm.school_id, sm.move_date, *[
        whole_fen(-sm.value, sm.meal == m) for m in MEALS],
        whole_fen(sm.value), whole_fen(sm.value, sm.kind == "adjust")).where(
        sm.school_id.in_(ids), sm.move_date.between(first, last)).group_by(
        sm.school_id, sm.move_date)
    supplied = select(sup.school_id, sup.day, *[
        whole_fen(sup.cost, sup.meal == m) for m in MEALS]).where(
        sup.school_id.in_(ids), sup.day.between(first, last)).group_by(sup.school_id, sup.day)
    counted = select(mc.school_id, mc.day, func.max(mc.plan_students), func.count(), *[
        func.sum(col).filter(mc.meal == m) for m in MEALS
        for col in (mc.students, mc.teachers, mc.plan_students)]).where(
        mc.school_id.in_(ids), mc.day.between(first, last)).group_by(mc.school_id, mc.day)
    return moves, supplied, counted


def teacher_fen(cost: int, students: int, teachers: int) -> int:
    """canteen.services.split_cost's teachers' share in whole fen: cost × teachers / heads,
    half up (integers, so exact)."""
    return _share_fen(cost, teachers, students + teachers)


def outside_fen(pupils_cost: int, students: int, plan_students: int) -> int:
    """canteen.costs.outside_share in whole fen: the pupils' cost × the pupils outside the
    plan / all pupils, half up."""
    return _share_fen(pupils_cost, students - plan_students, students)


def _share_fen(cost: int, part: int, whole: int) -> int:
    if whole <= 0 or part <= 0:
        return 0
    return (2 * cost * part + whole) // (2 * whole)


def figures(conn, ids, first: date, last: date) -> dict[tuple, tuple]:
    """(school_id, day) -> the FIGURES of every day of these schools from `first` to `last`
    with a stock move, a meal count or supplied servings, from the records themselves."""
    moves, supplied, counted = _statements()
    bound = {"ids": list(ids), "first": first, "last": last}
    issued: dict[tuple, list] = {}
    stock: dict[tuple, tuple] = {}
    for sid, day, *meals, net, adjust in conn.execute(moves, bound).all():
        issued[(sid, day)] = [f or 0 for f in meals]
        stock[(sid, day)] = (net or 0, adjust or 0)
    served = {(sid, day): [f or 0 for f in meals]
              for sid, day, *meals in conn.execute(supplied, bound).all()}
    counts = {(sid, day): (plan or 0, n, heads)
              for sid, day, plan, n, *heads in conn.execute(counted, bound).all()}
    out = {}
    for key in issued.keys() | served.keys() | counts.keys():
        by_issue, by_supply = issued.get(key, [0] * len(MEALS)), served.get(key, [0] * len(MEALS))
        plan, n, heads = counts.get(key, (0, 0, None))
        teacher = outside = 0
        if heads is not None:  # a cost without a count: no heads, no one else's share
            for i, cost in enumerate(a + b for a, b in zip(by_issue, by_supply)):
                students, teachers, planned = (h or 0 for h in heads[3 * i:3 * i + 3])
                if cost:
                    share = teacher_fen(cost, students, teachers)
                    teacher += share
                    outside += outside_fen(cost - share, students, planned)
        net, adjust = stock.get(key, (0, 0))
        out[key] = (plan, n, sum(by_issue), sum(by_supply), teacher, net, adjust, outside)
    return out


def refresh(session: Session, keys) -> int:
    """Work the days `keys` ((school_id, day) pairs) out again and write them (a day without
    records gets zeros); their rows are locked first, in order. Returns how many."""
    keys = sorted(set(keys))
    if not keys:
        return 0
    conn = session.connection()
    table, dialect = DayCost.__table__, conn.dialect.name
    for start in range(0, len(keys), CHUNK):
        part = keys[start:start + CHUNK]
        if dialect == "postgresql":  # one statement makes the missing rows and locks all
            stmt = pg_insert(table)
            conn.execute(stmt.on_conflict_do_update(
                index_elements=["school_id", "day"],
                set_={"school_id": stmt.excluded.school_id}),
                [{"school_id": s, "day": d} for s, d in part])
        found = figures(conn, {s for s, _d in part}, min(d for _s, d in part),
                        max(d for _s, d in part))
        zeros = (0,) * len(FIGURES)
        _upsert(conn, [{"school_id": s, "day": d, **dict(zip(FIGURES, found.get((s, d), zeros)))}
                       for s, d in part])
    return len(keys)


def _upsert(conn, rows: list[dict]) -> None:
    stmt = _INSERT[conn.dialect.name](DayCost.__table__)
    stmt = stmt.on_conflict_do_update(index_elements=["school_id", "day"],
                                      set_={c: stmt.excluded[c] for c in FIGURES})
    conn.execute(stmt, rows)


def stale(session: Session, school_ids=None) -> list[tuple]:
    """The (school_id, day) pairs of these schools (all when None) whose stored figures differ
    from what their records give now (none when the table is right)."""
    conn = session.connection()
    table = DayCost.__table__
    ids = sorted(school_ids) if school_ids is not None else conn.execute(
        select(School.id).order_by(School.id)).scalars().all()
    out, zeros = [], (0,) * len(FIGURES)
    for start in range(0, len(ids), 20):
        part = ids[start:start + 20]
        found = figures(conn, part, date.min, date.max)
        kept = {(s, d): tuple(rest) for s, d, *rest in conn.execute(
            select(table.c.school_id, table.c.day, *[table.c[c] for c in FIGURES])
            .where(table.c.school_id.in_(part)))}
        out += sorted(k for k in found.keys() | kept.keys()
                      if found.get(k, zeros) != kept.get(k, zeros))
    return out


def rebuild(session: Session, school_ids=None) -> int:
    """Work out again every day of these schools (all when None) from their records, and
    write the rows that differ; returns how many differed (0: the table was right)."""
    wrong = stale(session, school_ids)
    refresh(session, wrong)
    return len(wrong)


def settle_pending(session: Session) -> None:
    """Write the days this session changed and has not written yet (a ledger read in the
    middle of a transaction sees its own changes). Inside a savepoint the days stay noted too,
    so that they are written again if the savepoint is rolled back."""
    if not session.info.get(PENDING) and not session.info.get(EVERYTHING):
        return
    session.flush()
    keys, everything = set(session.info.get(PENDING, ())), session.info.get(EVERYTHING)
    if not session.in_nested_transaction():
        session.info.pop(PENDING, None)
        session.info.pop(EVERYTHING, None)
    if everything:
        rebuild(session)
    else:
        refresh(session, keys)


def _note(session: Session, obj) -> None:
    """Note the school and day of a record being written (and its old ones if it moved)."""
    from sqlalchemy import inspect
    column = DAY_OF[type(obj)]
    state = inspect(obj)
    pending = session.info.setdefault(PENDING, set())
    pending.add((obj.school_id, getattr(obj, column)))
    old_school = state.attrs.school_id.history.deleted
    old_day = state.attrs[column].history.deleted
    if old_school or old_day:
        pending.add((old_school[0] if old_school else obj.school_id,
                     old_day[0] if old_day else getattr(obj, column)))


def _before_flush(session: Session, _context, _instances) -> None:
    for obj in (*session.new, *session.dirty, *session.deleted):
        if type(obj) in DAY_OF:
            _note(session, obj)


def _orm_execute(state) -> None:
    """ORM bulk statements: an INSERT of many rows notes their days; an UPDATE or DELETE of
    many rows (no code of the suite writes one) has every day worked out again."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    mapper = state.bind_mapper
    if mapper is None or mapper.class_ not in DAY_OF:
        return
    if state.is_insert and state.parameters:
        params = state.parameters if isinstance(state.parameters, list) else [state.parameters]
        column = DAY_OF[mapper.class_]
        state.session.info.setdefault(PENDING, set()).update(
            (p["school_id"], p[column]) for p in params)
    else:
        state.session.info[EVERYTHING] = True


def _before_commit(session: Session) -> None:
    if not session.in_nested_transaction():
        settle_pending(session)


def _after_transaction_end(session: Session, transaction) -> None:
    if transaction.parent is None:  # committed (written above) or rolled back: nothing left
        session.info.pop(PENDING, None)
        session.info.pop(EVERYTHING, None)


def connect() -> None:
    """Listen to every session (once: listening again is a no-op for the same function)."""
    for name, fn in (("before_flush", _before_flush), ("do_orm_execute", _orm_execute),
                     ("before_commit", _before_commit),
                     ("after_transaction_end", _after_transaction_end)):
        if not event.contains(Session, name, fn):
            event.listen(Session, name, fn)


connect()  # whatever imports the ledger keeps it up to date, with or without an app
