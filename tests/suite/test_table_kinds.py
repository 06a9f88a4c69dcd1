"""Every file shape a county has (issue 14, files): .xlsx, real BIFF .xls, GBK tab-separated
text and HTML tables named .xls, CSV in UTF-8 with or without BOM or GBK, told apart by
content; title rows above the header; header marks; apostrophes; duplicate headers; limits."""
from __future__ import annotations

import io
import random

import openpyxl
import pytest
import xlwt

from suite.tabular import TableFileError, normalise_header, read_table

TITLE = "2025年秋季学期学生名册（学籍系统导出）"
HEADER = ["学籍号(*)", "姓名（*）", "★身份证件号", "性 别", "姓名", "关系", "姓　名", "关系", "",
          "备注", ""]
DATA = [["G350881201409010011", "张三", "'35088120140901001X", "1", "张大", "父亲", "李二",
         "母亲", "x", "A&B <小>", ""],
        ["G350881201503020022", "李四", "'350881201503020022", "2", "李大", "父亲", "", "", "",
         "", ""]]
GRID = [[TITLE], [], HEADER, DATA[0], [], DATA[1]]
COLUMNS = ["学籍号", "姓名", "身份证件号", "性别", "姓名(2)", "关系", "姓名(3)", "关系(2)", "I列",
           "备注"]
ROWS = [dict(zip(COLUMNS, ["G350881201409010011", "张三", "35088120140901001X", "1", "张大",
                           "父亲", "李二", "母亲", "x", "A&B <小>"])),
        dict(zip(COLUMNS, ["G350881201503020022", "李四", "350881201503020022", "2", "李大",
                           "父亲", None, None, None, None]))]
KNOWN = {"学籍号", "姓名", "身份证件号", "性别", "关系"}
NOT_A_TABLE = "文件不是 Excel、CSV 或制表符分隔的文本。请上传 .xlsx 或 .csv 文件。"


@pytest.fixture
def app_config():
    return {"BABEL_DEFAULT_LOCALE": "zh_Hans_CN"}

TOO_MANY = ("工作表的表头下有 {} 行（Excel 记为已使用的空行也计算在内），最多可导入 {} 行："
            "请删除表格下方的行，或把表格复制到新文件中再上传。")


def finder(values):
    return sum(v in KNOWN for v in values)


def as_xlsx(grid):
    book = openpyxl.Workbook()
    for r, values in enumerate(grid, start=1):
        for c, value in enumerate(values, start=1):
            if value != "":
                book.active.cell(row=r, column=c, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def as_xls(grid):
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("S")
    for r, values in enumerate(grid):
        for c, value in enumerate(values):
            if value != "":
                sheet.write(r, c, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def as_text(grid, delimiter=",", encoding="utf-8"):
    def quote(v):
        v = str(v)
        return f'"{v}"' if delimiter in v or '"' in v else v
    return "".join(delimiter.join(quote(v) for v in values) + "\r\n"
                   for values in grid).encode(encoding)


def as_html(grid, encoding="utf-8", width=len(HEADER)):
    def cell(v):
        return str(v).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    rows = []
    for values in grid:
        if len(values) == 1:  # a title over the whole table
            rows.append(f'<tr><td colspan="{width}" align="center"><b>{cell(values[0])}</b>'
                        '</td></tr>')
        else:
            rows.append("<tr>" + "".join(f"<td style='mso-number-format:\"\\@\"'>{cell(v)}"
                                         "</td>" for v in values) + "</tr>")
    charset = "gb2312" if encoding == "gbk" else encoding
    bom = "\ufeff" if encoding == "utf-8" else ""
    return (f'{bom}<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta '
            f'http-equiv="Content-Type" content="text/html; charset={charset}">'
            '<style>td { border: 1px solid }</style></head>\n<body><table border="1">\n'
            + "\n".join(rows) + "\n</table><table><tr><td>second</td></tr></table>"
            "</body></html>").encode(encoding)


KINDS = {
    "xlsx": (lambda g: as_xlsx(g), "名册.xlsx"),
    "xls": (lambda g: as_xls(g), "名册.xls"),
    "gbk-tsv-named-xls": (lambda g: as_text(g, "\t", "gbk"), "名册.xls"),
    "utf16-tsv": (lambda g: as_text(g, "\t", "utf-16"), "名册.txt"),
    "html-named-xls": (lambda g: as_html(g), "名册.xls"),
    "gbk-html-named-xls": (lambda g: as_html(g, "gbk"), "名册.xls"),
    "csv-utf8-bom": (lambda g: as_text(g, ",", "utf-8-sig"), "名册.csv"),
    "csv-utf8": (lambda g: as_text(g, ",", "utf-8"), "名册.csv"),
    "csv-gbk": (lambda g: as_text(g, ",", "gbk"), "名册.csv"),
    "csv-named-xlsx": (lambda g: as_text(g, ",", "gbk"), "名册.xlsx"),
}


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_gives_the_same_rows_below_the_title(app, kind):
    build, name = KINDS[kind]
    table = read_table(build(GRID), name, header_finder=finder)
    assert table.columns == COLUMNS
    assert table.rows == ROWS
    assert (table.header_row, table.first_row, table.row_numbers) == (3, 4, [4, 6])
    assert list(table.numbered()) == [(4, ROWS[0]), (6, ROWS[1])]


@pytest.mark.parametrize("kind", KINDS)
def test_without_a_finder_the_first_non_empty_row_is_the_header(app, kind):
    build, name = KINDS[kind]
    table = read_table(build(GRID[2:]), name)
    assert (table.columns, table.rows, table.header_row, table.first_row) == \
        (COLUMNS, ROWS, 1, 2)
    titled = read_table(build(GRID), name)  # today's behaviour: the title is the header
    assert titled.header_row == 1 and titled.columns[0] == "2025年秋季学期学生名册(学籍系统导出)"


def test_the_best_scoring_row_of_the_first_twenty_wins_and_ties_go_to_the_first(app):
    grid = [["说明"]] * 19 + [HEADER] + DATA
    assert read_table(as_xlsx(grid), "a.xlsx", header_finder=finder).header_row == 20
    late = [["说明"]] * 20 + [HEADER] + DATA  # the header is the 21st non-empty row
    assert read_table(as_xlsx(late), "a.xlsx", header_finder=finder).header_row == 1
    tie = [["姓名", "备注"], ["学籍号", "姓名"], ["G1", "张三"]]
    table = read_table(as_text(tie), "t.csv", header_finder=finder)
    assert table.header_row == 2 and table.rows == [{"学籍号": "G1", "姓名": "张三"}]
    assert read_table(as_text(tie), "t.csv", header_finder=lambda v: 0).header_row == 1


def test_header_text_is_normalised():
    assert [normalise_header(t) for t in (
        "姓名(*)", "姓名（*）", " ★姓\u3000名 ", "☆姓名*", "个人标识码\n（学籍号）", "ＩＤ　ｎｏ．",
        "身份证\xa0件号", "ID  number", "Energy (kcal)", "", None)] == [
        "姓名", "姓名", "姓名", "姓名", "个人标识码(学籍号)", "ID no.", "身份证件号", "ID number",
        "Energy (kcal)", "", ""]


@pytest.mark.usefixtures("en")
def test_a_column_without_a_header_is_named_by_its_letter_in_english(app):
    table = read_table(as_text([["姓名", "", "民族"], ["张三", "x", "汉族"]]), "a.csv")
    assert table.columns == ["姓名", "Column B", "民族"]


def test_apostrophes_go_ids_stay_text_and_numbers_stay_numbers(app):
    grid = [["身份证件号", "学籍号", "年龄"], ["'35088120140901001X", "'0012345", 12]]
    for data, name in ((as_xlsx(grid), "n.xlsx"), (as_xls(grid), "n.xls")):
        assert read_table(data, name).rows == [
            {"身份证件号": "35088120140901001X", "学籍号": "0012345", "年龄": 12}]
    assert read_table(as_text(grid), "n.csv").rows == [
        {"身份证件号": "35088120140901001X", "学籍号": "0012345", "年龄": "12"}]
    words = [["备注", "学籍号", "公式"], ["'s note", "'G35088120140901001X", "'=1+1"]]
    assert read_table(as_text(words), "w.csv").rows == [  # a word keeps its apostrophe
        {"备注": "'s note", "学籍号": "G35088120140901001X", "公式": "=1+1"}]


def test_the_extension_only_breaks_ties(app):
    one_column = "姓名\r\n张三\r\n".encode()
    assert read_table(one_column, "a.csv").rows == [{"姓名": "张三"}]
    assert read_table("姓名\t民族\r\n张三\t汉族\r\n".encode(), "a.csv").columns == ["姓名", "民族"]
    both = "姓名,民族\t年级\r\n张三,汉族\t一\r\n".encode()
    assert read_table(both, "a.csv").rows == [{"姓名": "张三", "民族年级": "汉族\t一"}]
    assert read_table(both, "a.txt").rows == [{"姓名,民族": "张三,汉族", "年级": "一"}]


def refused(data: bytes, name: str, **options) -> str:
    """The message refusing the file (how fast: bench/, not a timed test)."""
    with pytest.raises(TableFileError) as exc:
        read_table(data, name, **options)
    return str(exc.value)


def test_files_of_other_kinds_are_refused_whatever_their_name(app):
    pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
    png = b"\x89PNG\r\n\x1a\n" + bytes(64)
    noise = random.Random(14).randbytes(4096)
    for data, name in ((pdf, "名册.xlsx"), (png, "名册.xls"), (noise, "名册.xls"),
                       (noise, "名册.xlsx"), (b"x", "list.txt"),
                       (b"<html><body>no table</body></html>", "a.xls")):
        assert refused(data, name) == NOT_A_TABLE, name
    assert refused(noise, "名册.csv") == "该 CSV 文件既不是 UTF-8 编码，也不是 GB18030 编码的文本。"
    assert refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "a.xls") == \
        "无法读取该 Excel 文件。"


SMALL = [["姓名", "民族", "年级"]] + [[f"学生{n}", "汉族", "一"] for n in range(3)]
LIMITED = {k: KINDS[k] for k in ("xlsx", "xls", "gbk-tsv-named-xls", "html-named-xls",
                                 "csv-utf8")}


@pytest.mark.parametrize("kind", LIMITED)
def test_limits_apply_to_every_kind(app, kind):
    build, name = LIMITED[kind]
    app.config.update(IMPORT_MAX_ROWS=2)
    assert refused(build(SMALL), name) == TOO_MANY.format(3, 2)
    assert refused(build(SMALL), name, max_rows=1) == TOO_MANY.format(3, 1)
    app.config.update(IMPORT_MAX_ROWS=10, IMPORT_MAX_COLUMNS=2)
    assert refused(build(SMALL), name) == "文件有 3 列，最多可导入 2 列。"
    app.config.update(IMPORT_MAX_COLUMNS=10, IMPORT_MAX_CELL_CHARS=5)
    long = SMALL[:2] + [["学生学生学生", "汉族", "一"]]
    assert refused(build(long), name) == "第 3 行“姓名”列：单元格超过 5 个字符。"
    if kind != "xlsx":  # an .xlsx cannot hold a NUL character
        nul = SMALL[:2] + [["张\x00三", "汉族", "一"]]
        assert refused(build(nul), name) == \
            "第 3 行“姓名”列：单元格含有空字符（NUL），任何字段都不能包含该字符。"


def test_a_colspan_counts_only_when_cells_follow_it(app):
    wide = as_html([["标题"], ["姓名", "民族"], ["张三", "汉族"]], width=100_000)
    assert read_table(wide, "a.xls", header_finder=finder).columns == ["姓名", "民族"]
    inside = wide.replace(b"</b></td></tr>", b"</b></td><td>x</td></tr>", 1)
    assert refused(inside, "a.xls") == "文件有 100001 列，最多可导入 200 列。"


def test_a_million_rows_of_text_or_html_are_refused_quickly(app):
    lines = "姓名\t民族\r\n" + "张三\t汉族\r\n" * 1_000_000
    assert refused(lines.encode("gbk"), "big.xls") == \
        TOO_MANY.format(1000000, 200000)
    html = "<table><tr><td>姓名</td></tr>" + "<tr><td>张三</td></tr>" * 1_000_000 + "</table>"
    assert refused(html.encode(), "big.xls") == \
        TOO_MANY.format(1000000, 200000)


@pytest.mark.parametrize("kind", LIMITED)
def test_a_sheet_starting_at_b3_keeps_its_row_numbers_and_the_finder_sees_clean_text(app,
                                                                                    kind):
    build, name = LIMITED[kind]
    seen = []
    grid = [[], [], ["", "姓名 (*)", "★民　族"], ["", "张三", "汉族"]]
    table = read_table(build(grid), name, header_finder=lambda v: seen.append(v) or 0)
    # the candidate rows; then the best alone, each cell of it joined to the row below and
    # that joined row (it scores no better, so the header stays one row)
    assert seen == [["", "姓名", "民族"], ["", "张三", "汉族"], ["", "姓名", "民族"],
                    ["姓名张三"], ["民族汉族"], ["", "张三", "汉族"]]
    assert (table.columns, table.rows) == (["姓名", "民族"], [{"姓名": "张三", "民族": "汉族"}])
    assert (table.header_row, table.first_row, table.row_numbers) == (3, 4, [4])


@pytest.mark.parametrize("kind", LIMITED)
def test_a_file_larger_than_an_xlsx_may_unpack_to_is_refused_unread(app, kind):
    build, name = LIMITED[kind]
    app.config.update(IMPORT_MAX_UNPACKED_BYTES=2**20)
    data = build(SMALL)
    data += bytes(2 * 2**20 - len(data))
    assert refused(data, name) == "文件有 2 MB，超过允许的 1 MB。"


def test_a_hostile_colspan_is_one_column():
    html = ('<table><tr><td colspan="²">姓名</td><td>民族</td></tr>'
            '<tr><td>张三</td><td>汉族</td></tr></table>').encode()
    assert read_table(html, "a.xls").rows == [{"姓名": "张三", "民族": "汉族"}]


def test_a_file_of_blank_lines_is_refused_before_it_is_read(app):
    """Blank lines are not rows, but a file that is within the row limit only by its blank
    lines is refused by its lines; blank lines inside a real file keep the row numbers."""
    app.config.update(IMPORT_MAX_ROWS=10)
    assert refused(("姓名,民族\n" + "\n" * 30).encode(), "a.csv") == \
        TOO_MANY.format(31, 10)
    table = read_table(("姓名,民族\n张三,汉族\n" + "\n" * 15 + "李四,回族\n").encode(), "a.csv")
    assert table.row_numbers == [2, 18]


def test_an_xls_whose_farthest_cell_spans_millions_of_cells_is_refused_unread(app):
    """A 6 KB .xls with a cell at row 65,536, column 200 is inside the row and column limits,
    but laying it out would take close to a gigabyte: its cell records are read first."""
    book = xlwt.Workbook()
    sheet = book.add_sheet("名单")
    sheet.write(0, 0, "姓名")
    sheet.write(65535, 199, "x")
    out = io.BytesIO()
    book.save(out)
    assert len(out.getvalue()) < 8192
    assert refused(out.getvalue(), "far.xls") == (
        "工作表延伸到第 65536 行、第 200 列：需要排布 13107200 个单元格，超过 .xls 文件在此允许的 "
        "8000000 个。请删除远离表格的零散单元格，或另存为 .xlsx。")


def saved(book) -> bytes:
    """The bytes of an openpyxl or xlwt workbook."""
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_hidden_first_sheet_is_refused_never_read(app):
    """Only the first sheet is read: a hidden one would import rows nobody looked at."""
    book = openpyxl.Workbook()
    old = book.active
    old.title, old.sheet_state = "旧名单", "hidden"
    old.append(["姓名", "民族", "年级"])
    old.append(["看不见的学生", "汉族", "一"])
    shown = book.create_sheet("学生")
    for values in SMALL:
        shown.append(values)
    book.active = 1
    reason = ("工作簿的第一张工作表“旧名单”是隐藏的，而只导入第一张工作表：请删除它，或把要导入的"
              "工作表（“学生”）移到最前面，再上传一次。")
    assert refused(saved(book), "名册.xlsx") == reason
    xls = xlwt.Workbook(encoding="utf-8")
    hidden = xls.add_sheet("旧名单")
    hidden.visibility = 1
    hidden.write(0, 0, "姓名")
    xls.add_sheet("学生").write(0, 0, "姓名")
    xls.active_sheet = 1
    assert refused(saved(xls), "名册.xls") == reason
    # a visible first sheet is read as before, whatever follows it
    book.move_sheet("学生", offset=-1)
    book.active = 0
    assert read_table(saved(book), "名册.xlsx").rows[0]["姓名"] == "学生0"


def test_data_on_a_later_sheet_is_named_not_called_missing(app):
    """Only the first sheet is read: an empty first sheet before the list says where it is."""
    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.active.append(["请在下一页填写"])
    shown = book.create_sheet("学生")
    for values in SMALL:
        shown.append(values)
    reason = ("只导入工作簿的第一张工作表“说明”，它没有数据行；工作表“学生”中有数据：请把它移到"
              "最前面，或删除空的工作表，再上传一次。")
    assert refused(saved(book), "名册.xlsx") == reason
    xls = xlwt.Workbook(encoding="utf-8")
    xls.add_sheet("说明").write(0, 0, "请在下一页填写")
    sheet = xls.add_sheet("学生")
    for r, values in enumerate(SMALL):
        for c, value in enumerate(values):
            sheet.write(r, c, value)
    assert refused(saved(xls), "名册.xls") == reason
    # the first sheet's header alone, no other sheet with rows: "no data rows" as before
    book.remove(book["学生"])
    assert refused(saved(book), "名册.xlsx") == "文件在表头下没有数据行。"


def test_a_rowspan_gives_its_value_to_the_rows_below_it(app):
    # a class merged down beside its pupils reaches each of them, as in an .xlsx; a rowspan of a
    # million rows makes cells only in the rows that are there, and a row blank but for the
    # merge stays blank (and is skipped)
    html = ('<table><tr><th>班级</th><th>姓名</th><th>性别</th></tr>'
            '<tr><td rowspan="999999">一年级1班</td><td>张三</td><td>男</td></tr>'
            + "<tr><td>李四</td><td>女</td></tr>" * 30 + "<tr></tr><tr><td></td></tr>"
            + "<tr><td>王五</td><td>男</td></tr></table>").encode()
    rows = read_table(html, "a.xls").rows
    assert [(r["班级"], r["姓名"], r["性别"]) for r in rows] == \
        [("一年级1班", "张三", "男")] + [("一年级1班", "李四", "女")] * 30 + \
        [("一年级1班", "王五", "男")]


def test_a_rowspan_in_the_last_columns_reaches_each_row_too(app):
    # the class merged down beside the pupils in the last column, a gap column before it; an
    # empty row is one of the rows it spans, as a browser shows it
    html = ('<table><tr><th>姓名</th><th>性别</th><th>备注</th><th>班级</th></tr>'
            '<tr><td>张三</td><td>男</td><td></td><td rowspan="4">一年级1班</td></tr>'
            "<tr><td>李四</td><td>女</td></tr><tr></tr><tr><td>王五</td></tr>"
            "<tr><td>赵六</td><td>男</td></tr></table>").encode()
    rows = read_table(html, "a.xls").rows
    assert [(r["姓名"], r["性别"], r["班级"]) for r in rows] == [
        ("张三", "男", "一年级1班"), ("李四", "女", "一年级1班"), ("王五", None, "一年级1班"),
        ("赵六", "男", None)]


def test_a_rowspan_over_many_columns_fills_its_first_and_keeps_the_others_in_place(app):
    html = ('<table><tr><td rowspan="999999" colspan="150">标题</td><td>姓名</td></tr>'
            + "<tr><td>张三</td></tr>" * 30 + "</table>").encode()
    rows = read_table(html, "a.xls").rows
    assert [r["姓名"] for r in rows] == ["张三"] * 30
    assert {r["标题"] for r in rows} == {"标题"}


def test_rowspans_past_the_most_cells_are_refused(app):
    app.config["IMPORT_MAX_XLS_CELLS"] = 1000
    html = ('<table><tr><td rowspan="999999" colspan="150">标题</td><td>姓名</td></tr>'
            + "<tr><td>张三</td></tr>" * 30 + "</table>").encode()
    assert refused(html, "a.xls") == ("表格的合并单元格（行合并）覆盖了超过 1000 个单元格：请另存为 "
                                      ".xlsx，或取消合并。")
