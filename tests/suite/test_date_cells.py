"""Dates in list tables keep to one line on a phone (the phone style keeps a td.date whole):
"2026-09-01" never breaks at its hyphen into "2026-" and "09-01"."""
from __future__ import annotations

import re


def test_the_terms_list_marks_its_dates(client, login, org):
    login("admin")
    page = client.get("/terms").get_data(as_text=True)
    dates = re.findall(r'<td class="date">(\d{4}-\d{2}-\d{2})</td>', page)
    assert len(dates) == 2 and dates[0] < dates[1]
    assert not re.search(r"<td>\d{4}-\d{2}-\d{2}</td>", page)

