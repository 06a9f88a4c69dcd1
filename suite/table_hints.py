"""Rows of filling-in guidance under a template's header ("必填", "男/女", "格式：2015-09-01",
"18位数字"), and example rows marked 示例, are not data: `guidance_rows` finds them so an
import passes over them instead of reading them as a pupil, a price or a delivery."""
from __future__ import annotations

import re

from flask_babel import ngettext

from .listing import join_items

# a cell that tells how to fill its column in: every non-empty cell of a guidance row is one
_HINT = re.compile(
    r"必填|选填|非必填|可不填|可空|格式|填写|请填|请输入|请选择|下拉|说明|注[：:]|例如|如[：:]"
    r"|例[：:]|YYYY|yyyy|\d+\s*位|^[^/\d]{1,4}(?:/[^/\d]{1,4})+$")
# a cell that marks the whole row as an example, whatever its other cells hold
_EXAMPLE = re.compile(r"^(?:填写)?(?:示例|样例|举例|例子|例)(?:行|\d*)?[：:]?$|^示例[：:]")
MOST = 5  # guidance is looked for among this many rows below the header


def _kind(row) -> str | None:
    """"blank", "guidance", or None (a row of data)."""
    texts, sizes = [], 0
    for value in row:
        if value is None or (value.__class__ is str and not value.strip()):
            continue
        if value.__class__ is str:
            texts.append(value.strip())
        elif _size(value):
            sizes += 1
        else:
            return None  # a date or any other number: typed data, not a hint
    if not texts:
        return None if sizes else "blank"
    if any(_EXAMPLE.search(t) for t in texts):
        return "guidance"
    hints = all(_HINT.search(t) for t in texts)
    # a length or a count typed as a number (18 under 身份证号) among two hints or more
    return "guidance" if hints and (not sizes or len(texts) >= 2) else None


def _size(value) -> bool:
    """A small whole number, as a template states a length or a count (1 to 99)."""
    return value.__class__ in (int, float) and value == int(value) and 1 <= value <= 99


def guidance_rows(body) -> int:
    """How many rows at the top of `body` (the rows below the header) to pass over: up to and
    including the last guidance row among the first few, blank rows between them too; 0 when
    the first row that is not blank is data."""
    skip = 0
    for index, row in enumerate(body[:MOST]):
        kind = _kind(row)
        if kind is None:
            break
        if kind == "guidance":
            skip = index + 1
    return skip


def guidance_note(rows) -> str | None:
    """What an import says of the guidance rows it passed over (`Table.guidance`)."""
    if not rows:
        return None
    return ngettext("Row %(rows)s, under the header, holds filling-in guidance or an example "
                    "and was not imported.",
                    "Rows %(rows)s, under the header, hold filling-in guidance or examples "
                    "and were not imported.", len(rows), rows=join_items(rows))
