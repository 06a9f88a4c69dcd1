"""The roster import's quick pass over a file of our template's columns: each column is read
once (a code, a school, a date parsed once per distinct value; ID numbers checked as arrays),
and a row the columns prove clean is assembled at once. Any other row (a problem, a form only
the full check reads, a number seen before) goes through RowChecker.row, in row order and
with the same memory of numbers seen, so the errors and values are exactly the row-by-row
check's: the quick pass only ever skips work on rows that check would pass."""
from __future__ import annotations

from datetime import date, datetime
from operator import methodcaller

import numpy as np

from suite.cells import CellError, cell_text

from .codes import parse_value
from .idcard import CHECK, WEIGHTS, birth_date, known_area
from .import_rows import LIMITS, REGISTRATION_FIELDS, TEXT_KEYS, RowChecker

_BAD = object()  # a cell the quick pass does not prove clean
# cells of these kinds are equal across kinds only where every parser reads them alike (1 and
# 1.0); True equals 1 but reads otherwise, so a column holding one is left to the full check
_KINDS = {str, int, float, date, datetime, type(None)}


def check_table(checker: RowChecker, numbered: list,
                by_column: dict | None = None) -> list[tuple[int, dict | None]]:
    """(row number, values or None) of every (row number, row) pair, checked by `checker`;
    `by_column`: the same cells column by column (Table.by_column), when the table has them."""
    quick = _quick_values(checker, [raw for _n, raw in numbered], by_column) \
        if _suitable(checker) and numbered else None
    if quick is None:
        return [(n, checker.row(n, raw)) for n, raw in numbered]
    out = []
    seen_no, seen_id = checker.seen_no, checker.seen_id
    for (n, raw), values in zip(numbered, quick):
        if values is not None:
            no, id_number = values["student_no"], values["id_number"]
            if no not in seen_no and (id_number is None or id_number not in seen_id):
                seen_no[no] = n
                if id_number is not None:
                    seen_id[id_number] = n
                out.append((n, values))
                continue
        out.append((n, checker.row(n, raw)))
    return out


def _suitable(checker: RowChecker) -> bool:
    """Our template's fields: no other documents, registration fields or family members."""
    columns = checker.columns
    return not (checker.documents_given or checker.members or checker.layout == "aid_list"
                or any(k in columns for k in REGISTRATION_FIELDS))


def _cells(rows: list[dict], column, by_column: dict | None = None) -> list:
    if not column:
        return [None] * len(rows)
    if by_column is not None and len(by_column.get(column, ())) == len(rows):
        return by_column[column]
    return list(map(methodcaller("get", column), rows))


def _texts(rows: list[dict], column, by_column: dict | None = None) -> list[str]:
    """cell_text of each cell of the column (str.strip alone on a column of text)."""
    if not column:
        return [""] * len(rows)
    cells = _cells(rows, column, by_column)
    if set(map(type, cells)) == {str}:
        return list(map(str.strip, cells))
    return [cell.strip() if cell.__class__ is str else cell_text(cell) for cell in cells]


def _per_value(cells: list, fn) -> list | None:
    """fn of each cell, computed once per distinct cell; None when a cell's kind may collide."""
    if not set(map(type, cells)) <= _KINDS:
        return None
    memo = {cell: fn(cell) for cell in dict.fromkeys(cells)}
    return list(map(memo.__getitem__, cells))


def _parser(checker: RowChecker, key: str):
    column = checker.columns.get(key, key)

    def parse(cell):
        try:
            return parse_value(key, cell, checker.layout, column, checker.term_start)
        except CellError:
            return _BAD
    return parse


def _upper_if_plain(text: str) -> str | None:
    """clean_number of ASCII letters and digits alone is their upper case; others need it."""
    return text.upper() if text.isascii() and text.isalnum() else None


def _plain_id(cell):
    """None for a blank ID cell, the ID number of plain text, else _BAD (the full check's)."""
    if cell is None or cell == "":
        return None
    return (cell.__class__ is str and _upper_if_plain(cell)) or _BAD


def _id_arrays(numbers: list, today: date | None):
    """For each entry, whether it is an ID number id_problem passes (False for anything not
    18 ASCII characters), its birth date as YYYYMMDD and whether its sequence digit is odd."""
    size = len(numbers)
    at = [i for i, s in enumerate(numbers) if s.__class__ is str and len(s) == 18 and s.isascii()]
    valid, born, odd = np.zeros(size, bool), np.zeros(size, np.int64), np.zeros(size, bool)
    if not at:
        return valid, born, odd
    raw = np.frombuffer("".join(numbers[i] for i in at).encode("ascii"), np.uint8)
    raw = raw.reshape(-1, 18).astype(np.int64)
    d = raw - 48
    digits = ((d[:, :17] >= 0) & (d[:, :17] <= 9)).all(1) & (
        ((d[:, 17] >= 0) & (d[:, 17] <= 9)) | (raw[:, 17] == ord("X")))
    d = np.where((d >= 0) & (d <= 9), d, 0)
    year = d[:, 6] * 1000 + d[:, 7] * 100 + d[:, 8] * 10 + d[:, 9]
    month, day = d[:, 10] * 10 + d[:, 11], d[:, 12] * 10 + d[:, 13]
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    days = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])[np.clip(month, 0, 12)]
    ymd = year * 10000 + month * 100 + day
    real = (year >= 1) & (month >= 1) & (month <= 12) & (day >= 1) & (day <= days + (
        (month == 2) & leap))
    if today is not None:
        real &= ymd <= today.year * 10000 + today.month * 100 + today.day
    check = np.frombuffer(CHECK.encode(), np.uint8)[(d[:, :17] * WEIGHTS).sum(1) % 11]
    good = digits & real & (check == raw[:, 17])
    area = d[:, :6] @ np.array([100000, 10000, 1000, 100, 10, 1])
    codes, where = np.unique(area, return_inverse=True)
    good &= np.array([known_area(f"{c:06d}") for c in codes.tolist()])[where]
    index = np.array(at)
    valid[index], born[index], odd[index] = good, ymd, d[:, 16] % 2 == 1
    return valid, born, odd


def _numbers_ok(numbers: list) -> np.ndarray:
    """Student numbers student_number_problem passes in the G/J form or as an ID number (an
    L-form number is left to the full check)."""
    bodies = [n[1:] if n and len(n) == 19 and n[0] in "GJ" else n for n in numbers]
    return _id_arrays(bodies, None)[0]


def _ids_ok(ids: list, sex: list, born: list, today: date) -> np.ndarray:
    """ID numbers _id_number passes: blank, or valid and agreeing with the sex and birth date."""
    valid, id_born, odd = _id_arrays(ids, today)
    ymd = [b.year * 10000 + b.month * 100 + b.day if b and b is not _BAD else 0 for b in born]
    return np.array([i is None or (
        ok and (not s or s == ("M" if o else "F")) and (not b or b == y))
        for i, ok, s, o, b, y in zip(ids, valid.tolist(), sex, odd.tolist(), ymd,
                                     id_born.tolist())], bool)


def _filled(texts: list[str]) -> np.ndarray:
    return np.fromiter(map(bool, texts), bool, len(texts))


def _quick_values(checker: RowChecker, rows: list[dict],
                  by_column: dict | None) -> list[dict | None] | None:
    """Each row's values when its columns prove it clean, else None; None for the whole file
    when a column holds kinds of cells the quick pass leaves to the full check."""
    columns, today, size = checker.columns, checker.today, len(rows)
    text = {k: _texts(rows, columns.get(k), by_column) for k in TEXT_KEYS}
    cells = {k: _cells(rows, columns.get(k), by_column) for k in (
        "sex", "birth_date", "grade", "ethnicity", "boarding", "id_number")}
    parsed = {k: _per_value(cells[k], _parser(checker, k))
              for k in ("sex", "birth_date", "grade", "ethnicity", "boarding")}
    if any(v is None for v in parsed.values()):
        return None
    numbers = [_upper_if_plain(t) for t in text["student_no"]]
    ids = list(map(_plain_id, cells["id_number"]))
    born, limited = parsed["birth_date"], [k for k in LIMITS if k in text]
    schools = list(map(checker.schools.get, map(str.upper, text["school_code"])))
    ok = _filled(_texts(rows, columns.get("sex"), by_column)) & _filled(_texts(
        rows, columns.get("grade"), by_column)) & _numbers_ok(numbers) & _ids_ok(
        ids, parsed["sex"], born, today)
    ok &= np.array([b is None or (b is not _BAD and b <= today) for b in born], bool)
    for k in limited:
        ok &= np.fromiter(map(len, text[k]), np.int64, size) <= LIMITS[k]
    ok &= _filled(text["name"]) & _filled(text["school_code"])
    for values in (schools, parsed["sex"], parsed["grade"], parsed["ethnicity"],
                   parsed["boarding"]):
        ok &= np.array([v is not None and v is not _BAD for v in values], bool)
    ok &= np.array([len(e) <= LIMITS["ethnicity"] if e is not _BAD else False
                    for e in parsed["ethnicity"]], bool)
    keys = (*limited, "ethnicity", "boarding", "student_no", "sex", "birth_date", "id_number",
            "document_type", "document_number", "school_id", "grade", "_guardians")
    out = []
    for good, *values in zip(ok.tolist(), *(text[k] for k in limited), parsed["ethnicity"],
                             parsed["boarding"], numbers, parsed["sex"], born, ids,
                             schools, parsed["grade"]):
        if not good:
            out.append(None)
            continue
        *head, born_on, id_number, school, grade = values
        out.append(dict(zip(keys, (*head, born_on or (birth_date(id_number) if id_number
                                                       else None), id_number, "1", None,
                                   school, grade, None))))
    return out
