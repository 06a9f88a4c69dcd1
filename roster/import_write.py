"""The roster import's writing step: new, changed and transferred students and their family
members in bulk statements (5,000 rows a statement), inside the caller's transaction."""
from __future__ import annotations

from sqlalchemy import delete, func, insert, select, update

from .models import Guardian, SchoolHistory, Student

CHUNK = 5000
WHOLE_ROSTER_FACTOR = 4  # read the roster whole when it has at most 4 pupils per key looked up
GUARDIAN_COLUMNS = ("position", "name", "relation", "is_guardian", "document_type", "id_number",
                    "phone")


def existing_students(session, fields, rows) -> dict:
    """student_no -> row of the fields, with the school and the documents that identify the
    pupil whatever the file holds, of the pupils the file's checked `rows` may touch: by
    student number, ID number or document number (`pupils_by_keys`). Reading a province's
    million pupils for a county's file made its import grow with the others."""
    always = ("school_id", "id_number", "document_type", "document_number")
    query = select(Student.id, Student.student_no, Student.status_date,
                   *[getattr(Student, f) for f in dict.fromkeys((*always, *fields))])
    return {r.student_no: r for r in pupils_by_keys(session, query, [
        (Student.student_no, {v["student_no"] for v in rows}),
        (Student.id_number, {v["id_number"] for v in rows if v["id_number"]}),
        (Student.document_number, {v["document_number"] for v in rows
                                   if v.get("document_number")})])}


def pupils_by_keys(session, query, keys) -> list:
    """The rows of `query` (over the roster's pupils) whose column holds one of its wanted
    values, for each (column, wanted values) of `keys`: indexed IN lookups of CHUNK values,
    or the query whole, in one statement, when the roster has at most WHOLE_ROSTER_FACTOR
    pupils per value looked up (an empty or a county-sized roster). A row may come twice."""
    if session.scalar(select(func.count(Student.id))) <= \
            WHOLE_ROSTER_FACTOR * sum(len(wanted) for _column, wanted in keys):
        return session.execute(query).all()
    found = []
    for column, wanted in keys:
        wanted = sorted(wanted)
        for start in range(0, len(wanted), CHUNK):
            found += session.execute(query.where(column.in_(wanted[start:start + CHUNK])))
    return found


def existing_guardians(session, student_ids) -> dict[int, list[tuple]]:
    """student id -> its family members as comparable tuples, by position, of `student_ids`
    (one query per CHUNK of them)."""
    query = select(Guardian.student_id, *[getattr(Guardian, c) for c in GUARDIAN_COLUMNS])
    ids, out = sorted(student_ids), {}
    for k in range(0, len(ids), CHUNK):
        for row in session.execute(query.where(Guardian.student_id.in_(ids[k:k + CHUNK]))
                                   .order_by(Guardian.student_id, Guardian.position)):
            out.setdefault(row[0], []).append(tuple(row[1:]))
    return out


def guardian_tuples(guardians) -> list[tuple]:
    return [tuple(g[c] for c in GUARDIAN_COLUMNS) for g in guardians or [] if g]


def names_of(columns) -> list[str]:
    return [f'"{c}"' for c in columns]


def bulk_insert(session, table, rows: list[dict]) -> None:
    """Insert rows of one table (dicts of the same keys) in the session's transaction."""
    if rows:
        names = list(rows[0])
        insert_columns(session, table, names, [[row[c] for row in rows] for c in names])


def insert_columns(session, table, names: list[str], columns: list[list]) -> None:
    """Insert rows given column by column (`columns[i]` holds every row's value of
    `names[i]`): PostgreSQL's COPY (several times faster than multi-row INSERTs for 100,000
    rows), SQLite's executemany over one prepared statement."""
    if not columns or not columns[0]:
        return
    raw = session.connection().connection.dbapi_connection
    listed = ", ".join(names_of(names))
    if session.get_bind().dialect.name == "postgresql":
        with raw.cursor() as cursor, cursor.copy(
                f'COPY "{table.name}" ({listed}) FROM STDIN') as copy:
            for row in zip(*columns):
                copy.write_row(row)
        return
    # each value through its column type's own bind processing, as SQLAlchemy would do it,
    # without building and compiling a parameter set per row
    dialect = session.get_bind().dialect
    columns = [_processed(table.c[c].type._cached_bind_processor(dialect), values)
               for c, values in zip(names, columns)]
    marks = ", ".join("?" for _ in names)
    raw.executemany(f'INSERT INTO "{table.name}" ({listed}) VALUES ({marks})', zip(*columns))


def _processed(processor, values: list) -> list:
    """processor of each value, once per distinct value when all are of one kind (values of
    different kinds may be equal, 1 == True, yet bind differently)."""
    if processor is None:
        return values
    if len(set(map(type, values))) == 1:
        try:
            memo = {v: processor(v) for v in dict.fromkeys(values)}
        except TypeError:  # unhashable (JSON)
            return list(map(processor, values))
        return list(map(memo.__getitem__, values))
    return list(map(processor, values))


def write(session, run_id, fields, new, changed, moved, today, progress) -> None:
    """Bulk statements. A student's current school runs from `status_date`; a transfer closes
    that stay into the history and starts the new one today. Family members are replaced for
    every written student whose file row has family-member columns."""
    defaults = {c.name: c.default.arg for c in Student.__table__.columns
                if c.default is not None and not callable(c.default.arg)}
    constants = dict(defaults, status="enrolled", import_run_id=run_id, status_date=today)
    names = list(dict.fromkeys((*defaults, *fields, "student_no", "status", "status_date",
                                "import_run_id")))
    for start in range(0, len(new), CHUNK):
        chunk = new[start:start + CHUNK]
        insert_columns(session, Student.__table__, names, [
            [v[c] for v in chunk] if c in fields or c == "student_no" else
            [constants[c]] * len(chunk) for c in names])
        if progress:
            progress(start + len(chunk), len(new) + len(changed))
    moved_ids = {old.id for old, _v in moved}
    for start in range(0, len(changed), CHUNK):
        session.execute(update(Student), [
            dict({f: v[f] for f in fields}, id=old.id, import_run_id=run_id, status="enrolled",
                 status_date=today if old.id in moved_ids else old.status_date)
            for old, v in changed[start:start + CHUNK]])
    if moved:
        session.execute(insert(SchoolHistory.__table__), [
            {"student_id": old.id, "school_id": old.school_id,
             "start_date": old.status_date or today, "end_date": today, "reason": "transfer"}
            for old, _v in moved])
    _write_guardians(session, new, changed)
    session.flush()


def _write_guardians(session, new, changed) -> None:
    members = [v for v in new if v["_guardians"] is not None]
    members_changed = [(old, v) for old, v in changed if v["_guardians"] is not None]
    if not members and not members_changed:
        return
    ids = {}
    numbers = [v["student_no"] for v in members]
    for start in range(0, len(numbers), CHUNK):
        ids.update(session.execute(select(Student.student_no, Student.id).where(
            Student.student_no.in_(numbers[start:start + CHUNK]))).all())
    old_ids = [old.id for old, _v in members_changed]
    for start in range(0, len(old_ids), CHUNK):
        session.execute(delete(Guardian).where(Guardian.student_id.in_(
            old_ids[start:start + CHUNK])))
    bulk_insert(session, Guardian.__table__, [
        dict(g, student_id=ids[v["student_no"]]) for v in members for g in v["_guardians"] if g]
        + [dict(g, student_id=old.id) for old, v in members_changed for g in v["_guardians"]
           if g])
