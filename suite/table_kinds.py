"""What kind of table a file is, told by its bytes (the name only breaks ties), and the readers
of the kinds other than .xlsx: real BIFF .xls, CSV or tab-separated text (UTF-8 with or without
BOM, UTF-16 with BOM, GB18030/GBK) and HTML tables (the "xls" some systems export).

Each reader returns a grid (a list of rows, each a list of cells) after refusing anything past
the import limits; suite.table_grid turns the grid into a Table."""
from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser

from flask_babel import lazy_gettext as _l
from python_calamine import CalamineWorkbook

from .table_biff import first_sheet_size
from .table_grid import TableFileError, too_large
from .table_xlsx import (fill_merged_down, filled_rows, refuse_data_elsewhere,
                         refuse_hidden_first)

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# files that are surely not tables, whatever they are named
BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*",
                b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b", b"RIFF", b"\x00\x00\x01\x00", b"BZh")
_HTML_START = ("<html", "<table", "<!doctype", "<meta", "<head", "<body", "<!--", "<style",
               "<?xml")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_TEXT_NAMES = (".csv", ".tsv", ".txt")


def not_a_table() -> TableFileError:
    return TableFileError(_l("The file is not an Excel workbook, CSV or tab-separated text. "
                             "Upload an .xlsx or .csv file."))


def _decode(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    if name.endswith(_TEXT_NAMES):
        raise TableFileError(_l("The CSV file is neither UTF-8 nor GB18030 text."))
    raise not_a_table()


def detect(data: bytes, filename: str) -> tuple[str, object]:
    """(kind, content): ("xlsx", bytes), ("xls", bytes), ("html", text) or ("text", (text,
    delimiter)); anything else is refused with a message for the user."""
    name = (filename or "").lower()
    if data.startswith(ZIP_MAGIC):
        return "xlsx", data
    if data.startswith(OLE2_MAGIC):
        return "xls", data
    if data.startswith(BINARY_MAGIC):
        raise not_a_table()
    text = _decode(data, name)
    head = text[:65536]
    if len(_CONTROL.findall(head)) > max(8, len(head) // 200):  # binary, whatever its bytes
        raise not_a_table()
    start = head.lstrip(" \t\r\n\ufeff")[:16].lower()
    if start.startswith(_HTML_START):
        if re.search(r"<table[\s>]", text, re.I) is None:
            raise not_a_table()
        return "html", text
    if start.startswith("<") and re.search(r"<table[\s>]", head, re.I):
        return "html", text
    return "text", (text, _delimiter(head, name))


def _delimiter(head: str, name: str) -> str:
    """Tab or comma: the one found on more of the first 20 non-empty lines; the name decides
    a tie. A file with neither is one column, taken as such only from a .csv or .tsv."""
    lines = [line for line in head.splitlines() if line.strip()][:20]
    tabs = sum("\t" in line for line in lines)
    commas = sum("," in line for line in lines)
    if tabs > commas:
        return "\t"
    if commas > tabs:
        return ","
    if name.endswith(".csv"):
        return ","
    if tabs or name.endswith(".tsv") or (not lines and name.endswith(_TEXT_NAMES)):
        return "\t"
    raise not_a_table()


def _records(text: str, delimiter: str):
    return csv.reader(io.StringIO(text), delimiter=delimiter)


def _count(text: str, delimiter: str) -> int:
    """The non-blank records of the text: its non-blank lines when no quote can make a record
    span lines (a regex count, 20 times quicker), else the records the csv module reads."""
    if '"' not in text and text.count("\r") == text.count("\r\n"):
        blank = re.compile(r"^(?:[^\S\n]|%s)*$" % re.escape(delimiter), re.M)
        return text.count("\n") + 1 - sum(1 for _ in blank.finditer(text))
    return sum(1 for values in _records(text, delimiter) if any(v.strip() for v in values))


_BLANK: list = []


def read_text(text: str, delimiter: str, limit: dict) -> list[list[str]]:
    """The records of CSV or tab-separated text. A file with more lines than the row limit is
    counted first without keeping anything, and refused with its number of non-blank rows."""
    grid: list = []
    try:
        lines = text.count("\n")
        if lines > limit["IMPORT_MAX_ROWS"]:
            too_large(_count(text, delimiter), 0, limit)
            if lines > 2 * limit["IMPORT_MAX_ROWS"]:  # within it only by its blank lines
                too_large(lines + 1, 0, limit)
        count = 0
        for values in _records(text, delimiter):
            too_large(0, len(values), limit)
            if any(v.strip() for v in values):
                count += 1
                too_large(count, 0, limit)
                grid.append(values)
            else:
                grid.append(_BLANK)  # kept for the row numbers, one shared object
    except csv.Error as exc:  # e.g. a cell longer than the csv module's field limit
        if grid:  # the record being read is the next row
            raise TableFileError(_l(
                "Row %(row)s: a cell is longer than %(max)s characters, or a quote that opens "
                "in it is not closed.", row=len(grid) + 1,
                max=limit["IMPORT_MAX_CELL_CHARS"])) from exc
        raise TableFileError(_l("The CSV file cannot be read: a cell is too long or a quote is "
                                "not closed.")) from exc
    return grid


class _FirstTable(HTMLParser):
    """The cells of the first <table> (rows of nested tables are part of their cell); a colspan
    is followed by empty cells when more cells follow, so the columns keep their place (a title
    spanning the table stays one cell); the rows below a rowspan get its value in its first
    column and empty cells in the others, as `table_xlsx.fill_merged_down` fills an Excel
    merge (a school or class beside each of its pupils; a header merged down), and a row
    blank but for them stays blank. Cells are made only where a row has a cell after them,
    and at most IMPORT_MAX_XLS_CELLS of them, so a few bytes of markup never become
    millions of cells."""

    def __init__(self, limit: dict):
        super().__init__(convert_charrefs=True)
        self.limit, self.grid, self.depth, self.done = limit, [], 0, False
        self.row = self.cell = None
        self.skip = 0  # inside <script> or <style>
        self.span, self.pending = 1, 0
        # the cell's rowspan; column -> [rows it still covers, the value it gives them]
        self.rows_down, self.down = 1, {}
        self.filled, self.made = set(), 0  # the row's columns filled from above; cells so made

    def handle_starttag(self, tag, attrs):
        if self.done:
            return
        if tag in ("script", "style"):
            self.skip += 1
        elif tag == "table":
            self.depth += 1
        elif self.depth == 1 and tag == "tr":
            self._end_row()
            self.row = []
        elif self.depth == 1 and tag in ("td", "th"):
            if self.row is None:
                self.row = []
            self._end_cell()
            if self.pending:  # the empty cells a colspan before this one covers
                too_large(0, len(self.row) + self.pending + 1, self.limit)
                self.row += [""] * self.pending
                self.pending = 0
            while len(self.row) in self.down:
                self._fill(len(self.row))
            too_large(0, len(self.row) + 1, self.limit)
            self.cell = []
            self.span, self.rows_down = (_span(dict(attrs).get(name)) for name in
                                         ("colspan", "rowspan"))
        elif tag == "br" and self.cell is not None:
            self.cell.append(" ")

    def handle_endtag(self, tag):
        if self.done:
            return
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag == "table":
            self.depth -= 1
            if self.depth == 0:
                self._end_row()
                self.done = True
        elif self.depth == 1 and tag in ("td", "th"):
            self._end_cell()
        elif self.depth == 1 and tag == "tr":
            self._end_row()

    def handle_data(self, data):
        if self.cell is not None and not self.skip and not self.done:
            self.cell.append(data)

    def _end_cell(self):
        if self.cell is None:
            return
        self.row.append(" ".join("".join(self.cell).split()))
        too_large(0, len(self.row), self.limit)
        below = min(self.rows_down, self.limit["IMPORT_MAX_ROWS"] + 2) - 1
        if below > 0:
            first = len(self.row) - 1
            for column in range(first, min(first + self.span, self.limit["IMPORT_MAX_COLUMNS"])):
                self.down[column] = [below, self.row[first] if column == first else ""]
        self.cell, self.pending, self.span, self.rows_down = None, self.span - 1, 1, 1

    def _end_row(self):
        if self.row is None:
            return
        self._end_cell()
        past = sorted(c for c in self.down if c >= len(self.row))
        if any(self.row):  # a merge in the last columns (a class beside its pupils) fills too
            for column in past:
                while len(self.row) < column:  # a gap between merges keeps its place
                    self._made_one()
                    self.row.append("")
                self._fill(column)
        else:  # an empty row: nothing to fill, and nothing made for it
            for column in past:
                self._covered(column)
        if self.filled and not any(v for i, v in enumerate(self.row) if i not in self.filled):
            for column in self.filled:  # blank but for what the rows above gave it
                self.row[column] = ""
        self.grid.append(self.row)
        self.row, self.pending, self.filled = None, 0, set()
        too_large(len(self.grid), 0, self.limit)

    def _fill(self, column):
        """The cell a rowspan above covers: its value (or empty), counted against the most."""
        self._made_one()
        self.filled.add(column)
        self.row.append(self.down[column][1])
        self._covered(column)

    def _made_one(self):
        """One more cell made for a merge, refused past the most."""
        self.made += 1
        if self.made > self.limit["IMPORT_MAX_XLS_CELLS"]:
            raise TableFileError(_l(
                "The table's merged cells (rowspan) cover more than %(max)s cells: save it as "
                ".xlsx, or unmerge them.", max=self.limit["IMPORT_MAX_XLS_CELLS"]))

    def _covered(self, column):
        self.down[column][0] -= 1
        if not self.down[column][0]:
            del self.down[column]


def _span(value) -> int:
    return int(value) if value and re.fullmatch(r"\s*[0-9]{1,6}\s*", value) else 1


_ROW_TAG = re.compile(r"<tr[\s>/]", re.I)
_TABLE_END = re.compile(r"</table\s*>", re.I)


def read_html(text: str, limit: dict) -> list[list[str]]:
    """The rows of the file's first table. Its <tr> tags are counted before parsing, so a
    table past the row limit is refused without being read."""
    start = re.search(r"<table[\s>]", text, re.I).start()
    end = _TABLE_END.search(text, start)
    rows = sum(1 for _ in _ROW_TAG.finditer(text, start, end.start() if end else len(text)))
    too_large(rows, 0, limit)
    parser = _FirstTable(limit)
    parser.feed(text[start:end.end() if end else None])  # one feed: a tag cut in two is
    parser.close()                                       # scanned again on every later feed
    parser._end_row()
    return parser.grid


def read_xls(data: bytes, limit: dict) -> list[list]:
    """The first sheet of a BIFF (Excel 97-2003) workbook, read by calamine; its size is
    checked before its cells are turned into Python values."""
    size = first_sheet_size(data)
    if size is not None:  # before calamine lays out the rectangle up to the farthest cell
        too_large(*size, limit)
        if size[0] * size[1] > limit["IMPORT_MAX_XLS_CELLS"]:
            raise TableFileError(_l(
                "The sheet reaches row %(rows)s and column %(columns)s: %(cells)s cells to lay "
                "out, more than the %(max)s an .xls may have here. Delete the stray cells far "
                "from the table, or save the file as .xlsx.", rows=size[0], columns=size[1],
                cells=size[0] * size[1], max=limit["IMPORT_MAX_XLS_CELLS"]))
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        refuse_hidden_first(book)
        sheet = book.get_sheet_by_index(0)
        too_large(sheet.height, sheet.width, limit)
        cells = fill_merged_down(sheet.to_python(skip_empty_area=False),
                                 sheet.merged_cell_ranges)
        if filled_rows(cells) < 2:
            refuse_data_elsewhere(book, limit)
        return cells
    except TableFileError:
        raise
    except Exception as exc:  # calamine raises several types for damaged files
        raise TableFileError(_l("The Excel file cannot be read.")) from exc
