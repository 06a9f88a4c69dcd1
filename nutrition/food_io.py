"""The food table as a spreadsheet: its columns (key -> Chinese header), a food's cells as the
export writes them and the reading of those cells back on import. The book's marks travel in
the value cells: "—" not measured, "Tr" trace, "?" no readable value, a footnote after the
number ("899*"); a value the file leaves as it was keeps its mark. No Flask, no queries."""
from __future__ import annotations

from suite.cells import N_, CellError, cell_text

from . import book
from .food_rows import read_flag, read_value
from .foods import NUTRIENTS, TRACE
from .models import FoodRow

NOT_MEASURED, UNREADABLE = book.NOT_MEASURED, book.UNREADABLE
# the columns of the book that the 13 analysed nutrients leave out, kJ first
MORE_VALUES = ("energy_kj", *book.EXTRA_COLUMNS)
VALUE_COLUMNS = ("edible_fraction", *NUTRIENTS, *MORE_VALUES)
# the book's side of a food besides its values
BOOK_TEXT = {"book_group": 40, "book_subgroup": 80, "remark": 200}

# column key -> Chinese header (either is accepted on import), in the export's order
HEADERS = {
    "code": "食物编码", "name": "食物名称", "aliases": "别名", "food_group": "食物类别",
    "dark_vegetable": "深色蔬菜", "liver": "动物肝脏", "edible_fraction": "可食部",
    "energy_kcal": "能量(kcal)", "protein_g": "蛋白质(g)", "fat_g": "脂肪(g)",
    "carbohydrate_g": "碳水化合物(g)", "fibre_g": "膳食纤维(g)", "calcium_mg": "钙(mg)",
    "iron_mg": "铁(mg)", "zinc_mg": "锌(mg)", "vitamin_a_ug_rae": "维生素A(µgRAE)",
    "thiamin_mg": "维生素B1(mg)", "riboflavin_mg": "维生素B2(mg)", "vitamin_c_mg": "维生素C(mg)",
    "sodium_mg": "钠(mg)",
    "energy_kj": "能量(kJ)", "water_g": "水分(g)", "cholesterol_mg": "胆固醇(mg)",
    "ash_g": "灰分(g)", "carotene_ug": "胡萝卜素(µg)", "retinol_ug": "视黄醇(µg)",
    "niacin_mg": "烟酸(mg)", "vitamin_e_total_mg": "维生素E总量(mg)",
    "vitamin_e_alpha_mg": "α-维生素E(mg)", "vitamin_e_beta_gamma_mg": "β+γ-维生素E(mg)",
    "vitamin_e_delta_mg": "δ-维生素E(mg)", "phosphorus_mg": "磷(mg)", "potassium_mg": "钾(mg)",
    "magnesium_mg": "镁(mg)", "selenium_ug": "硒(µg)", "copper_mg": "铜(mg)",
    "manganese_mg": "锰(mg)",
    "book_group": "原书类别", "book_subgroup": "原书亚类", "remark": "原书备注",
    "check_flags": "核对标记", "flag_labels": "核对说明", "hidden": "默认隐藏",
    "review_state": "审核状态", "reviewed_by": "审核人", "reviewed_at": "审核时间",
    "review_page": "审核页码",
    "source": "数据来源", "certainty": "可靠程度", "notes": "备注",
}
# the template's columns (a food typed by hand); the export has every column
TEMPLATE = ("code", "name", "aliases", "food_group", "dark_vegetable", "liver",
            "edible_fraction", *NUTRIENTS, "source", "certainty", "notes")
# written for people, ignored on import: the flags' text and the nutritionist's review
READ_ONLY = ("flag_labels", "review_state", "reviewed_by", "reviewed_at", "review_page")

assert set(VALUE_COLUMNS) <= set(HEADERS) and all(hasattr(FoodRow, c) for c in VALUE_COLUMNS)


def _is_trace(row: FoodRow, column: str) -> bool:
    """The export writes "Tr": the value is 0 (or none) and listed or marked as trace."""
    return not getattr(row, column) and (column in row.trace_set
                                         or row.mark_map.get(column) == TRACE)


def value_cell(row: FoodRow, column: str):
    """A value as the export writes it: a number, or the book's mark ("—", "Tr", "?"), or a
    number with its footnote as text ("899*"); None for a value not measured and unmarked."""
    mark, value = row.mark_map.get(column, ""), getattr(row, column)
    if _is_trace(row, column):
        return TRACE
    if value is None:
        return mark if mark in (NOT_MEASURED, UNREADABLE) else None
    if mark and mark not in (NOT_MEASURED, UNREADABLE, TRACE):
        return f"{cell_text(value)}{mark}"
    return value


def flag_text(flags) -> str:
    return " ".join(flags)


def export_row(row: FoodRow, flag_label, review: dict | None = None) -> list:
    """A food's cells in HEADERS' order; `flag_label(code)` gives a flag's display text and
    `review` the review's cells as shown (review_state, reviewed_by, reviewed_at, review_page)."""
    cells = dict.fromkeys(READ_ONLY) | (review or {})
    cells |= {c: value_cell(row, c) for c in VALUE_COLUMNS}
    cells.update(code=row.code, name=row.name, aliases="|".join(row.alias_list),
                 food_group=row.food_group, dark_vegetable=int(row.dark_vegetable),
                 liver=int(row.liver), book_group=row.book_group,
                 book_subgroup=row.book_subgroup, remark=row.remark,
                 check_flags=flag_text(row.flag_list),
                 flag_labels="；".join(flag_label(f) for f in row.flag_list),
                 hidden=int(row.hidden), source=row.source, certainty=row.certainty,
                 notes=row.notes)
    return [None if cells[k] == "" else cells[k] for k in HEADERS]  # empty cells, not ""


def row_text(row: FoodRow) -> dict:
    """The stored values of a food as import text (what a column absent from the file keeps):
    the export's cells as text."""
    return {k: cell_text(v) for k, v in zip(HEADERS, export_row(row, str))
            if k not in READ_ONLY} | {"aliases": row.aliases}


def _marks(values: dict, old: FoodRow | None) -> dict | None:
    """The marks of an imported row: the cells' own, and where a cell gives the value the food
    already has (a plain number, a blank where nothing is known, "Tr" on a trace) the old mark."""
    marks = {}
    old_marks = old.mark_map if old is not None else {}
    for column in VALUE_COLUMNS:
        value, mark = read_value(values.get(column), column)
        if old is not None and (
                (not mark and value == getattr(old, column) and not _is_trace(old, column))
                or (mark == TRACE and _is_trace(old, column))):
            mark = old_marks.get(column, "")
        if mark:
            marks[column] = mark
    if not marks and (old is None or old.marks is None):
        return None
    return marks


def book_side(values: dict, old: FoodRow | None) -> dict:
    """The columns of an import row beyond the engine's Food: the book's other values, marks,
    flags, hidden, group, subgroup and remark, as FoodRow attributes. CellError names the
    first bad cell."""
    out = {}
    for column in MORE_VALUES:
        out[column] = read_value(values.get(column), column)[0]
    for column, longest in BOOK_TEXT.items():
        text = (values.get(column) or "").strip()
        if len(text) > longest:
            raise CellError(column, text, N_("is longer than %(n)d characters"), n=longest)
        out[column] = text
    flags = book.split_flags(values.get("check_flags"))
    unknown = [f for f in flags if f not in book.FLAGS]
    if unknown:
        raise CellError("check_flags", " ".join(unknown),
                        N_("is not a check of the book file (one of %(values)s)"),
                        values=", ".join(book.FLAGS))
    out["check_flags"] = flag_text(flags)
    out["hidden"] = read_flag(values.get("hidden"), "hidden")
    out["marks"] = _marks(values, old)
    # trace beyond the analysed nutrients (a review's correction to "Tr") stays while the
    # file still says "Tr"; otherwise the book's columns keep trace as a mark only
    out["trace"] = {c for c in MORE_VALUES if old is not None and c in old.trace_set
                    and read_value(values.get(c), c)[1] == TRACE}
    return out
