"""Spreadsheet downloads of the roster's pages."""
from __future__ import annotations

import io

from flask import send_file

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx(body: bytes, name: str):
    """An .xlsx file the browser saves as `name`."""
    return send_file(io.BytesIO(body), mimetype=XLSX, as_attachment=True, download_name=name)
