"""A school's monthly and weekly cost report: the PDF (CJK font embedded, signature lines, the
QR code's URL printed under it) and the xlsx carry the same numbers as the ledger of the
hand-built October, to the fen; a week across a month boundary reads both months' days."""
from __future__ import annotations

from decimal import Decimal as D

import pytest
import segno

from subsidy import services
from tests.factories import TODAY
from tests.subsidy.helpers_ledger import OCT, build_october
from tests.subsidy.helpers_reports import XLSX, fen, figure_in, pdf_text, sheets, shown

pytestmark = pytest.mark.usefixtures("en")


@pytest.fixture
def october(db, org, foods, deliver, supplier):
    return build_october(db, org, deliver, supplier)


@pytest.fixture
def qr_texts(monkeypatch):
    """Every text segno was asked to encode."""
    texts, original = [], segno.make

    def spy(content, *args, **kwargs):
        texts.append(content)
        return original(content, *args, **kwargs)
    monkeypatch.setattr(segno, "make", spy)
    return texts


def figures_of(book) -> dict:
    return {label: value for label, value in book["Figures"][1:]}


def test_the_month_report_carries_the_ledger_to_the_fen(client, login, db, october, tmp_path,
                                                        qr_texts):
    own = october[0]
    login("bureau")
    pdf = client.get(f"/subsidy/reports/{own.id}/2026-10.pdf")
    assert (pdf.status_code, pdf.mimetype) == (200, "application/pdf")
    assert pdf.headers["Content-Disposition"] == (
        f"inline; filename=subsidy-{own.code}-2026-10.pdf")
    fonts, text = pdf_text(pdf.data, tmp_path)
    assert any("CJK" in f["name"] for f in fonts) and all(f["emb"] == "yes" for f in fonts)
    xlsx = client.get(f"/subsidy/reports/{own.id}/2026-10.xlsx")
    assert (xlsx.status_code, xlsx.mimetype) == (200, XLSX)
    book = sheets(xlsx.data)
    figures = figures_of(book)
    assert (figures["School"], figures["Period"]) == (own.name, "2026-10")
    assert {k: figures[k] for k in ("Plan students", "School days", "Days with meals",
                                    "Student-days")} == {
        "Plan students": 70, "School days": 22, "Days with meals": 3, "Student-days": 112}
    money = {k: fen(figures[k]) for k in (
        "Entitlement", "Food cost", "Teachers' share", "Outside-plan pupils' share",
        "Spent on students", "Per student-day", "Balance", "Year balance", "Receipts", "Issues",
        "Stock at month end")}
    row = services.school_month(db, own.id, *OCT, today=TODAY)
    assert money == {"Entitlement": row["entitlement"], "Food cost": row["food_cost"],
                     "Teachers' share": row["teacher_spend"],
                     "Outside-plan pupils' share": row["outside_spend"],
                     "Spent on students": row["student_spend"],
                     "Per student-day": row["spend_per_student_day"],
                     "Balance": row["balance"], "Year balance": row["year_balance"],
                     "Receipts": row["receipts"], "Issues": row["issues"],
                     "Stock at month end": row["stock_value_end"]}
    assert money == {"Entitlement": D("596.00"), "Food cost": D("40.00"),
                     "Teachers' share": D("1.77"), "Outside-plan pupils' share": D("2.16"),
                     "Spent on students": D("36.07"),
                     "Per student-day": D("0.32"), "Balance": D("559.93"),
                     "Year balance": D("745.18"), "Receipts": D("50.00"),
                     "Issues": D("40.00"), "Stock at month end": D("55.00")}
    for label, value in book["Figures"][3:]:  # the PDF prints each beside its label
        assert figure_in(text, label, shown(value)), (label, value)
    days = book["By day"]
    assert [r[0].date() for r in days[1:-1]] == [d["day"] for d in row["days"]]
    total = days[-1]
    assert total[0] == "Total" and [total[2], fen(total[3]), fen(total[7]), total[8]] == [
        112, D("596.00"), D("36.07"), 4]
    total_line = next(line for line in text.splitlines() if line.startswith("Total"))
    assert total_line.split() == ["Total", "-", "112", "596.00", "40.00", "1.77", "2.16",
                                  "36.07", "4"]
    assert book["Food groups"][1:] == [("Cereals and tubers", 40.0, 36.07),
                                       ("Total", 40.0, 36.07)]
    assert figure_in(text, "Cereals and tubers", "40.00")
    url = f"http://localhost/subsidy/public/{own.id}/2026-10"
    # printed under the QR, broken over lines where a long school id makes it wrap
    assert qr_texts == [url] and url in "".join(text.split())
    # the month is not closed: the print says when its public page opens
    assert "Readable once the bureau closes the month." in " ".join(text.split())
    signatures = next(line for line in text.splitlines() if "Canteen manager:" in line)
    assert "Principal:" in signatures and "Bureau reviewer:" in signatures
    assert "School seal:" in text and own.name in text


def test_the_flags_with_their_explanation_status(client, login, db, october, app):
    own = october[0]
    bureau = login("bureau")
    found = services.month_flags(db, own.id, *OCT, today=TODAY,
                                 settings=services.flag_settings(app.config))
    first = found[0]
    services.explain_flag(db, school_id=own.id, year=2026, month=10, code=first["code"],
                          record_key=first["record_key"], note="已核实：运动会补课。",
                          user_id=bureau.id)
    db.commit()
    flags = sheets(client.get(f"/subsidy/reports/{own.id}/2026-10.xlsx").data)["Anomaly flags"]
    assert flags[0] == ("Flag", "Explanation", "Status", "Bureau's note")
    assert len(flags) - 1 == len(found)
    assert flags[1][2:] == ("Explained", "已核实：运动会补课。")
    assert {r[2] for r in flags[2:]} == {"Not explained"}
    assert bureau.username not in str(flags)


def test_a_week_across_a_month_boundary_reads_both_months(client, login, october, tmp_path):
    own = october[0]
    login("bureau")
    xlsx = client.get(f"/subsidy/reports/{own.id}/week/2026-10-01.xlsx")
    assert xlsx.headers["Content-Disposition"].endswith(
        f"filename=subsidy-{own.code}-week-2026-09-28.xlsx")
    book = sheets(xlsx.data)
    figures = figures_of(book)
    assert figures["Period"] == "Week of 2026-09-28 to 2026-10-04"
    # Monday 09-28 … Sunday 10-04: 09-28, 29, 30 and 10-02 are school days (10-01 a holiday);
    # lunch on 09-30 only: 38 plan students × 5.00; 1000 g of rice = 5.00, no teachers; of
    # its 40 pupils 2 are outside the plan: 5.00 × 2/40 = 0.25 is theirs
    assert {k: figures[k] for k in ("School days", "Days with meals", "Student-days")} == {
        "School days": 4, "Days with meals": 1, "Student-days": 38}
    assert {k: fen(figures[k]) for k in ("Entitlement", "Food cost", "Teachers' share",
                                         "Spent on students", "Per student-day", "Balance",
                                         "Year balance (to 2026-10-31)")} == {
        "Entitlement": D("190.00"), "Food cost": D("5.00"), "Teachers' share": D("0.00"),
        "Spent on students": D("4.75"), "Per student-day": D("0.13"),   # 4.75 / 38 = 0.125
        "Balance": D("185.25"), "Year balance (to 2026-10-31)": D("745.18")}
    assert "Receipts" not in figures and "Stock at month end" not in figures
    assert [str(r[0])[:10] for r in book["By day"][1:-1]] == [
        "2026-09-28", "2026-09-29", "2026-09-30", "2026-10-02"]
    assert book["Food groups"][1:] == [("Cereals and tubers", 5.0, 4.75),
                                       ("Total", 5.0, 4.75)]
    pdf = client.get(f"/subsidy/reports/{own.id}/week/2026-10-04.pdf")
    _fonts, text = pdf_text(pdf.data, tmp_path)
    for label, value in book["Figures"][3:]:
        assert figure_in(text, label, shown(value)), (label, value)
    assert "year balance runs to the end of the week's last month" in " ".join(text.split())
    flags = book["Anomaly flags"][1:]
    assert any(r[0] == "Spend per student-day below the rate (2026-10)" for r in flags)
    assert not any("2026-10-09" in r[1] for r in flags)  # a day of another week


def test_a_manager_gets_their_own_school_only(client, login, org, october):
    own, company, _empty = october
    login("canteen_manager", school=own)
    for url in ("/subsidy/reports/{}/2026-10.pdf", "/subsidy/reports/{}/2026-10.xlsx",
                "/subsidy/reports/{}/week/2026-10-09.pdf",
                "/subsidy/reports/{}/week/2026-10-09.xlsx"):
        assert client.get(url.format(company.id)).status_code == 404, url
    assert client.get(f"/subsidy/reports/{own.id}/2026-10.xlsx").status_code == 200
    assert client.get(f"/subsidy/reports/{own.id}/2026-13.pdf").status_code == 404
    assert client.get(f"/subsidy/reports/{own.id}/week/2026-02-30.pdf").status_code == 404
    assert client.get("/subsidy/reports/999999/2026-10.pdf").status_code == 404
    page = client.get(f"/subsidy/{own.id}/2026-10").get_data(as_text=True)
    for href in (f"/subsidy/reports/{own.id}/2026-10.pdf",
                 f"/subsidy/reports/{own.id}/week/2026-09-28.xlsx"):
        assert f'href="{href}"' in page, href
    # the public account exists once the month is closed: no link to a 404 before
    assert f'href="/subsidy/public/{own.id}/2026-10"' not in page


def test_the_report_speaks_chinese(app, client, login, october, tmp_path):
    app.config["BABEL_DEFAULT_LOCALE"] = "zh_Hans_CN"
    login("bureau")
    body = client.get(f"/subsidy/reports/{october[0].id}/2026-10.pdf",
                      headers={"Accept-Language": "zh-CN"}).data
    _fonts, text = pdf_text(body, tmp_path)
    for words in ("月度成本报表", "学生人天", "应享补助", "年度结余", "食堂管理员", "校长",
                  "教育局审核人", "学校盖章", "谷薯类", "合计"):
        assert words in text, words
    for english in ("Entitlement", "Student-days", "Principal", "Total", "Page"):
        assert english not in text, english
