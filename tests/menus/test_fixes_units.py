"""The weekly average on the printed and public menu names each nutrient's unit (issue 9,
item 24: 能量 kcal, 钙 mg)."""
from __future__ import annotations

import re

from suite.models import School

from .helpers import publish_as


def test_the_public_weekly_average_carries_units(client, monkeypatch, planned, db,
                                                 nutritionist, second_nutritionist):
    monkeypatch.setattr("suite.clock.today", lambda: planned.week_start)
    publish_as(db, planned, nutritionist, second_nutritionist)
    code = db.get(School, planned.school_id).code
    page = client.get(f"/menus/public/{code}").get_data(as_text=True)
    headers = re.findall(r"<th>([^<]*)</th>", page.split('class="week-summary"')[1]
                         .split("</thead>")[0])
    assert headers[:3] == ["营养素", "能量 kcal", "蛋白质 g"]
    assert "钙 mg" in headers and "铁 mg" in headers

