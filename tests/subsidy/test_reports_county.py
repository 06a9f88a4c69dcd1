"""The county's monthly cost summary (each total the sum of its rows, the same numbers in the
PDF and the xlsx, flags counted per school), a township officer's and a manager's scope, and
the API's report files."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from subsidy import services
from suite import accounts
from tests.factories import TODAY
from tests.subsidy.helpers_ledger import OCT, build_october
from tests.subsidy.helpers_reports import XLSX, fen, figure_in, pdf_text, sheets, shown

pytestmark = pytest.mark.usefixtures("en")
API = "/api/v1/subsidy/reports"


@pytest.fixture
def october(db, org, foods, deliver, supplier):
    return build_october(db, org, deliver, supplier)


@pytest.fixture
def api(client, factory, db):
    def _api(role, school=None):
        token = accounts.create_token(db, factory.user(role, school=school))
        db.commit()
        return lambda url: client.get(url, headers={"Authorization": f"Bearer {token}"})
    return _api


def test_the_county_totals_are_the_sums_of_their_rows(client, login, db, app, org, october,
                                                      tmp_path):
    login("bureau")
    xlsx = client.get("/subsidy/reports/county/2026-10.xlsx")
    assert (xlsx.status_code, xlsx.mimetype) == (200, XLSX)
    assert xlsx.headers["Content-Disposition"].endswith("filename=subsidy-county-2026-10.xlsx")
    table = sheets(xlsx.data)["Schools"]
    header, rows = table[0], table[1:]
    schools = [r for r in rows if r[0]]
    subtotals = [r for r in rows if r[1] == "Subtotal"]
    total = rows[-1]
    assert [r[0] for r in schools] == [s.code for s in october] and total[1] == "County total"
    numeric = range(3, len(header))
    for c in numeric:
        if header[c] == "Per student-day":
            continue  # worked out from the summed figures
        assert fen(total[c]) == sum(fen(r[c]) for r in schools), header[c]
        for sub in subtotals:
            mine = [r for r in schools if r[2] == sub[2]]
            assert fen(sub[c]) == sum(fen(r[c]) for r in mine), (header[c], sub[2])
    col = header.index
    assert [fen(total[col(k)]) for k in ("Entitlement", "Spent on students", "Balance",
                                         "Year balance", "Per student-day")] == [
        D("1378.00"), D("675.07"), D("702.93"), D("888.18"), D("2.66")]
    settings = services.flag_settings(app.config)
    for school, row in zip(october, schools):
        found = services.month_flags(db, school.id, *OCT, today=TODAY, settings=settings)
        assert (row[col("Open flags")], row[col("Flags")]) == (len(found), len(found))
    pdf = client.get("/subsidy/reports/county/2026-10.pdf")
    assert (pdf.status_code, pdf.mimetype) == (200, "application/pdf")
    fonts, text = pdf_text(pdf.data, tmp_path)
    assert any("CJK" in f["name"] for f in fonts)
    total_line = next(line for line in text.splitlines() if "County total" in line)
    assert total_line.split()[2:] == [shown(v) for v in total[3:]]
    for r in schools:
        line = next(line for line in text.splitlines() if line.strip().startswith(r[0]))
        assert line.split()[3:] == [shown(v) for v in r[3:]], r[0]
    figures = sheets(xlsx.data)["Figures"]
    for label, value in figures[3:]:
        assert figure_in(text, label, shown(value)), (label, value)
    assert [r for r in sheets(xlsx.data)["Food groups"][1:]] == [
        ("Supplied meals", 693.0, 639.0), ("Cereals and tubers", 40.0, 36.07),
        ("Total", 733.0, 675.07)]
    assert "Prepared by:" in text and "Bureau reviewer:" in text and "seal" in text


def test_a_township_officer_gets_their_township_only(client, login, org, october):
    own, _company, empty = october
    login("township_officer", township=org.townships[1])
    rows = sheets(client.get("/subsidy/reports/county/2026-10.xlsx").data)["Schools"][1:]
    assert [r[0] for r in rows if r[0]] == [empty.code]
    assert client.get(f"/subsidy/reports/{own.id}/2026-10.pdf").status_code == 404
    assert client.get(f"/subsidy/reports/{own.id}/week/2026-10-09.xlsx").status_code == 404
    assert client.get(f"/subsidy/reports/{empty.id}/2026-10.xlsx").status_code == 200
    assert client.get("/subsidy/reports/county/2026-13.pdf").status_code == 404
    page = client.get("/subsidy/?month=2026-10").get_data(as_text=True)
    assert 'href="/subsidy/reports/county/2026-10.pdf"' in page


def test_a_manager_county_summary_is_their_school(client, login, october):
    login("canteen_manager", school=october[0])
    rows = sheets(client.get("/subsidy/reports/county/2026-10.xlsx").data)["Schools"][1:]
    assert [r[0] for r in rows if r[0]] == [october[0].code]


def test_the_api_gives_the_report_files(api, client, october, tmp_path):
    own, company, _empty = october
    call = api("bureau")
    pdf = call(f"{API}/{own.id}/2026-10.pdf")
    assert (pdf.status_code, pdf.mimetype) == (200, "application/pdf")
    _fonts, text = pdf_text(pdf.data, tmp_path)
    assert figure_in(text, "Entitlement", "596.00") and figure_in(text, "Balance", "559.93")
    xlsx = call(f"{API}/{own.id}/2026-10.xlsx")
    assert (xlsx.status_code, xlsx.mimetype) == (200, XLSX)
    figures = dict(sheets(xlsx.data)["Figures"][1:])
    assert fen(figures["Spent on students"]) == D("36.07")
    bad = call(f"{API}/{own.id}/2026-13.pdf")
    assert (bad.status_code, bad.get_json()["errors"]) == (
        400, {"month": "Enter the month as 2026-09."})
    mine = api("canteen_manager", school=own)
    assert mine(f"{API}/{own.id}/2026-10.xlsx").status_code == 200
    assert mine(f"{API}/{company.id}/2026-10.pdf").status_code == 404
    assert mine(f"{API}/{company.id}/2026-10.xlsx").status_code == 404
    assert client.get(f"{API}/{own.id}/2026-10.pdf").status_code == 401
    nutritionist = api("nutritionist")
    assert nutritionist(f"{API}/{own.id}/2026-10.pdf").status_code == 403
