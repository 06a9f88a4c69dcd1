"""A bureau officer imports students, reconciles an outside list, resolves a case and exports
the result, in the browser."""
from __future__ import annotations

import re

import openpyxl
import pytest

from roster.synth import students
from suite.tabular import write_xlsx

pytestmark = pytest.mark.e2e


def test_import_reconcile_resolve_export(open_as, live_server, tmp_path):
    page = open_as("bureau")
    rows = students(40, ["S0001", "S0002"], seed=77, area="350802")
    header = list(rows[0])
    roster_file = tmp_path / "roster.xlsx"
    roster_file.write_bytes(write_xlsx([("roster", header, [list(r.values()) for r in rows])],
                                       text_columns=("学籍号", "身份证号")))

    # import, first as a dry run
    page.goto(live_server + "/roster/import")
    page.set_input_files("#file", str(roster_file))
    page.check("#dry_run")
    page.click("form[data-upload-progress] button.primary")
    page.wait_for_selector("text=试导入，未写入任何数据")  # "Dry run: nothing was changed"
    counts = dict(zip(page.locator("main tbody th").all_inner_texts(),
                      page.locator("main tbody td").all_inner_texts()))
    assert counts == {"新增": "40", "已更新": "0", "转学": "0", "无变化": "0"}
    page.goto(live_server + "/roster/import")
    page.set_input_files("#file", str(roster_file))
    page.click("form[data-upload-progress] button.primary")
    page.wait_for_url(re.compile(r".*/roster/students$"))
    # the dry run wrote nothing: the real import finds the same 40 students new
    assert page.inner_text(".flash-success") == (
        "导入完成：新增 40 人，更新 0 人，转学 0 人，0 人无变化。")

    # an outside list: 30 of the imported students, one name changed, one unknown child
    listed = [[r["姓名"], r["身份证号"], r["出生日期"]] for r in rows[:30]]
    listed[0][0] = "改名字"
    listed.append(["王未录", "35088220150601481X", "2015-06-01"])
    list_file = tmp_path / "list.xlsx"
    list_file.write_bytes(write_xlsx([("名单", ["姓名", "身份证号", "出生日期"], listed)],
                                     text_columns=("身份证号",)))
    page.goto(live_server + "/roster/reconcile/new")
    page.set_input_files("#file", str(list_file))
    page.click("button.primary")
    page.wait_for_url(re.compile(r".*/roster/reconcile/run\?id=\d+.*"))
    page.goto(page.url.split("&")[0] + "&kind=conflict")
    assert "改名字" in page.inner_text("main")

    # resolve the first open case with a note
    first = page.locator("textarea[name=note]").first
    first.fill("已核实，系录入错误")
    first.locator("xpath=following-sibling::button").click()
    page.wait_for_load_state()
    page.goto(page.url.split("&")[0] + "&state=resolved")
    assert "已核实，系录入错误" in page.inner_text("main")

    # export: a real workbook, ID numbers masked
    with page.expect_download() as download:
        page.click("a[href*='/roster/reconcile/export.xlsx']")
    path = tmp_path / "result.xlsx"
    download.value.save_as(path)
    cells = [c for sheet in openpyxl.load_workbook(path).worksheets
             for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert rows[1]["身份证号"] not in cells
    assert any(isinstance(c, str) and "**********" in c for c in cells)
