"""Spreadsheet files in and out, shared by every plugin's imports and exports.

Reading keeps every cell as the text the user typed (or the raw object, so callers can refuse
numbers where text is required, such as ID numbers); writing never produces live formulas.
A file's kind is told by its bytes: .xlsx (suite.table_xlsx), BIFF .xls, CSV or tab-separated
text, HTML tables (suite.table_kinds); suite.table_grid finds the header and builds the Table."""
from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

import xlsxwriter
from flask_babel import lazy_gettext as _l

from . import table_kinds, table_xlsx
from .bulk import collector_paused
from .table_grid import (LIMITS, Table, TableFileError, limits, normalise_header,
                         refuse_bad_cells, table_from_grid)
from .table_hints import guidance_note

__all__ = ["FORMULA_START", "LIMITS", "MAX_ROWS", "Table", "TableFileError", "guidance_note",
           "known_headers", "limits", "normalise_header", "read_table", "safe_cell",
           "UPLOAD_ACCEPT", "write_xlsx"]

MAX_ROWS = LIMITS["IMPORT_MAX_ROWS"]
# the file picker's filter (accept="…") of every upload read_table takes
UPLOAD_ACCEPT = ".xlsx,.xls,.csv,.tsv,.txt,.htm,.html"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def read_table(data: bytes, filename: str, max_rows: int | None = None,
               header_finder=None) -> Table:
    """Rows of an upload: .xlsx, BIFF .xls, CSV or tab-separated text (UTF-8 with or without
    BOM, UTF-16 with BOM, GB18030/GBK) or an HTML table, told apart by content (the name only
    breaks ties). The header is the first non-empty row, or with
    `header_finder(normalised texts of a row) -> score` the best of the first 20 non-empty
    rows; columns are the normalised headers (see suite.table_grid). A file over the limits,
    of another kind, with formula cells that hold no value, or without any data row is refused
    with a message for the user."""
    with collector_paused():
        return _read_table(data, filename, max_rows, header_finder)


def known_headers(headers):
    """A `header_finder` for an import that knows its column names: the row with the most
    cells among `headers` (compared as `normalise_header` writes them) is the header, so title
    rows above it ("白水乡2026年家庭经济困难学生台账") are passed over."""
    keys = frozenset(normalise_header(h) for h in headers)
    return lambda row: sum(1 for value in row if value in keys)


def _read_table(data: bytes, filename: str, max_rows: int | None, header_finder) -> Table:
    limit = limits()
    if max_rows is not None:
        limit["IMPORT_MAX_ROWS"] = max_rows
    if len(data) > limit["IMPORT_MAX_UNPACKED_BYTES"]:  # what an .xlsx may unpack to
        raise TableFileError(_l("The file is %(mb)s MB, more than the %(max)s MB allowed.",
                                mb=len(data) // 2**20,
                                max=limit["IMPORT_MAX_UNPACKED_BYTES"] // 2**20))
    kind, content = table_kinds.detect(data, filename)
    formulas = []
    if kind == "xlsx":
        grid, formulas = table_xlsx.read_xlsx(content, limit)
    elif kind == "xls":
        grid = table_kinds.read_xls(content, limit)
    elif kind == "html":
        grid = table_kinds.read_html(content, limit)
    else:
        grid = table_kinds.read_text(*content, limit)
    table = table_from_grid(grid, header_finder)
    if formulas:
        header = [normalise_header(c) for c in grid[table.header_row - 1]]
        raise table_xlsx.formula_error(formulas, header)
    if not table.rows:
        raise TableFileError(_l("The file has no data rows below the header."))
    refuse_bad_cells(table, limit["IMPORT_MAX_CELL_CHARS"])
    return table


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
