"""The ledger's pages, spreadsheets, JSON API and CLI carry the same figures as the service;
a canteen manager sees their own school only, a township officer their township."""
from __future__ import annotations

import io
import re
from decimal import Decimal as D

import openpyxl
import pytest

from suite import accounts
from tests.subsidy.helpers_ledger import build_october

pytestmark = pytest.mark.usefixtures("en")
URL = "/api/v1/subsidy/ledger"


@pytest.fixture
def october(db, org, foods, deliver, supplier):
    return build_october(db, org, deliver, supplier)


@pytest.fixture
def api(client, factory, db, org):
    def _api(role, school=None, township=None):
        user = factory.user(role, school=school, township=township)
        token = accounts.create_token(db, user)
        db.commit()
        return lambda url: client.get(url, headers={"Authorization": f"Bearer {token}"})
    return _api


def table(page: str) -> str:
    return page[page.index('<table id="ledger">'):page.index("</table>")]


def test_the_bureau_month_table_sorted_filtered_with_totals(client, login, org, october):
    login("bureau")
    page = client.get("/subsidy/?month=2026-10").get_data(as_text=True)
    own, company, empty = october
    for figure in ("596.00", "782.00", "559.93", "745.18", "4.50", "1378.00", "675.07",
                   "888.18", "2.66", "15.66"):
        assert f">{figure}<" in page, figure
    main = page[page.index("<main"):page.index("</main>")]
    assert '<svg id="spend-chart"' in main and "<script" not in main
    ranked = table(client.get("/subsidy/?month=2026-10&sort=-balance").get_data(as_text=True))
    assert ranked.index(own.name) < ranked.index(company.name) < ranked.index(empty.name)
    ranked = table(client.get("/subsidy/?month=2026-10&sort=balance").get_data(as_text=True))
    assert ranked.index(empty.name) < ranked.index(company.name) < ranked.index(own.name)
    west = table(client.get(f"/subsidy/?month=2026-10&township={org.townships[1].id}")
                 .get_data(as_text=True))
    assert empty.name in west and own.name not in west and company.name not in west


def test_a_school_month_with_its_days_and_links(client, login, october):
    login("bureau")
    own = october[0]
    page = client.get(f"/subsidy/{own.id}/2026-10").get_data(as_text=True)
    for figure in ("596.00", "2.16", "36.07", "0.32", "559.93", "745.18", "55.00", "0.48",
                   "14.04", "0.70", "13.25"):
        assert f">{figure}<" in page, figure
    assert f'href="/canteen/?school={own.id}&amp;day=2026-10-09"' in page
    assert f'href="/canteen/{own.id}/days?month=2026-10"' in page
    assert client.get(f"/subsidy/{own.id}/2026-13").status_code == 404
    assert client.get("/subsidy/999999/2026-10").status_code == 404
    # a weekly report for each week of the month (2026-10-01 is a Thursday)
    part = page.split('<p id="weeks">')[1].split("</p>")[0]
    weeks = re.findall(rf'href="/subsidy/reports/{own.id}/week/([0-9-]+)\.pdf"', part)
    assert weeks == ["2026-09-28", "2026-10-05", "2026-10-12", "2026-10-19", "2026-10-26"]
    # November starts on a Sunday: its first week is the one of Monday the 2nd
    page = client.get(f"/subsidy/{own.id}/2026-11").get_data(as_text=True)
    part = page.split('<p id="weeks">')[1].split("</p>")[0]
    weeks = re.findall(rf'href="/subsidy/reports/{own.id}/week/([0-9-]+)\.xlsx"', part)
    assert weeks == ["2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23", "2026-11-30"]


def _sheet(body: bytes, index=0):
    return list(openpyxl.load_workbook(io.BytesIO(body)).worksheets[index].values)


def test_the_spreadsheets_carry_exact_figures(client, login, october):
    login("bureau")
    own = october[0]
    response = client.get("/subsidy/ledger.xlsx?month=2026-10")
    assert response.status_code == 200
    rows = _sheet(response.data)
    header = rows[0]
    mine = next(r for r in rows if r[0] == own.code)
    total = rows[-1]
    assert D(str(mine[header.index("Entitlement")])) == D("596.00")
    assert D(str(mine[header.index("Year balance")])) == D("745.18")
    assert D(str(mine[header.index("Outside-plan pupils' share")])) == D("2.16")
    assert (total[1], D(str(total[header.index("Spent on students")]))) == (
        "County total", D("675.07"))
    days = _sheet(client.get(f"/subsidy/{own.id}/2026-10.xlsx").data, 1)
    assert days[-1][0] == "Total" and D(str(days[-1][days[0].index("Spent on students")])) \
        == D("36.07")
    # a canteen manager's sheet holds the school alone: its total is no county's
    login("canteen_manager", school=own)
    rows = _sheet(client.get("/subsidy/ledger.xlsx?month=2026-10").data)
    assert [r[0] for r in rows[1:-2]] == [own.code] and rows[-1][1] == "Total"
    assert D(str(rows[-1][header.index("Spent on students")])) == D("36.07")


def test_the_api_gives_a_school_or_the_county(api, org, october):
    own, company, empty = october
    call = api("bureau")
    one = call(f"{URL}?month=2026-10&school={own.id}").get_json()
    assert (one["month"], one["school"]["entitlement"], one["school"]["balance"],
            one["school"]["spend_per_student_day"]) == ("2026-10", "596.00", "559.93", "0.32")
    assert one["school"]["outside_spend"] == "2.16"
    county = call(f"{URL}?month=2026-10&scope=county").get_json()
    assert [s["code"] for s in county["schools"]] == [own.code, company.code, empty.code]
    assert (county["county"]["student_spend"], county["townships"][0]["balance"]) == (
        "675.07", "702.93")
    bad = call(f"{URL}?month=2026-13&school=x")
    assert (bad.status_code, bad.get_json()["errors"]) == (400, {
        "month": "Enter the month as 2026-09.", "school": "The school is a number."})
    assert call(f"{URL}?month=2026-10").get_json()["errors"] == {
        "school": "Choose a school, or ask for the county (scope=county)."}


def test_a_manager_sees_only_their_school(client, login, api, org, october):
    own, company, _empty = october
    login("canteen_manager", school=own)
    table_html = table(client.get("/subsidy/?month=2026-10").get_data(as_text=True))
    assert own.name in table_html and company.name not in table_html
    assert client.get(f"/subsidy/{own.id}/2026-10").status_code == 200
    assert client.get(f"/subsidy/{company.id}/2026-10").status_code == 404
    assert client.get(f"/subsidy/{company.id}/2026-10.xlsx").status_code == 404
    call = api("canteen_manager", school=own)
    assert call(f"{URL}?month=2026-10&school={company.id}").status_code == 404
    county = call(f"{URL}?month=2026-10&scope=county").get_json()
    assert [s["code"] for s in county["schools"]] == [own.code]
    assert county["county"]["balance"] == "559.93"


def test_a_township_officer_sees_their_township(client, login, org, october):
    login("township_officer", township=org.townships[1])
    page = table(client.get("/subsidy/?month=2026-10").get_data(as_text=True))
    assert october[2].name in page and october[0].name not in page
    assert client.get(f"/subsidy/{october[0].id}/2026-10").status_code == 404


def test_the_cli_prints_the_same_figures(runner, org, october, tmp_path):
    own = october[0]
    result = runner.invoke(args=["subsidy", "ledger", "--month", "2026-10"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    mine = next(line for line in lines if line.startswith(own.code))
    assert mine.split()[-9:] == ["112", "596.00", "40.00", "1.77", "2.16", "36.07", "0.32",
                                 "559.93", "745.18"]
    assert lines[-1].split() == ["total", "148", "5", "254", "1378.00", "733.00", "42.27",
                                 "15.66", "675.07", "2.66", "702.93", "888.18"]
    out = tmp_path / "ledger.xlsx"
    one = runner.invoke(args=["subsidy", "ledger", "--month", "2026-10", "--school",
                              own.code, "--xlsx", str(out)])
    assert one.exit_code == 0, one.output
    assert D(str(_sheet(out.read_bytes())[1][3 + 4])) == D("596.00")
    bad = runner.invoke(args=["subsidy", "ledger", "--month", "2026-13"])
    assert (bad.exit_code, "not a month: 2026-13" in bad.output) == (1, True)
    bad = runner.invoke(args=["subsidy", "ledger", "--month", "2026-10", "--school", "NOPE"])
    assert (bad.exit_code, "unknown school code: NOPE" in bad.output) == (1, True)


def test_the_pages_speak_chinese(app, client, login, october):
    app.config["BABEL_DEFAULT_LOCALE"] = "zh_Hans_CN"
    login("bureau")
    for url in ("/subsidy/?month=2026-10", f"/subsidy/{october[0].id}/2026-10"):
        page = client.get(url, headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)
        main = page[page.index("<main"):page.index("</main>")]
        assert "学生人天" in main and "应享补助" in main and "年度结余" in main, url
        for english in ("Entitlement", "Student-days", "Balance", "Spent on", "Total"):
            assert english not in main, (url, english)
