"""The used size of an Excel 97-2003 (.xls, BIFF8) workbook's first sheet, read from its cell
records before any reader lays the sheet out: calamine builds the whole rectangle up to the
farthest cell, so a 6 KB file with one cell at row 65,535, column 200 costs close to a gigabyte
there. olefile opens the compound file; the records are walked as bytes (a few MB at most)."""
from __future__ import annotations

import io
import struct

import olefile

BOUNDSHEET, BOF, EOF = 0x0085, 0x0809, 0x000A
# cell records: row (u16) and column (u16) first; MULRK / MULBLANK end with their last column
CELLS = {0x0006, 0x00D6, 0x00FD, 0x0201, 0x0203, 0x0204, 0x0205, 0x027E}
MULTI = {0x00BD, 0x00BE}


def _records(stream: bytes, at: int = 0):
    while at + 4 <= len(stream):
        kind, size = struct.unpack_from("<HH", stream, at)
        yield kind, stream[at + 4:at + 4 + size]
        at += 4 + size


def first_sheet_size(data: bytes) -> tuple[int, int] | None:
    """(rows, columns) spanned by the first worksheet's cells, counted from A1; None when the
    file is not a BIFF8 workbook this walk understands (the reader then decides)."""
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            name = "Workbook" if ole.exists("Workbook") else "Book"
            stream = ole.openstream(name).read()
    except (OSError, ValueError, struct.error):
        return None
    sheet = next((struct.unpack_from("<I", body)[0] for kind, body in _records(stream)
                  if kind == BOUNDSHEET and len(body) >= 6 and body[5] == 0), None)
    if sheet is None:
        return None
    rows = columns = 0
    for kind, body in _records(stream, sheet):
        if kind in CELLS and len(body) >= 4:
            row, column = struct.unpack_from("<HH", body)
        elif kind in MULTI and len(body) >= 6:
            row, column = struct.unpack_from("<H", body)[0], struct.unpack_from("<H", body,
                                                                              len(body) - 2)[0]
        elif kind == EOF:
            break
        else:
            continue
        rows, columns = max(rows, row + 1), max(columns, column + 1)
    return rows, columns
