"""From a grid of cells (the rows of any kind of file) to a Table: the header row found below
title rows, header text normalised, duplicate and empty headers named, cells cleaned.

suite.tabular re-exports the public names; callers import them from there."""
from __future__ import annotations

import re
from operator import itemgetter
from dataclasses import dataclass, field

from flask_babel import gettext, lazy_gettext as _l

from .table_hints import MOST, guidance_rows

# Limits checked before any sheet is read; each can be changed in the app's configuration.
LIMITS = {
    "IMPORT_MAX_ROWS": 200_000,
    "IMPORT_MAX_COLUMNS": 200,
    "IMPORT_MAX_CELL_CHARS": 32_767,  # Excel's own limit for one cell
    "IMPORT_MAX_UNPACKED_BYTES": 200 * 1024 * 1024,  # sum of an .xlsx's members, unpacked
    "IMPORT_MAX_RATIO": 100,  # unpacked / packed size of one large member
    # an .xls sheet is laid out as the rectangle up to its farthest cell (65,536 rows × 72
    # columns of the registration export is 4.7 million)
    "IMPORT_MAX_XLS_CELLS": 8_000_000,
}
HEADER_SEARCH = 20  # the header is looked for among this many non-empty rows


class TableFileError(ValueError):
    """The file cannot be read as a table; the message is for the user."""


@dataclass
class Table:
    columns: list[str]
    rows: list[dict]  # column -> cell (str, int, float, date or None)
    first_row: int = 2  # spreadsheet row number of rows[0]
    header_row: int = 1  # spreadsheet row number of the header
    # spreadsheet row number of each row (blank rows are skipped, so they need not follow on)
    row_numbers: list[int] = field(default_factory=list)
    # (any text cell holds a NUL, the longest text cell's length) as read from the grid;
    # None when the rows were built otherwise
    texts: tuple[bool, int] | None = field(default=None, repr=False, compare=False)
    # column -> its cells in the order of rows, when read from a grid without blank rows: a
    # check that reads a column need not gather it from 100,000 dicts (read only, as rows)
    by_column: dict[str, list] | None = field(default=None, repr=False, compare=False)
    # spreadsheet row numbers of the filling-in guidance under the header, passed over
    guidance: tuple[int, ...] = ()

    def numbered(self):
        """(spreadsheet row number, row) pairs."""
        if len(self.row_numbers) == len(self.rows):
            return zip(self.row_numbers, self.rows)
        return enumerate(self.rows, start=self.first_row)


def limits() -> dict:
    """The import limits: the app's configuration where set, else the defaults above."""
    from flask import current_app, has_app_context
    config = current_app.config if has_app_context() else {}
    return {key: config.get(key, default) for key, default in LIMITS.items()}


def too_large(rows: int, columns: int, limit: dict) -> None:
    """Refuse `rows` rows (the header row included) or `columns` columns past the limits."""
    if rows > limit["IMPORT_MAX_ROWS"] + 1:  # the header row is not counted
        raise TableFileError(_l("The sheet has %(n)s rows below its header (empty rows that "
                                "Excel keeps as used count too); at most %(max)s can be "
                                "imported: delete the rows below the table, or copy the table "
                                "into a new file.", n=rows - 1, max=limit["IMPORT_MAX_ROWS"]))
    if columns > limit["IMPORT_MAX_COLUMNS"]:
        raise TableFileError(_l("The file has %(n)s columns; at most %(max)s can be imported.",
                                n=columns, max=limit["IMPORT_MAX_COLUMNS"]))


def clean_cell(value):
    """A cell as callers get it: text stripped, without the leading apostrophe that keeps a
    number or an ID as text ('350881…, 'G3508…, 'E1000…) or a formula-like text from running
    ('=…, as our exports write it); an apostrophe before a word stays ('s note). Empty text and
    NaN are None; other values unchanged."""
    if value is None:
        return None
    if value.__class__ is str:
        value = value.strip()
        if value.startswith("'") and _QUOTED.match(value):
            value = value[1:].strip()
        return value or None
    if isinstance(value, float) and value != value:
        return None
    return value


_QUOTED = re.compile(r"'\s*(?:[0-9=+\-@]|[A-Za-z][0-9])")  # 'number, 'ID, 'formula-like
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}  # ！..～ → !..~
_SPACES = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
_CJK_GAP = re.compile(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])")  # beside a Chinese character
_MARKS = re.compile(r"\(\*\)|[*★☆]")


def normalise_header(text) -> str:
    """A header cell as compared with known headers: full-width letters, digits and brackets
    made half-width, every space (full-width and no-break ones too) and line break removed, and
    the required-field marks (*), （*）, *, ★ and ☆ dropped: "姓名 (*)" and "★姓　名" are 姓名.
    Only a space between two ASCII characters stays, as one space ("ID number")."""
    if text is None:
        return ""
    text = _SPACES.sub(" ", str(text).translate(_FULL_WIDTH))
    return _MARKS.sub("", _CJK_GAP.sub("", text)).strip()


def _text(value) -> str:
    value = clean_cell(value)
    return "" if value is None else str(value)


def _placeholder(index: int) -> str:
    """The name of a column whose header cell is empty: its spreadsheet letter ("Column G",
    in Chinese "G列")."""
    number, letters = index + 1, ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return gettext("Column %(letter)s", letter=letters)


def _columns(header: list, keep) -> list[str | None]:
    """Normalised names, one per header cell: an empty header cell is named by its letter when
    `keep(index)` says its column holds data (else None: the column is dropped); the second
    姓名 is 姓名(2), the third 姓名(3)."""
    names, seen = [], set()
    for index, cell in enumerate(header):
        name = normalise_header(_text(cell))
        if not name:
            if not keep(index):
                names.append(None)
                continue
            name = _placeholder(index)
        unique, n = name, 1
        while unique in seen:
            n += 1
            unique = f"{name}({n})"
        seen.add(unique)
        names.append(unique)
    return names


def _filled(row) -> bool:
    for value in row:
        if value is not None and (value.__class__ is not str or value.strip()) \
                and value != "'":
            return True
    return False


def _header_index(grid: list, header_finder) -> int:
    candidates = []
    for index, row in enumerate(grid):
        if _filled(row):
            candidates.append(index)
            if header_finder is None or len(candidates) == HEADER_SEARCH:
                break
    if not candidates:
        raise TableFileError(_l("The file has no header row."))
    if header_finder is None:
        return candidates[0]
    scores = [header_finder([normalise_header(_text(v)) for v in grid[i]]) for i in candidates]
    return candidates[scores.index(max(scores))]  # the first of the best


def _header_rows(grid: list, at: int, header_finder) -> tuple[list, int]:
    """The header's cells and the index of its last row. A header of two rows (a group label
    merged across the columns below it, 家庭成员 over 姓名, 关系, 电话, and the pupil's own
    headers merged down over both rows) is read as one row when that scores better than the
    best row alone."""
    if header_finder is None:
        return grid[at], at
    best = (header_finder([normalise_header(_text(v)) for v in grid[at]]), grid[at], at)
    for upper in (at - 1, at):
        if upper < 0 or upper + 1 >= len(grid) or not (
                _filled(grid[upper]) and _filled(grid[upper + 1])):
            continue
        cells = _joined(grid[upper], grid[upper + 1], header_finder)
        found = header_finder([normalise_header(c) for c in cells])
        if found > best[0]:
            best = (found, cells, upper + 1)
    return best[1], best[2]


def _joined(upper, lower, header_finder) -> list[str]:
    """One header row of two: a lower cell under its group label (only a merge's first cell
    holds the label), as "家庭成员1姓名" when the finder knows that, else alone; an empty lower
    cell takes the upper one (merged down)."""
    cells, group = [], ""
    for i in range(max(len(upper), len(lower))):
        top = _text(upper[i]) if i < len(upper) else ""
        below = _text(lower[i]) if i < len(lower) else ""
        group = top or group
        if not below:
            cells.append(top)
            continue
        both = group + below
        cells.append(both if group and header_finder([normalise_header(both)]) else below)
    return cells


def table_from_grid(grid: list, header_finder=None) -> Table:
    """The Table of a grid (a list of rows, each a list of cells): the header is the first
    non-empty row, or with `header_finder(normalised header texts) -> score` the best-scoring
    of the first 20 non-empty rows (the first of equals), joined with the row above or below
    when the header has two rows (`_header_rows`). Blank rows are skipped, and the guidance
    rows right under the header (`table_hints`); columns whose header and cells are all empty
    are dropped."""
    header, at = _header_rows(grid, _header_index(grid, header_finder), header_finder)
    if any("\x00" in str(c) for c in header if c is not None):
        # a header of two rows: the row above its last may hold it
        own = any("\x00" in str(c) for c in grid[at] if c is not None)
        raise TableFileError(_l("Row %(row)s: the cell contains a NUL character, which no "
                                "field may hold.", row=at + 1 if own else at))
    skip = guidance_rows(grid[at + 1:at + 1 + MOST])
    body = grid[at + 1 + skip:]
    columns = _columns(header, lambda i: any(
        len(r) > i and clean_cell(r[i]) is not None for r in body))
    width = len(columns)
    kept = [(i, c) for i, c in enumerate(columns) if c is not None]
    padded = body if min(map(len, body), default=width) >= width else [
        values if len(values) >= width else list(values) + [None] * (width - len(values))
        for values in body]
    # column by column: a column's cells are mostly few distinct texts, or all distinct IDs
    raw = list(zip(*padded)) if padded else [()] * width
    cleaned, texts = [], (False, 0)
    for i, _c in kept:
        column, nul, longest = _clean_column(raw[i])
        cleaned.append(column)
        texts = (texts[0] or nul, max(texts[1], longest))
    names = [c for _, c in kept]
    by_column = None
    if any(None not in column for column in cleaned):  # then no row is blank
        rows = [dict(zip(names, values)) for values in zip(*cleaned)]
        numbers = list(range(at + 2 + skip, at + 2 + skip + len(rows)))
        by_column = dict(zip(names, cleaned))
    else:
        rows, numbers = [], []
        for number, values in enumerate(zip(*cleaned), start=at + 2 + skip):
            if values.count(None) != len(values):  # a blank row is skipped
                rows.append(dict(zip(names, values)))
                numbers.append(number)
    return Table([c for _, c in kept], rows, first_row=numbers[0] if numbers else at + 2,
                 header_row=at + 1, row_numbers=numbers, texts=texts,
                 by_column=by_column,
                 guidance=tuple(at + 2 + i for i in range(skip) if _filled(grid[at + 1 + i])))


def _clean_column(cells) -> tuple[list, bool, int]:
    """clean_cell of each cell, whether a text cell holds a NUL, and the longest text's length.
    A column of text alone is stripped in one sweep when no cell comes out blank or quoted;
    else each distinct text is cleaned once when the column holds only text and blanks (other
    kinds may be equal across kinds, 1 == 1.0 == True)."""
    kinds = set(map(type, cells))
    if kinds == {str}:
        stripped = list(map(str.strip, cells))
        joined = "\n".join(stripped)  # one string searched at C speed
        if "" not in stripped and "\n'" not in joined and not joined.startswith("'"):
            return stripped, "\x00" in joined, max(map(len, stripped), default=0)
    if kinds <= {str, type(None)}:
        memo = {cell: clean_cell(cell) for cell in dict.fromkeys(cells)}
        column = list(map(memo.__getitem__, cells))
        texts = [v for v in memo.values() if v is not None]
    else:
        column = list(map(clean_cell, cells))
        texts = [v for v in column if v.__class__ is str]
    return column, "\x00" in "".join(texts), max(map(len, texts), default=0)


def _maybe_bad(table: Table, longest: int) -> bool:
    """Whether any text cell holds a NUL or is longer than `longest`, column by column (True
    when the rows do not all hold exactly the table's columns: the full pass decides)."""
    if table.texts is not None:
        return table.texts[0] or table.texts[1] > longest
    if set(map(len, table.rows)) - {len(table.columns)}:
        return True
    try:
        for column in table.columns:
            cells = list(map(itemgetter(column), table.rows))
            texts = cells if set(map(type, cells)) == {str} else [
                v for v in cells if v.__class__ is str]
            if "\x00" in "".join(texts) or max(map(len, texts), default=0) > longest:
                return True
    except KeyError:
        return True
    return False


def refuse_bad_cells(table: Table, longest: int) -> None:
    """One pass over every cell: a NUL character (PostgreSQL cannot store it) or a cell longer
    than `longest` refuses the file, naming the first such cell."""
    if not _maybe_bad(table, longest):
        return
    for n, row in table.numbered():
        for column, value in row.items():
            if value.__class__ is not str or ("\x00" not in value and len(value) <= longest):
                continue
            if "\x00" in value:
                raise TableFileError(_l("Row %(row)s, column %(column)s: the cell contains a "
                                        "NUL character, which no field may hold.", row=n,
                                        column=column))
            raise TableFileError(_l("Row %(row)s, column %(column)s: the cell is longer than "
                                    "%(max)s characters.", row=n, column=column, max=longest))
