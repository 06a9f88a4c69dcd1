"""Templates as counties hand them out: a row of filling-in guidance (必填, 男/女, 格式：…) or
an example row under the header is passed over, and a cell merged down over several rows (a
school or class beside each of its pupils) gives each row its value."""
from __future__ import annotations

import io

import openpyxl
import pytest
import xlwt
from flask_babel import force_locale

from suite.table_grid import table_from_grid
from suite.table_hints import guidance_note, guidance_rows
from suite.table_xlsx import fill_merged_down
from suite.tabular import read_table

HEADER = ["学籍号", "姓名", "性别", "出生日期", "身份证号"]
PUPIL = ["G1", "李四", "女", "2015-01-02", "110101201501020022"]


@pytest.mark.parametrize("rows, skipped", [
    ([["必填", "必填", "男/女", "格式：2015-09-01", "18位数字"]], 1),
    ([["*必填项", "请填写真实姓名", "下拉选择", "YYYY-MM-DD", "注：身份证号按文本填写"]], 1),
    ([["示例", "张三", "男", "2015-09-01", "110101201509010012"]], 1),
    ([["填写说明：每名学生一行"], [None] * 5, ["例：G2015…", "", "", "", ""]], 3),
    ([["选填", None, None, None, None], ["示例：", "张三", "男", "2015-09-01", "x"]], 2),
    ([["必填", "必填", "男/女", "格式：2015-09-01", 18]], 1),   # a length typed as a number
    ([["必填", "选填", 10.0, None, None], ["示例", "张三", "男", "2015-09-01", 18]], 2),
])
def test_guidance_and_example_rows_under_the_header_are_passed_over(rows, skipped):
    table = table_from_grid([HEADER, *rows, PUPIL])
    assert [r["姓名"] for r in table.rows] == ["李四"]
    assert table.row_numbers == [2 + skipped]
    assert table.guidance == tuple(2 + i for i, row in enumerate(rows) if any(row))


@pytest.mark.parametrize("row", [
    ["G2", "王五", "男/女", "格式", "必填"],          # a name is data
    ["G2", "必填", "男", "2015-09-01", 110101201509010012],  # a number is typed data
    ["说明", "王五", "男", "2015-09-01", "110101201509010012"],  # 说明 names a pupil's note
    ["2015/09", "3/1", None, None, None],              # dates and fractions are no choices
    ["必填", None, 18, None, None],                     # one hint beside a number: data
    [None, 12, None, None, 3],                          # small numbers alone are data
    ["必填", "男/女", 18.5, None, None],                # a number with a fraction is data
    ["必填", "男/女", 100, None, None],                 # so is one past a length
])
def test_a_row_of_data_is_never_taken_for_guidance(row):
    table = table_from_grid([HEADER, row, PUPIL])
    assert len(table.rows) == 2 and table.guidance == () and table.row_numbers == [2, 3]


def test_guidance_is_looked_for_only_at_the_top():
    later = [HEADER, PUPIL, ["必填", "必填", "男/女", "格式", "18位"]]
    assert len(table_from_grid(later).rows) == 2
    deep = [HEADER] + [[None] * 5] * 5 + [["必填"] * 5, PUPIL]
    assert guidance_rows(deep[1:]) == 0 and len(table_from_grid(deep).rows) == 2


def test_the_note_names_the_rows(app):
    with app.test_request_context(), force_locale("en"):
        assert guidance_note((2,)) == ("Row 2, under the header, holds filling-in guidance or "
                                       "an example and was not imported.")
        assert guidance_note((2, 4)) == ("Rows 2, 4, under the header, hold filling-in guidance "
                                         "or examples and were not imported.")
        assert guidance_note(()) is None
    with app.test_request_context(), force_locale("zh_Hans_CN"):
        assert guidance_note((2, 4)) == "表头下第 2、4 行是填写说明或示例，未导入。"


def merged_xlsx() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["学生名单"])
    sheet.merge_cells("A1:D1")
    sheet.append(["学校代码", "班级", "姓名", "备注"])
    for row in (["S0001", "1班", "张三", "转学，见附表"], [None, None, "李四", None],
                [None, "2班", "王五", None], [None, None, None, None]):
        sheet.append(row)
    sheet.merge_cells("A3:A6")   # past the last pupil: the blank row stays blank
    sheet.merge_cells("B3:B4")
    sheet.merge_cells("D3:D3")
    sheet.merge_cells("C9:C40")  # past the sheet's last row: nothing is added
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def merged_xls() -> bytes:
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("名单")
    sheet.write_merge(0, 0, 0, 3, "学生名单")
    for c, name in enumerate(["学校代码", "班级", "姓名", "备注"]):
        sheet.write(1, c, name)
    sheet.write_merge(2, 4, 0, 0, "S0001")
    sheet.write_merge(2, 3, 1, 1, "1班")
    sheet.write(4, 1, "2班")
    for r, name in enumerate(["张三", "李四", "王五"], start=2):
        sheet.write(r, 2, name)
    sheet.write(2, 3, "转学，见附表")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("data, name", [(merged_xlsx(), "名单.xlsx"), (merged_xls(), "名单.xls")])
def test_a_cell_merged_down_gives_each_row_its_value(app, data, name):
    table = read_table(data, name, header_finder=lambda row: sum(bool(c) for c in row))
    assert [(r["学校代码"], r["班级"], r["姓名"], r["备注"]) for r in table.rows] == [
        ("S0001", "1班", "张三", "转学，见附表"), ("S0001", "1班", "李四", None),
        ("S0001", "2班", "王五", None)]
    assert table.row_numbers == [3, 4, 5] and table.header_row == 2


def test_a_merge_across_stays_in_its_first_cell_and_overlaps_fill_once():
    cells = [["a", "", ""], ["", "x", ""], ["", "", "y"], ["", "", ""]]
    ranges = [((0, 0), (0, 2)), ((0, 0), (2, 0)), ((0, 0), (3, 0)), ((1, 1), (2, 2))]
    assert fill_merged_down(cells, ranges) == [["a", "", ""], ["a", "x", ""], ["a", "x", "y"],
                                               ["", "", ""]]
    many = [((0, 0), (10 ** 6, 0))] * 10_000  # overlapping, far past the sheet
    assert fill_merged_down([["a"], ["", "b"], ["c"]], many) == [["a"], ["a", "b"], ["c"]]
