"""The .xlsx guard: an archive's unpacked size, compression ratio, rows and columns are checked
as a stream before any sheet is read, and formula cells without a stored value are found."""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from string import ascii_uppercase as ALPHABET

from flask_babel import lazy_gettext as _l
from python_calamine import CalamineWorkbook, SheetVisibleEnum

from .table_grid import TableFileError, too_large as _too_large

RATIO_FLOOR = 8 * 1024 * 1024  # members smaller than this may compress as well as they like


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


def formula_error(cells, columns) -> TableFileError:
    listed = "; ".join(
        str(_l("row %(row)s, column %(column)s", row=row,
               column=columns[col - 1] if 0 < col <= len(columns) and columns[col - 1]
               else _column_letters(col)))
        for row, col in cells[:20])
    return TableFileError(_l("Formula cells without a calculated value cannot be imported "
                             "(%(cells)s): open the file in Excel, save it so the results are "
                             "stored, or paste the cells as values.", cells=listed))


def refuse_hidden_first(book) -> None:
    """Only the first sheet is read: when it is hidden, the officer would import rows they
    never saw (an old list kept out of sight), so say which sheet to move to the front."""
    sheets = book.sheets_metadata
    if not sheets or sheets[0].visible == SheetVisibleEnum.Visible:
        return
    shown = next((s.name for s in sheets if s.visible == SheetVisibleEnum.Visible), "")
    raise TableFileError(_l("The workbook's first sheet, “%(hidden)s”, is hidden, and only the "
                            "first sheet is imported: delete it, or move the sheet to import "
                            "(“%(shown)s”) to the front, then upload the file again.",
                            hidden=sheets[0].name, shown=shown))


def fill_merged_down(cells: list, ranges) -> list:
    """A cell merged down over several rows (a school, township or class beside each of its
    pupils) holds its value in its first row only: the rows below it take the value, as the
    sheet shows it; a row blank but for the merge stays blank. A merge across columns alone
    stays in its first cell (the cells it covers belong to other fields). Only cells of the
    grid are filled, each once: a merge past the last row, or merges that overlap, cannot
    make the work larger than the sheet."""
    filled = set()
    for (r0, c0), (r1, _c1) in ranges or ():
        if r1 <= r0 or r0 >= len(cells) or c0 >= len(cells[r0]):
            continue
        value = cells[r0][c0]
        if value in (None, ""):
            continue
        for r in range(r0 + 1, min(r1, len(cells) - 1) + 1):
            if (r, c0) in filled or c0 >= len(cells[r]):
                break
            filled.add((r, c0))
            row = cells[r]
            if row[c0] in (None, "") and any(v not in (None, "") for v in row):
                row[c0] = value
    return cells


def filled_rows(cells) -> int:
    return sum(1 for row in cells if any(c not in (None, "") for c in row))


def refuse_data_elsewhere(book, limit: dict) -> None:
    """Only the first sheet is read: when it holds no data rows and another sheet does, say
    which sheet to move to the front rather than "no data rows". A sheet larger than the
    limits is not laid out to look."""
    for index, sheet in enumerate(book.sheets_metadata[1:], start=1):
        if sheet.visible != SheetVisibleEnum.Visible:
            continue
        other = book.get_sheet_by_index(index)
        if other.height * other.width > limit["IMPORT_MAX_XLS_CELLS"]:
            continue
        if filled_rows(other.to_python()) >= 2:
            raise TableFileError(_l(
                "Only the workbook's first sheet, “%(first)s”, is imported, and it has no "
                "data rows; the sheet “%(other)s” has some: move it to the front, or delete "
                "the empty sheet, then upload the file again.",
                first=book.sheets_metadata[0].name, other=sheet.name))


def read_xlsx(data: bytes, limit: dict) -> tuple[list[list], list]:
    """The first sheet's cells, and its formula cells without a value as (row, column number),
    after the archive is checked."""
    formulas = _check_archive(data, limit)
    # calamine directly (the engine pandas uses, without building a frame): cells keep
    # their types, so a number typed where text belongs can be told apart
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        refuse_hidden_first(book)
        sheet = book.get_sheet_by_index(0)
        cells = fill_merged_down(sheet.to_python(skip_empty_area=False),
                                 sheet.merged_cell_ranges)
        if filled_rows(cells) < 2:
            refuse_data_elsewhere(book, limit)
    except TableFileError:
        raise
    except Exception as exc:  # calamine raises several types for damaged files
        raise TableFileError(_l("The Excel file cannot be read.")) from exc
    if cells:
        _too_large(len(cells), max(len(r) for r in cells), limit)
    return cells, formulas
