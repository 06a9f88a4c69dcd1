"""Spreadsheet files in and out, shared by every plugin's imports and exports.

Reading keeps every cell as the text the user typed (or the raw object, so callers can refuse
numbers where text is required, such as ID numbers); writing never produces live formulas."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

import xlsxwriter
from python_calamine import CalamineWorkbook
from flask_babel import lazy_gettext as _l

MAX_ROWS = 200_000
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


def read_table(data: bytes, filename: str, max_rows: int = MAX_ROWS) -> Table:
    """Rows of an .xlsx or .csv upload (UTF-8, with or without BOM; GB18030 tried next)."""
    name = (filename or "").lower()
    if name.endswith(".csv"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise TableFileError(_l("The CSV file is neither UTF-8 nor GB18030 text."))
        reader = csv.reader(io.StringIO(text))
        header = next(reader, None)
        if not header:
            raise TableFileError(_l("The file has no header row."))
        columns = [h.strip() for h in header]
        rows = []
        for values in reader:
            if len(rows) >= max_rows:
                raise TableFileError(_l("The file has more rows than allowed."))
            if not any(v.strip() for v in values):
                continue
            rows.append({c: _clean(v) for c, v in zip(columns, values)})
        return Table(columns, rows)
    if name.endswith(".xlsx"):
        # calamine directly (the engine pandas uses, without building a frame): cells keep
        # their types, so a number typed where text belongs can be told apart
        try:
            sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
            cells = sheet.to_python(skip_empty_area=False)
        except Exception as exc:  # calamine raises several types for damaged files
            raise TableFileError(_l("The Excel file cannot be read.")) from exc
        if not cells:
            raise TableFileError(_l("The file has no header row."))
        if len(cells) - 1 > max_rows:
            raise TableFileError(_l("The file has more rows than allowed."))
        columns = [str(c).strip() for c in cells[0]]
        rows = []
        for values in cells[1:]:
            row = {c: _clean(v) for c, v in zip(columns, values)}
            if any(v is not None for v in row.values()):
                rows.append(row)
        return Table(columns, rows)
    raise TableFileError(_l("Upload an .xlsx or .csv file."))


def safe_cell(value):
    """Text that a spreadsheet would read as a formula is kept as text."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_xlsx(sheets: list[tuple[str, list[str], list[list]]], text_columns=()) -> bytes:
    """An .xlsx with one sheet per (title, header, rows); `text_columns` are header names whose
    cells are formatted as text (IDs, student numbers) so Excel never turns them to numbers."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False,
                                     "strings_to_numbers": False, "strings_to_urls": False})
    bold = book.add_format({"bold": True, "bg_color": "#EEF1F4"})
    text = book.add_format({"num_format": "@"})
    money = book.add_format({"num_format": "0.00"})
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
                    sheet.write_number(r, c, float(value), money)
                elif isinstance(value, (int, float)) and not isinstance(value, bool) \
                        and header[c] not in text_columns:
                    sheet.write_number(r, c, value)
                else:
                    sheet.write_string(r, c, str(safe_cell(value) if isinstance(value, str)
                                                 else value))
        sheet.freeze_panes(1, 0)
    book.close()
    return out.getvalue()
