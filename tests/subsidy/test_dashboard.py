"""The bureau's dashboard on the hand-built October (tests/subsidy/helpers_ledger.py): the
table's figures, close status, flag numbers and sparklines, sorting and the township filter,
the food-group and running-balance charts, and who sees what.

October's flags (checks of subsidy.flags on the hand-built month): the canteen school has 21
(3 grades served above enrolment, spend low, surplus, 4 meals without a menu, without a sample,
without an accompanying log, and with food issued that no menu explains), the company school
8 (spend low, surplus, 2 meals × no menu, no sample, no log), the empty school none."""
from __future__ import annotations

import re
from decimal import Decimal as D

import pytest

from subsidy import services
from subsidy.charts import balance_bars
from tests.canteen.helpers_safety import english_words
from tests.factories import TODAY
from tests.subsidy.helpers_ledger import build_october

pytestmark = pytest.mark.usefixtures("en")


@pytest.fixture
def october(db, org, foods, deliver, supplier, monkeypatch):
    monkeypatch.setattr("suite.clock.today", lambda: TODAY)
    return build_october(db, org, deliver, supplier)


def page_of(client, query="") -> str:
    return client.get(f"/subsidy/?month=2026-10{query}").get_data(as_text=True)


def row_of(page: str, school) -> str:
    start = page.index(f'<tr data-school="{school.id}">')
    return page[start:page.index("</tr>", start)]


def table(page: str) -> str:
    return page[page.index('<table id="ledger">'):page.index("</table>")]


def test_each_row_has_its_figures_status_flags_and_sparkline(client, login, db, october):
    own, company, empty = october
    services.submit_month(db, school_id=company.id, year=2026, month=10, user_id=None,
                          today=TODAY)
    services.explain_flag(db, school_id=own.id, year=2026, month=10, code="spend_low",
                          record_key="", note="十月只开了四天伙", user_id=None)
    db.commit()
    login("bureau")
    page = page_of(client)
    mine = row_of(page, own)
    for figure in ("596.00", "40.00", "1.77", "2.16", "36.07", "0.32", "559.93", "745.18"):
        assert f">{figure}<" in mine, figure
    assert "Not submitted" in mine and "Submitted, awaiting review" in row_of(page, company)
    assert f'href="/subsidy/flags?month=2026-10&amp;school={own.id}"><strong>20</strong> / 1' \
        in mine
    assert f'href="/subsidy/flags?month=2026-10&amp;school={company.id}"><strong>8</strong> / 0' \
        in row_of(page, company)
    assert ">0 / 0</a>" in row_of(page, empty)
    # sparkline: September and October have student-days (0.13 against 5.00, 0.32 against 5.32)
    assert mine.count('<circle class="point"') == 2
    assert mine.count('<line class="rate-tick"') == 2
    assert 'class="spend" points="105.1,27.4 118.0,26.4"' in mine
    assert 'class="rate" points="105.1,3.6 118.0,2.0"' in mine
    assert "9: 0.13 against 5.00; 10: 0.32 against 5.32" in mine
    assert ">0.32 / 5.32<" in mine
    assert row_of(page, company).count('<circle class="point"') == 1
    assert "<circle" not in row_of(page, empty)
    assert f'href="/subsidy/{own.id}/2026-10"' in mine
    # the county's totals and the township's subtotal carry the flag numbers too
    assert ">28 / 1</td>" in page[page.index("<tfoot>"):]
    main = page[page.index("<main"):page.index("</main>")]
    assert "<script" not in main and "http" not in re.sub(r'xmlns="[^"]*"', "", main)


def test_sorted_by_any_column_and_filtered_by_township(client, login, org, october):
    own, company, empty = october
    login("bureau")

    def order(query):
        t = table(page_of(client, query))
        return sorted((own, company, empty), key=lambda s: t.index(f'data-school="{s.id}"'))
    assert order("&sort=-flags_open") == [own, company, empty]
    assert order("&sort=flags_open") == [empty, company, own]
    assert order("&sort=-entitlement") == [company, own, empty]
    assert order("&sort=-spend_per_student_day") == [company, own, empty]  # empty: no figure
    assert order("&sort=school") == sorted((own, company, empty), key=lambda s: s.name)
    east = page_of(client, f"&township={org.townships[0].id}")
    assert empty.name not in table(east) and own.name in table(east)
    subtotal = east[east.index('<tr class="subtotal">'):]
    assert org.townships[0].name in subtotal and org.townships[1].name not in subtotal
    assert ">1378.00<" in subtotal and ">702.93<" in subtotal
    west = page_of(client, f"&township={org.townships[1].id}&sort=-balance")
    assert empty.name in table(west) and own.name not in table(west)
    assert 'name="sort" value="-balance"' in west


def test_food_group_chart_sums_to_the_food_cost(client, login, org, october):
    login("bureau")
    page = page_of(client)
    chart = page[page.index('<svg id="group-chart"'):]
    chart = chart[:chart.index("</svg>")]
    yuan = [D(v) for v in re.findall(r'data-yuan="([0-9.]+)"', chart)]
    assert yuan == [D("693.00"), D("40.00")]
    assert sum(yuan) == D("733.00")
    assert "693.00 yuan (94.5%)" in chart and "40.00 yuan (5.5%)" in chart
    assert "Food cost in all: 733.00 yuan." in page
    west = page_of(client, f"&township={org.townships[1].id}")
    assert 'id="group-chart"' not in west and "No food was issued or supplied" in west


def test_running_balance_chart_of_the_county_or_the_township(client, login, org, october):
    login("bureau")
    chart = page_of(client)
    chart = chart[chart.index('<svg id="balance-chart"'):]
    values = dict(re.findall(r'data-month="(\d+)" data-value="(-?[0-9.]+)"', chart))
    assert len(values) == 10
    assert (values["8"], values["9"], values["10"]) == ("0.00", "185.25", "888.18")
    west = page_of(client, f"&township={org.townships[1].id}")
    west = west[west.index('<svg id="balance-chart"'):]
    assert set(re.findall(r'data-value="(-?[0-9.]+)"', west)) == {"0.00"}


def test_a_deficit_is_drawn_below_the_axis():
    months = [{"month": 1, "running_balance": D("100.00")},
              {"month": 2, "running_balance": D("-50.00")}]
    chart = balance_bars(months, width=200, height=200)
    up, down = chart["bars"]
    assert (up["negative"], down["negative"]) == (False, True)
    assert up["y"] + up["h"] == chart["axis_y"] == down["y"]
    assert up["h"] == pytest.approx(2 * down["h"])


def test_flags_are_counted_for_a_few_schools_at_once(app, client, login, org, october):
    own = october[0]
    app.config["SUBSIDY_DASHBOARD_FLAG_SCHOOLS"] = 2
    login("bureau")
    page = page_of(client)
    assert 'id="flags-not-counted"' in page
    assert f'href="/subsidy/flags?month=2026-10&amp;school={own.id}">See</a>' in page
    east = page_of(client, f"&township={org.townships[0].id}")
    assert 'id="flags-not-counted"' not in east and "<strong>21</strong> / 0" in east


def test_who_sees_which_schools(client, login, org, october):
    own, company, empty = october
    login("canteen_manager", school=own)
    page = page_of(client)
    assert own.name in table(page) and company.name not in table(page)
    assert "Flags open" not in page and "/subsidy/flags" not in page
    # one school: no township to choose, no subtotal, and its total is not the county's
    assert 'name="township"' not in page and 'class="subtotal"' not in page
    assert ">Total</th>" in page and "County total" not in page
    login("township_officer", township=org.townships[1])
    page = page_of(client)
    assert empty.name in table(page) and own.name not in table(page)
    assert "Flags open" in page and "County total" not in page
    other = page_of(client, f"&township={org.townships[0].id}")
    assert own.name not in table(other) and "No schools to show." in other
    login("bureau")
    page = page_of(client)
    assert 'name="township"' in page and page.count('class="subtotal"') == 2
    assert ">County total</th>" in page


def test_the_dashboard_speaks_chinese(app, client, login, october):
    app.config["BABEL_DEFAULT_LOCALE"] = "zh_Hans_CN"
    login("bureau")
    page = client.get("/subsidy/?month=2026-10", headers={"Accept-Language": "zh-CN"}) \
        .get_data(as_text=True)
    assert "按食物类别的食材成本" in page and "本年累计结余" in page and "未提交" in page
    assert english_words(page) <= {"Excel", "PDF"}  # the file formats' names
