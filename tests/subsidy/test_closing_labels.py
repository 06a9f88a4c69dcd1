"""The month close's differences name every figure of the real ledger in Chinese: a
difference is built for every key a school's ledger row can carry (its own, its days', its
year's months', a day without a rate) and the Chinese page shows no code or English word."""
from __future__ import annotations

import re
from datetime import date
from html import unescape

import pytest

from subsidy import services
from subsidy.closing import _flatten, ledger_now
from subsidy.views.closing import field_label, field_value

from ..factories import TODAY
from .helpers_ledger import build_october


@pytest.fixture
def october(db, org, deliver, supplier, monkeypatch):
    monkeypatch.setattr("suite.clock.today", lambda: TODAY)
    return build_october(db, org, deliver, supplier)


def _every_path(db, school) -> dict:
    """Every flattened figure of the school's October, plus a day with meals but no rate."""
    row = ledger_now(db, school.id, 2026, 10, today=TODAY)
    row["days_without_rate"] = ["2026-10-09", "2026-10-10"]
    return _flatten(row, "", {})


def test_every_ledger_key_has_a_label(app, db, org, october):
    paths = _every_path(db, october[0])
    names = {re.sub(r"\[[^]]*\]", "", p) for p in paths}
    # the row's own keys, a day's and a month of the year's
    assert {"plan_students_first", "plan_students_last", "year_entitlement", "adjustments",
            "stock_value_end", "days_without_rate", "days.school_day", "days.meals",
            "days.rate", "year_months.running_balance", "year_months.rate"} <= {
        n for n in names} | {n.split(".")[0] for n in names}
    with app.test_request_context(headers={"Accept-Language": "zh-CN"}):
        labels = {p: field_label(p) for p in paths}
        assert labels["days[2026-10-09].student_days"] == "2026-10-09 · 学生人天"
        assert labels["days[2026-10-10].school_day"] == "2026-10-10 · 上课日"
        assert labels["year_months[10].running_balance"] == "10月 · 年度累计结余"
        assert labels["year_months[9].student_spend"] == "9月 · 学生伙食支出"
        assert labels["days_without_rate[1]"] == "有供餐但无补助标准的日期 · 第2项"
        assert labels["plan_students_last"] == "月末计划内学生"
        assert labels["stock_value_end"] == "月末库存金额"
        assert labels["food_groups[cereals_tubers].student_spend"] == (
            "按食物类别的食材成本 · 谷薯类 · 学生伙食支出")
        assert field_label("no_such_figure") == "其他数据"
        for path, label in labels.items():
            assert not re.search(r"[A-Za-z_]", label), (path, label)
        assert field_value("days[2026-10-10].school_day", True) == "是"
        assert field_value("supply_mode", "company") == "企业供餐"
        assert field_value("days[2026-10-10].rate", None) == "-"


def test_the_chinese_page_shows_every_difference_in_chinese(client, db, org, october, login,
                                                            monkeypatch):
    school = october[0]
    paths = _every_path(db, school)
    # every figure differs from the one closed: the closed side is "1", the other the ledger's
    every = [{"field": p, "closed": "1", "now": v} for p, v in paths.items()]
    monkeypatch.setattr(services, "differences",
                        lambda session, sid, *a, **k: every if sid == school.id else [])
    monkeypatch.setattr(services, "month_closes", lambda session, ids, y, m: {
        sid: {"status": "open", "version": 3, "submitted_at": None, "closed_at": None,
              "reopen_reason": "补录", "has_snapshot": True} for sid in ids})
    login("bureau")
    response = client.get(f"/subsidy/close?month=2026-10&school={school.id}",
                          headers={"Accept-Language": "zh-CN"})
    assert response.status_code == 200
    html = unescape(response.get_data(as_text=True))
    cells = re.findall(r"<tr><td>([^<]*)</td><td class=\"num\">([^<]*)</td>"
                       r"<td class=\"num\">([^<]*)</td></tr>", html)
    assert len(cells) == len(every)
    for label, closed, now in cells:  # a value may be a school's code (X0004), nothing else
        assert not re.search(r"[A-Za-z_]", label), label
        assert not re.search(r"True|False|None|canteen|_", closed + now), (label, closed, now)
    assert ("10月 · 年度累计结余", "1", str(paths["year_months[10].running_balance"])) in cells
    assert ("月初计划内学生", "1", str(paths["plan_students_first"])) in cells
    assert date(2026, 10, 9).isoformat() + " · 供餐餐次" in [c[0] for c in cells]
