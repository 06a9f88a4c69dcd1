"""A bureau officer imports a file of an unknown layout on a phone: the columns are placed
once on the mapping page, and the next file of the same shape imports with no questions."""
from __future__ import annotations

import csv
import io
import re

import pytest

from roster.synth import students

pytestmark = pytest.mark.e2e

HEADER = ["编号", "学生", "性别", "学校", "年级", "出生", "备注栏"]


def _file(path, rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for r in rows:
        writer.writerow([r["学籍号"], r["姓名"], r["性别"], r["学校代码"], r["年级"],
                         r["出生日期"], "-"])
    path.write_bytes(out.getvalue().encode("gbk"))
    return str(path)


def test_an_unknown_layout_is_mapped_once_in_the_browser(open_as, live_server, tmp_path):
    rows = students(6, ["S0001", "S0002"], seed=91, area="350803")
    page = open_as("bureau", width=390, height=844)
    page.goto(live_server + "/roster/import")
    page.set_input_files("#file", _file(tmp_path / "名单一.csv", rows[:3]))
    page.click("form[data-upload-progress] button.primary")
    page.wait_for_selector("text=对应文件的列")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.locator("#field-2").input_value() == "sex"  # the alias table's guess
    page.select_option("#field-0", "student_no")
    page.select_option("#field-1", "name")
    page.select_option("#field-3", "school_code")
    page.select_option("#field-5", "birth_date")
    page.click("button.primary")
    page.wait_for_url(re.compile(r".*/roster/students$"))
    assert page.locator(".flash-success").all_inner_texts() == [
        "列的对应已保存：今后同样列的文件将直接导入，不再询问。",
        "导入完成：新增 3 人，更新 0 人，转学 0 人，0 人无变化。"]

    page.goto(live_server + "/roster/import")
    page.set_input_files("#file", _file(tmp_path / "名单二.csv", rows[3:]))
    page.click("form[data-upload-progress] button.primary")
    page.wait_for_url(re.compile(r".*/roster/students$"))
    assert page.inner_text(".flash-success") == (
        "导入完成：新增 3 人，更新 0 人，转学 0 人，0 人无变化。")
