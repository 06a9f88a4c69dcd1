"""Hand-built .xlsx archives for tests of hostile or unusual files (zipfile, no library)."""
from __future__ import annotations

import io
import zipfile

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
    'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
    '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
ROOT_RELS = (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_REL}">'
             f'<Relationship Id="rId1" Type="{_DOC}/officeDocument" Target="xl/workbook.xml"/>'
             '</Relationships>')
BOOK_RELS = (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_REL}">'
             f'<Relationship Id="rId1" Type="{_DOC}/worksheet" Target="worksheets/sheet1.xml"/>'
             '</Relationships>')


def book(calc: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_MAIN}" xmlns:r="{_DOC}">'
            '<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets>'
            f'{calc}</workbook>')


def sheet_head(dimension: str | None = None) -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}">{dim}'
            '<sheetData>')


SHEET_TAIL = "</sheetData></worksheet>"


def text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def row(number: int, *cells: str) -> str:
    return f'<row r="{number}">{"".join(cells)}</row>'


def xlsx(rows: str, dimension: str | None = None, calc: str = "", extra=None) -> bytes:
    """A one-sheet workbook whose sheetData holds `rows` (XML text)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", book(calc))
        archive.writestr("xl/_rels/workbook.xml.rels", BOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet_head(dimension) + rows + SHEET_TAIL)
        for name, writer in (extra or {}).items():
            with archive.open(name, "w", force_zip64=True) as stream:
                writer(stream)
    return out.getvalue()
