"""The bureau officer's month-end check of last month on the demo county, in the browser: the
month's ledger with meals served and spend, the anomaly flags with the demo's planted problems
(one explained by the demo, the doubled rice explained here), the drill-down from the ledger to
a school's month and to the day, the close of the submitted month with its confirmation, and
the month's PDF. Then the ledger and the flags
on a 390-px phone, without sideways scrolling."""
from __future__ import annotations

import re
import subprocess

import pytest

from subsidy.demo import NO_SAMPLE_NOTE, SHORT_NOTE, previous_month
from suite import clock

pytestmark = pytest.mark.e2e
PHONE = {"width": 390, "height": 844}
FIRST = "城关红星教学点"            # S0001: the canteen demo issued twice its rice one day
SECOND = "青石向阳九年一贯制学校"   # S0002: the demo left its last month submitted
RICE_NOTE = "经核实，当天大米按两餐出库，多出部分已退回库房并补记入库。"
FITS = "document.documentElement.scrollWidth <= window.innerWidth"


def _month(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _demo_month(page, live_server) -> str:
    """Last month: the demo's canteens start on its first school day and plant their problems
    in it, and the bureau explained one of its flags."""
    month = _month(*previous_month(clock.today()))
    page.goto(f"{live_server}/subsidy/flags?month={month}")
    assert page.locator("#flags tr.flag-explained").count(), "the demo explained no flag"
    return month


def _column(page, key: str) -> list[str]:
    """The ledger's figures under the column sorted by `key`, one per school."""
    return page.evaluate("""key => {
        const heads = [...document.querySelectorAll('#ledger thead th')];
        const i = heads.findIndex(th => { const a = th.querySelector('a');
            return a && new URL(a.href).searchParams.get('sort') === key; });
        return [...document.querySelectorAll('#ledger tbody tr')].map(
            tr => tr.children[i].innerText.trim()); }""", key)


def _flash(page) -> str:
    return page.locator(".flash-success").inner_text()


def test_bureau_month_end_check(open_as, live_server, tmp_path):
    page = open_as("bureau")
    month = _demo_month(page, live_server)

    # the flags: a planted problem with its Chinese explanation and the demo's note
    explained = page.locator("#flags tr.flag-explained")
    notes = explained.locator("p.explained").all_inner_texts()
    assert any(NO_SAMPLE_NOTE in n or SHORT_NOTE in n for n in notes), notes
    assert "已说明" in notes[0]
    assert re.search(r"\d{4}-\d{2}-\d{2} 午餐：", explained.first.locator("td").nth(2).inner_text())
    # the doubled rice of the first school is open: the officer explains it
    rice = page.locator("#flags tr.flag-open[data-code=unexplained_issue]", has_text=FIRST) \
        .filter(has_text="大米")
    assert rice.count() == 1, page.inner_text("#flags")
    key = rice.get_attribute("data-key")        # "<day>|lunch|<food code>"
    assert "出库" in rice.inner_text() and "相差超过 10%" in rice.inner_text()
    rice.locator("textarea[name=note]").fill(RICE_NOTE)
    rice.locator("button[type=submit]", has_text="标为已说明").click()
    page.wait_for_load_state()
    assert _flash(page) == "已将该预警标为已说明。"
    done = page.locator(f"#flags tr.flag-explained[data-key='{key}']", has_text=FIRST)
    assert RICE_NOTE in done.locator("p.explained").inner_text()
    assert "教育局" in done.locator("p.explained").inner_text()   # who explained it

    # the ledger of the month: every school served meals and spent on food; the first school
    # is there, and its month drills down to the day
    page.goto(f"{live_server}/subsidy/?month={month}")
    assert len(_column(page, "meal_days")) == 3
    assert all(int(n) > 0 for n in _column(page, "meal_days")), _column(page, "meal_days")
    assert all(float(n.replace(",", "")) > 0 for n in _column(page, "student_spend"))
    row = page.locator("#ledger tbody tr", has_text=FIRST)
    assert row.count() == 1 and row.locator("td").first.inner_text() == "S0001"
    row.locator("a", has_text=FIRST).click()
    page.wait_for_url(re.compile(rf".*/subsidy/\d+/{month}$"))
    assert page.locator("h1").inner_text() == f"{FIRST} {month}"
    day = key.split("|")[0]
    day_row = page.locator("#days tbody tr", has_text=day)
    assert day_row.count() == 1
    day_row.locator("a", has_text=day).click()
    page.wait_for_url(re.compile(rf".*/subsidy/\d+/day/{day}$"))
    assert page.locator("h1").inner_text() == f"{FIRST} {day}"
    assert "大米" in page.locator("table.issue-lines").first.inner_text()  # the doubled rice

    # last month: the second school submitted it; the officer closes it after confirming
    last = _month(*previous_month(clock.today()))
    page.goto(f"{live_server}/subsidy/close")
    assert page.locator("h1").inner_text() == f"月结 · {last}"
    close_row = page.locator("#month-close tbody tr", has_text=SECOND)
    assert close_row.locator(".badge").inner_text() == "已提交，待审核"
    school_id = close_row.get_attribute("id").removeprefix("school-")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    close_row.locator("button", has_text="结账").click()
    page.wait_for_load_state()
    assert asked == ["确认结账？该月台账将按当前数据保存。"]
    assert _flash(page) == "已结账，该月台账已按当前数据保存。"
    close_row = page.locator(f"#month-close tr#school-{school_id}")
    assert close_row.locator(".badge").inner_text() == "已结账"
    assert close_row.locator("button", has_text="结账").count() == 0

    # its public account shows the month's figures
    page.goto(f"{live_server}/subsidy/public/{school_id}/{last}")
    assert int(page.inner_text("#pub-student_days")) > 0
    assert float(page.inner_text("#pub-student_spend").replace(",", "")) > 0
    assert page.locator("#public-groups tbody tr").count() > 0

    # the month's PDF from the school's page
    page.goto(f"{live_server}/subsidy/{school_id}/{last}")
    link = page.locator(f"#reports a[href$='/reports/{school_id}/{last}.pdf']")
    assert link.count() == 1
    # the PDF opens inline (printed from the browser's viewer): fetched with the page's login
    response = page.request.get(live_server + link.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    saved = tmp_path / "month.pdf"
    saved.write_bytes(response.body())
    text = subprocess.run(["pdftotext", "-layout", str(saved), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert SECOND in text and "月度成本报表" in text and "教育局审核人" in text


def test_ledger_and_flags_fit_a_phone(open_as, live_server):
    page = open_as("bureau", **PHONE)
    month = _demo_month(page, live_server)
    for path in (f"/subsidy/?month={month}", f"/subsidy/flags?month={month}"):
        page.goto(live_server + path)
        assert page.locator("main h1").count() == 1
        assert page.evaluate(FITS), (path, page.evaluate(
            "[document.documentElement.scrollWidth, window.innerWidth]"))
