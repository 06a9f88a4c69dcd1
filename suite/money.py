"""Money is a Decimal in yuan to the fen; these helpers are the only place it is rounded or
read from text."""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")

# full-width digits, point and signs as typed with a Chinese input method, and the yuan sign
_HALF_WIDTH = str.maketrans("０１２３４５６７８９．＋－￥，", "0123456789.+-¥,")
# thousands commas only where they group digits by three: "1,5" stays refused, not 15
_AMOUNT = re.compile(r"[+-]?((\d{1,3}(,\d{3})+|\d+)(\.\d*)?|\.\d+)", re.ASCII)


def money(value) -> Decimal:
    """To the fen, half up (3.345 → 3.35); never through a float."""
    if isinstance(value, float):
        value = repr(value)
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def parse_money(text) -> Decimal | None:
    """An amount of yuan as people type it: spaces around it, full-width digits (３.５), a ¥ in
    front or 元 after (3.5元, ¥ 3.50), thousands commas (1,000.50). None when the text is not
    an amount."""
    if isinstance(text, Decimal):
        return text if text.is_finite() else None
    if isinstance(text, int) and not isinstance(text, bool):
        return Decimal(text)
    plain = str(text).translate(_HALF_WIDTH).strip()
    plain = plain.removeprefix("¥").removesuffix("元").strip()
    if len(plain) > 20 or not _AMOUNT.fullmatch(plain):
        return None
    try:
        return Decimal(plain.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        return None
