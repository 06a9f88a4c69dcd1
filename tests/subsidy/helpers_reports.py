"""Readers of the cost reports for the tests: the xlsx sheets as rows, the PDF's text, and the
ledger figures found in that text beside their labels."""
from __future__ import annotations

import io
import re
from decimal import Decimal

import openpyxl

from tests.canteen.helpers_printing import pdf_tools

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sheets(body: bytes) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(io.BytesIO(body))
    return {ws.title: list(ws.values) for ws in book.worksheets}


def fen(value) -> Decimal:
    """A money cell (a float in openpyxl) as Decimal to the fen."""
    return Decimal(str(value)).quantize(Decimal("0.01"))


def shown(value) -> str:
    """A figure as the PDF prints it."""
    if isinstance(value, float):
        return f"{fen(value)}"
    return "-" if value is None else str(value)


def pdf_text(body: bytes, tmp_path) -> tuple[list[dict], str]:
    assert body.startswith(b"%PDF-")
    return pdf_tools(body, tmp_path)


def figure_in(text: str, label: str, value: str) -> bool:
    """Whether the PDF text prints `value` right after `label` (the figures table)."""
    return re.search(re.escape(label) + r"\s+" + re.escape(value) + r"(\s|$)", text) is not None


__all__ = ["XLSX", "fen", "figure_in", "pdf_text", "sheets", "shown"]
