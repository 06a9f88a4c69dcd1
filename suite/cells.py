"""The one reader of spreadsheet and CSV cells, and the one row-error record, for every
import. Flask-free: a refusal carries an English template that the UI translates."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from .errors import translate

_HALF_WIDTH = str.maketrans("０１２３４５６７８９．＋－／", "0123456789.+-/")
_LONG_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?")
_EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 is 1900-01-01 (Excel's leap-year bug included)
_SERIALS = range(1, 2958466)  # up to 9999-12-31


def ascii_digits(text: str) -> bool:
    """ASCII digits only: str.isdigit() also passes ² and ①, which int() refuses."""
    return text.isascii() and text.isdigit()


def N_(text: str) -> str:
    """Marks a template for extraction; translated when the error is shown."""
    return text


class CellError(ValueError):
    """A bad cell: `reason` is an English template (with `params`) translated at display."""

    def __init__(self, column: str, value, reason: str, **params):
        super().__init__(f"{column}: {reason % params if params else reason}")
        self.column, self.value, self.reason, self.params = column, value, reason, params

    def message(self) -> str:
        return translate((self.reason, self.params))


@dataclass
class RowError:
    """One problem of one import row, as the user sees it: the file's row number (the header
    row is 1), the column's header, the value read and the reason in the user's language."""

    row: int
    column: str
    value: object
    reason: str


def cell_shown(value) -> str:
    """A cell's value as a spreadsheet shows it, for an import's error table: '' when empty,
    whole numbers without '.0', very large or small numbers as Excel's General format writes
    them (3.50881E+17, as the ID stored as a number looks in Excel), never Python's repr."""
    if isinstance(value, float) and math.isfinite(value) and value and \
            not 1e-4 <= abs(value) < 1e11:
        return format(value, ".6G")
    return cell_text(value)


def cell_text(value) -> str:
    """Text of a cell: '' when empty, whole floats without '.0', spaces trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    return str(value).strip()


def cell_date(value, column: str = "") -> date | None:
    """A date from a date cell, an Excel serial number or text: 2026-09-01, 2026/9/1,
    2026.9.1, 2026年9月1日, 20260901 (full-width digits too). None when empty; CellError
    otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return _from_number(value, column)
    text = cell_text(value).translate(_HALF_WIDTH)
    long_form = _LONG_DATE.fullmatch(text)  # 2015年3月26日, as Chinese forms write it
    if long_form:
        text = "-".join(long_form.groups())
    try:
        if len(text) == 8 and text.isdigit():
            return date(int(text[:4]), int(text[4:6]), int(text[6:]))
        parts = text.replace("/", "-").replace(".", "-").split("-")
        if len(parts) == 3 and all(p.isdigit() for p in parts) and len(parts[0]) == 4:
            return date(*(int(p) for p in parts))
    except ValueError:
        pass
    raise CellError(column, value, N_("is not a date (for example 2026-09-01)"))


def _from_number(value, column: str) -> date:
    if not Decimal(repr(value) if isinstance(value, float) else value).is_finite():
        raise CellError(column, value, N_("is not a date (for example 2026-09-01)"))
    if value == int(value):
        whole = int(value)
        if 10_000_000 <= whole <= 99_999_999:  # 20260901 typed into a number cell
            return cell_date(str(whole), column)
        if whole in _SERIALS:
            return _EXCEL_EPOCH + timedelta(days=whole)
    raise CellError(column, value, N_("is not a date (for example 2026-09-01)"))


def cell_number(value, column: str = "") -> Decimal | None:
    """A finite number from a number cell or text (full-width digits, thousands commas).
    None when empty; CellError otherwise. Floats are read by their shortest repr."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise CellError(column, value, N_("is not a number"))
    if isinstance(value, float):
        value = repr(value)
    text = cell_text(value).translate(_HALF_WIDTH).replace(",", "").replace("，", "")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise CellError(column, value, N_("is not a number")) from None
    # 1e999999999 is finite but no quantity: later rounding would fail on it
    if not number.is_finite() or len(text) > 30 or abs(number.adjusted()) > 15:
        raise CellError(column, value, N_("is not a number"))
    return number


def cell_money(value, column: str = "") -> Decimal | None:
    """Yuan, not negative, at most two decimals ("3.5元", "¥3.50" accepted). None if empty."""
    from .money import parse_money

    if value is None or value == "":
        return None
    amount = parse_money(cell_text(value) if not isinstance(value, Decimal) else value)
    if amount is None or amount != amount.quantize(Decimal("0.01")):
        raise CellError(column, value, N_("is not an amount in yuan (at most two decimals)"))
    if amount < 0:
        raise CellError(column, value, N_("must not be negative"))
    return amount
