"""The shared spreadsheet reader refuses hostile files before reading a sheet (issue 9 #9),
formula cells without a value and empty files (#11); the writer keeps amounts exact (#5)."""
from __future__ import annotations

import io
import time
import tracemalloc
import zipfile
from decimal import Decimal

import openpyxl
import pytest
import xlsxwriter

from suite.tabular import TableFileError, read_table, write_xlsx

from .xlsx_parts import row, text_cell, xlsx

TOO_MANY = ("工作表的表头下有 {} 行（Excel 记为已使用的空行也计算在内），最多可导入 {} 行："
            "请删除表格下方的行，或把表格复制到新文件中再上传。")


@pytest.fixture
def app_config():
    return {"BABEL_DEFAULT_LOCALE": "zh_Hans_CN"}


def refused(data: bytes, name: str = "hostile.xlsx") -> str:
    """The refusal message, checked to come within a few MB and seconds: a file that were
    unpacked or walked cell by cell would take far more of both. The time bound is loose
    (tracemalloc slows the read, and a test run may share the cores); the memory bound is the
    sharp one."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(TableFileError) as exc:
            read_table(data, name)
        elapsed = time.perf_counter() - started
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < 5, elapsed
    assert peak < 8 * 2**20, peak
    return str(exc.value)


def two_corners(dimension=None) -> bytes:
    return xlsx(row(1, text_cell("A1", "姓名")) + row(1048576, text_cell("XFD1048576", "x")),
                dimension=dimension)


def test_one_cell_at_the_last_row_and_column_is_refused_from_the_dimension(app):
    data = two_corners("A1:XFD1048576")
    assert len(data) < 2000
    assert refused(data) == TOO_MANY.format(1048575, 200000)


def test_the_cells_themselves_are_checked_when_the_dimension_is_missing_or_lies(app):
    assert refused(two_corners()) == TOO_MANY.format(1048575, 200000)
    assert refused(two_corners("A1:B2")) == TOO_MANY.format(1048575, 200000)
    wide = xlsx(row(1, text_cell("A1", "姓名"), text_cell("XFD1", "x")))
    assert refused(wide) == "文件有 16384 列，最多可导入 200 列。"


def test_limits_come_from_the_configuration(app):
    app.config["IMPORT_MAX_ROWS"] = 2
    three = xlsx("".join(row(n, text_cell(f"A{n}", f"v{n}")) for n in range(1, 5)))
    assert refused(three) == TOO_MANY.format(3, 2)
    two = xlsx("".join(row(n, text_cell(f"A{n}", f"v{n}")) for n in range(1, 4)))
    assert read_table(two, "ok.xlsx").rows == [{"v1": "v2"}, {"v1": "v3"}]


def _zeros(size):
    def write(stream):
        block = b"<x/>" * (1 << 18)  # 1 MB
        for _ in range(size // len(block)):
            stream.write(block)
    return write


def test_an_archive_that_unpacks_beyond_the_limit_is_refused_before_unpacking(app):
    app.config["IMPORT_MAX_RATIO"] = 10_000
    data = xlsx(row(1, text_cell("A1", "姓名")) + row(2, text_cell("A2", "张三")),
                extra={"xl/media/padding.xml": _zeros(210 * 2**20)})
    assert len(data) < 2 * 2**20
    assert refused(data) == "Excel 文件解压后有 210 MB，超过允许的 200 MB。"


def test_a_member_compressed_far_beyond_normal_is_refused(app):
    data = xlsx(row(1, text_cell("A1", "姓名")) + row(2, text_cell("A2", "张三")),
                extra={"xl/media/padding.xml": _zeros(24 * 2**20)})
    member = zipfile.ZipFile(io.BytesIO(data)).getinfo("xl/media/padding.xml")
    ratio = member.file_size // member.compress_size
    assert ratio > 100
    assert refused(data) == f"该 Excel 文件的压缩比高达 {ratio} 比 1，远超正常表格，不予读取。"


def test_a_damaged_archive_is_refused(app):
    assert refused(b"PK\x03\x04 not a zip") == "无法读取该 Excel 文件。"


def test_formula_cells_without_a_stored_value_are_errors_with_row_and_column(app):
    header = row(1, text_cell("A1", "学籍号"), text_cell("B1", "姓名"))
    no_value = xlsx(header + row(2, text_cell("A2", "G1"), '<c r="B2"><f>C9</f></c>'))
    message = refused(no_value)
    assert message.startswith("不能导入没有计算结果的公式单元格（第 2 行“姓名”列）")
    # written by a program that cannot calculate: the stored 0 is not the result
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out)
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["学籍号", "姓名"])
    sheet.write_string(1, 0, "G1")
    sheet.write_formula(1, 1, "=C9")
    book.close()
    assert refused(out.getvalue()).startswith(
        "不能导入没有计算结果的公式单元格（第 2 行“姓名”列）")
    # a formula whose result Excel stored is read as that result
    stored = xlsx(header + row(2, text_cell("A2", "G1"),
                               '<c r="B2" t="str"><f>C9</f><v>张三</v></c>'))
    assert read_table(stored, "ok.xlsx").rows == [{"学籍号": "G1", "姓名": "张三"}]


@pytest.mark.parametrize("data,name", [
    (xlsx(row(1, text_cell("A1", "姓名"))), "header-only.xlsx"),
    ("姓名,身份证号\r\n".encode("utf-8-sig"), "header-only.csv"),
    ("姓名,身份证号\r\n,\r\n".encode("utf-8-sig"), "blank-rows.csv"),
])
def test_a_file_without_data_rows_is_an_error(app, data, name):
    assert refused(data, name) == "文件在表头下没有数据行。"


def test_csv_cells_over_the_field_limit_and_over_excel_s_limit_are_refused(app):
    huge = ("姓名\r\n" + "x" * 131_073 + "\r\n").encode()
    assert refused(huge, "huge.csv") == "第 2 行：有单元格超过 32767 个字符，或在该行开始的引号没有闭合。"
    # a quote never closed, after good rows: the row where it opens
    unclosed = ("姓名,民族\r\n张三,汉族\r\n李四,\"汉族\r\n" + "x" * 131_073).encode()
    assert refused(unclosed, "quote.csv") == (
        "第 3 行：有单元格超过 32767 个字符，或在该行开始的引号没有闭合。")
    long = ("姓名\r\n" + "x" * 40_000 + "\r\n").encode()
    assert refused(long, "long.csv") == "第 2 行“姓名”列：单元格超过 32767 个字符。"


def test_xlsx_amounts_are_exact_decimals_with_two_places():
    amounts = [Decimal("12.93"), Decimal("123456789012345.67"), Decimal("0.10")]
    body = write_xlsx([("金额", ["金额"], [[a] for a in amounts])])
    xml = zipfile.ZipFile(io.BytesIO(body)).read("xl/worksheets/sheet1.xml").decode()
    assert "<v>12.93</v>" in xml and "<v>123456789012345.67</v>" in xml
    assert "<v>0.10</v>" in xml
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    cells = [sheet.cell(row=n, column=1) for n in (2, 3, 4)]
    assert [c.number_format for c in cells] == ["0.00", "0.00", "0.00"]
    assert [c.data_type for c in cells] == ["n", "n", "n"]
    assert [Decimal(repr(c.value)) for c in cells] == [Decimal("12.93"),
                                                       Decimal("123456789012345.67"),
                                                       Decimal("0.1")]


def test_nul_characters_in_a_file_are_refused(app):
    data = "姓名,身份证号\r\n张\x00三,1\r\n".encode("utf-8")
    assert refused(data, "nul.csv") == "第 2 行“姓名”列：单元格含有空字符（NUL），任何字段都不能包含该字符。"
    assert refused("姓\x00名\r\n张三\r\n".encode(), "nul.csv") \
        == "第 1 行：单元格含有空字符（NUL），任何字段都不能包含该字符。"
