"""Spreadsheet files in and out, shared by every plugin's imports and exports.

Reading keeps every cell as the text the user typed (or the raw object, so callers can refuse
numbers where text is required, such as ID numbers); writing never produces live formulas."""
from __future__ import annotations

import csv
import io
import re
import zipfile
from functools import lru_cache
from string import ascii_uppercase as ALPHABET
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import xlsxwriter
from python_calamine import CalamineWorkbook
from flask_babel import lazy_gettext as _l

# Limits checked before any sheet is read; each can be changed in the app's configuration.
LIMITS = {
    "IMPORT_MAX_ROWS": 200_000,
    "IMPORT_MAX_COLUMNS": 200,
    "IMPORT_MAX_CELL_CHARS": 32_767,  # Excel's own limit for one cell
    "IMPORT_MAX_UNPACKED_BYTES": 200 * 1024 * 1024,  # sum of an .xlsx's members, unpacked
    "IMPORT_MAX_RATIO": 100,  # unpacked / packed size of one large member
}
MAX_ROWS = LIMITS["IMPORT_MAX_ROWS"]
RATIO_FLOOR = 8 * 1024 * 1024  # members smaller than this may compress as well as they like
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


class TableFileError(ValueError):
    """The file cannot be read as a table; the message is for the user."""


@dataclass
class Table:
    columns: list[str]
    rows: list[dict]  # column -> cell (str, int, float or None)
    first_row: int = 2  # spreadsheet row number of rows[0] (header is row 1)


def _clean(value):
    if value is None:
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def limits() -> dict:
    """The import limits: the app's configuration where set, else the defaults above."""
    from flask import current_app, has_app_context
    config = current_app.config if has_app_context() else {}
    return {key: config.get(key, default) for key, default in LIMITS.items()}


def _too_large(rows: int, columns: int, limit: dict) -> None:
    if rows > limit["IMPORT_MAX_ROWS"] + 1:  # the header row is not counted
        raise TableFileError(_l("The file has %(n)s rows; at most %(max)s can be imported.",
                                n=rows - 1, max=limit["IMPORT_MAX_ROWS"]))
    if columns > limit["IMPORT_MAX_COLUMNS"]:
        raise TableFileError(_l("The file has %(n)s columns; at most %(max)s can be imported.",
                                n=columns, max=limit["IMPORT_MAX_COLUMNS"]))


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="(?:[A-Z]+\d+:)?([A-Z]{1,4})(\d{1,9})"')
_CELL_COLUMN = re.compile(rb' r="([A-Z]{1,4})\d')  # a cell's reference: letters, then digits
_CELL_ROW = re.compile(rb' r="[A-Z]{1,4}(\d{1,9})"')
_ROW_REF = re.compile(rb'<(?:\w+:)?row r="(\d{1,9})"')


def _has_formula(text: bytes) -> bool:
    """A formula element, with or without a namespace prefix (a sheet has no other tag that
    starts with f; substring tests are far quicker than a regex over every tag)."""
    return b"<f" in text or b":f>" in text or b":f " in text
# a cell with a formula and no stored result: <c r="B3"><f>…</f></c> or <v></v>
_FORMULA_CELL = re.compile(rb'<(?:\w+:)?c\s[^>]*?r="([A-Z]{1,4})(\d{1,9})"[^>]*?(?<!/)>'
                           rb'((?:(?!</(?:\w+:)?c>).)*?)</(?:\w+:)?c>', re.S)
_VALUE = re.compile(rb'<(?:\w+:)?v>[^<]+</(?:\w+:)?v>')


def _above(text: str, alphabet: str) -> bytes:
    """A regex matching a string of the same length as `text` that sorts after it."""
    parts = []
    for i, ch in enumerate(text):
        later = alphabet[alphabet.index(ch) + 1:]
        if later:
            rest = f"[{alphabet[0]}-{alphabet[-1]}]{{{len(text) - i - 1}}}"
            parts.append(f"{text[:i]}[{later[0]}-{later[-1]}]{rest}")
    return "|".join(parts).encode() or b"(?!)"


@lru_cache(maxsize=8)
def _beyond(max_rows: int, max_columns: int) -> re.Pattern:
    """A cell or row reference past the limits: a quick search on every chunk of a sheet, so
    the exact (slower) counts run only where something may be too large."""
    letters = _column_letters(max_columns)
    row = str(max_rows + 1)  # the header row is not counted
    columns = rb"[A-Z]{%d,}" % (len(letters) + 1) + b"|" + _above(letters, ALPHABET)
    rows = rb"\d{%d,}" % (len(row) + 1) + b"|" + _above(row, "0123456789")
    return re.compile(rb' r="(?:(?:' + columns + rb')\d|[A-Z]{0,4}(?:' + rows + rb')")')


@dataclass
class _SheetScan:
    rows: int = 0
    columns: int = 0
    formulas_without_value: list = None  # [(row, column number)]


def _scan_sheet(archive: zipfile.ZipFile, member: str, limit: dict, formulas: bool,
                stale: bool = False) -> _SheetScan:
    """The sheet's declared dimension and the largest row and column of its cells, read as a
    stream (a few MB of memory whatever its size), refused as soon as a limit is passed."""
    scan = _SheetScan(formulas_without_value=[])
    tail, row_tags = b"", 0
    with archive.open(member) as stream:
        while chunk := stream.read(1 << 20):
            text = tail + chunk
            if not scan.rows and (dim := _DIMENSION.search(text)):
                _too_large(int(dim.group(2)), _column_number(dim.group(1)), limit)
            row_tags += chunk.count(b"<row") + chunk.count(b":row ")  # rows counted in order
            scan.rows = max(scan.rows, row_tags)
            _too_large(scan.rows, scan.columns, limit)
            if _has_formula(text) or \
                    _beyond(limit["IMPORT_MAX_ROWS"], limit["IMPORT_MAX_COLUMNS"]).search(text):
                _exact_scan(scan, text, limit, formulas, stale)
            # keep the last, possibly unfinished cell for the next chunk
            cut = max(text.rfind(b"<c "), text.rfind(b"<row"))
            tail = text[cut:] if cut >= 0 and len(text) - cut < (1 << 20) else text[-4096:]
    scan.formulas_without_value = sorted(set(scan.formulas_without_value))
    return scan


def _exact_scan(scan: _SheetScan, text: bytes, limit: dict, formulas: bool, stale: bool):
    """Largest row and column of the chunk's cells, and its formulas without a value."""
    scan.columns = max([scan.columns] + [_column_number(c)
                                         for c in set(_CELL_COLUMN.findall(text))])
    numbers = set(_CELL_ROW.findall(text)) | set(_ROW_REF.findall(text))
    scan.rows = max([scan.rows] + [int(r) for r in numbers])
    _too_large(scan.rows, scan.columns, limit)
    if formulas and _has_formula(text):
        scan.formulas_without_value += [
            (int(row), _column_number(letters))
            for letters, row, body in _FORMULA_CELL.findall(text)
            if b"<f" in body and (stale or not _VALUE.search(body))]


def _results_not_stored(archive: zipfile.ZipFile) -> bool:
    """Files written by programs that cannot calculate (not Excel or WPS) mark their formulas
    for calculation on opening; the value they store (often 0) is not the formula's result."""
    try:
        with archive.open("xl/workbook.xml") as stream:
            head = stream.read(1 << 20)
    except KeyError:
        return False
    return re.search(rb'fullCalcOnLoad="(?:1|true)"', head) is not None


def _check_archive(data: bytes, limit: dict) -> list:
    """Refuse an .xlsx whose unpacked size, compression ratio, rows or columns pass the limits
    before any sheet is read; returns the first sheet's formula cells that have no value."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise TableFileError(_l("The Excel file cannot be read.")) from exc
    unpacked = sum(m.file_size for m in members)
    ratio = max((m.file_size // max(m.compress_size, 1) for m in members
                 if m.file_size > RATIO_FLOOR), default=0)
    if ratio > limit["IMPORT_MAX_RATIO"]:
        raise TableFileError(_l("The Excel file is packed %(ratio)s to 1, far more than a "
                                "spreadsheet can be; it is not read.", ratio=ratio))
    if unpacked > limit["IMPORT_MAX_UNPACKED_BYTES"]:
        raise TableFileError(_l("The Excel file unpacks to %(mb)s MB, more than the %(max)s MB "
                                "allowed.", mb=unpacked // 2**20,
                                max=limit["IMPORT_MAX_UNPACKED_BYTES"] // 2**20))
    sheets = sorted((m.filename for m in members
                     if re.fullmatch(r"xl/worksheets/[^/]+\.xml", m.filename)),
                    key=lambda n: [int(d) if d.isdigit() else d for d in re.split(r"(\d+)", n)])
    first = None
    try:
        stale = _results_not_stored(archive)
        for name in sheets:
            scan = _scan_sheet(archive, name, limit, formulas=first is None, stale=stale)
            first = first or scan
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as exc:
        raise TableFileError(_l("The Excel file cannot be read.")) from exc
    return first.formulas_without_value if first else []


def _formula_error(cells, columns) -> TableFileError:
    listed = "; ".join(
        str(_l("row %(row)s, column %(column)s", row=row,
               column=columns[col - 1] if 0 < col <= len(columns) and columns[col - 1]
               else _column_letters(col)))
        for row, col in cells[:20])
    return TableFileError(_l("Formula cells without a calculated value cannot be imported "
                             "(%(cells)s): open the file in Excel, save it so the results are "
                             "stored, or paste the cells as values.", cells=listed))


def _read_csv(data: bytes, limit: dict) -> Table:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise TableFileError(_l("The CSV file is neither UTF-8 nor GB18030 text."))
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader, None)
        if not header:
            raise TableFileError(_l("The file has no header row."))
        columns = [h.strip() for h in header]
        _too_large(1, len(columns), limit)
        rows = []
        for values in reader:
            _too_large(len(rows) + 2, len(values), limit)
            if not any(v.strip() for v in values):
                continue
            rows.append({c: _clean(v) for c, v in zip(columns, values)})
    except csv.Error as exc:  # e.g. a cell longer than the csv module's field limit
        raise TableFileError(_l("The CSV file cannot be read: a cell is too long or a quote is "
                                "not closed.")) from exc
    return Table(columns, rows)


def _read_xlsx(data: bytes, limit: dict) -> Table:
    formulas = _check_archive(data, limit)
    # calamine directly (the engine pandas uses, without building a frame): cells keep
    # their types, so a number typed where text belongs can be told apart
    try:
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
        cells = sheet.to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises several types for damaged files
        raise TableFileError(_l("The Excel file cannot be read.")) from exc
    if not cells:
        raise TableFileError(_l("The file has no header row."))
    _too_large(len(cells), max(len(r) for r in cells), limit)
    columns = [str(c).strip() for c in cells[0]]
    if formulas:
        raise _formula_error(formulas, columns)
    rows = []
    for values in cells[1:]:
        row = {c: _clean(v) for c, v in zip(columns, values)}
        if any(v is not None for v in row.values()):
            rows.append(row)
    return Table(columns, rows)


def read_table(data: bytes, filename: str, max_rows: int | None = None) -> Table:
    """Rows of an .xlsx or .csv upload (UTF-8, with or without BOM; GB18030 tried next).
    A file over the limits, with formula cells that hold no value, or without any data row is
    refused with a message for the user."""
    limit = limits()
    if max_rows is not None:
        limit["IMPORT_MAX_ROWS"] = max_rows
    name = (filename or "").lower()
    if name.endswith(".csv"):
        table = _read_csv(data, limit)
    elif name.endswith(".xlsx"):
        table = _read_xlsx(data, limit)
    else:
        raise TableFileError(_l("Upload an .xlsx or .csv file."))
    if not table.rows:
        raise TableFileError(_l("The file has no data rows below the header."))
    if any("\x00" in c for c in table.columns):
        raise TableFileError(_l("Row %(row)s: the cell contains a NUL character, which no "
                                "field may hold.", row=1))
    _refuse_bad_cells(table, limit["IMPORT_MAX_CELL_CHARS"])
    return table


def _refuse_bad_cells(table: Table, longest: int) -> None:
    """One pass over every cell: a NUL character (PostgreSQL cannot store it) or a cell longer
    than `longest` refuses the file, naming the first such cell."""
    for n, row in enumerate(table.rows, start=table.first_row):
        for column, value in row.items():
            if value.__class__ is not str or ("\x00" not in value and len(value) <= longest):
                continue
            if "\x00" in value:
                raise TableFileError(_l("Row %(row)s, column %(column)s: the cell contains a "
                                        "NUL character, which no field may hold.", row=n,
                                        column=column))
            raise TableFileError(_l("Row %(row)s, column %(column)s: the cell is longer than "
                                    "%(max)s characters.", row=n, column=column, max=longest))


def safe_cell(value):
    """Text that a spreadsheet would read as a formula is kept as text."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class _ExactNumber(Decimal):
    """A Decimal that xlsxwriter writes digit for digit (it formats numbers with ".16G", which
    would round a float, or a long amount, to 16 significant digits)."""

    def __format__(self, spec):
        return format(Decimal(self), "f")


def write_xlsx(sheets: list[tuple[str, list[str], list[list]]], text_columns=()) -> bytes:
    """An .xlsx with one sheet per (title, header, rows); `text_columns` are header names whose
    cells are formatted as text (IDs, student numbers) so Excel never turns them to numbers."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False,
                                     "strings_to_numbers": False, "strings_to_urls": False})
    bold = book.add_format({"bold": True, "bg_color": "#EEF1F4"})
    text = book.add_format({"num_format": "@"})
    money = book.add_format({"num_format": "0.00"})
    day_format = book.add_format({"num_format": "yyyy-mm-dd"})
    time_format = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    for title, header, rows in sheets:
        sheet = book.add_worksheet(title[:31])
        for c, name in enumerate(header):
            fmt = text if name in text_columns else None
            sheet.set_column(c, c, max(10, min(40, len(str(name)) * 2 + 2)), fmt)
            sheet.write_string(0, c, str(name), bold)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, Decimal):
                    sheet.write_number(r, c, _ExactNumber(value), money)
                elif isinstance(value, date):  # a real date (or time), not text
                    timed = isinstance(value, datetime)
                    sheet.write_datetime(r, c, value if timed else
                                         datetime(value.year, value.month, value.day),
                                         time_format if timed else day_format)
                elif isinstance(value, (int, float)) and not isinstance(value, bool) \
                        and header[c] not in text_columns:
                    sheet.write_number(r, c, value)
                else:
                    sheet.write_string(r, c, str(safe_cell(value) if isinstance(value, str)
                                                 else value))
        sheet.freeze_panes(1, 0)
    book.close()
    return out.getvalue()
