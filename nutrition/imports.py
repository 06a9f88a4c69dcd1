"""Food import from .xlsx or .csv: every row checked, all or nothing."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from suite.cells import N_, CellError, RowError, cell_text
from suite.errors import translate
from suite.listing import join_items
from suite.tabular import Table, write_xlsx

from . import food_io, retired
from .food_io import row_text
from .food_rows import food_from_row
from .labels import GROUP_LABELS, group_code
from .foods import NUTRIENTS
from .models import FoodRow
from .services import energy_inputs, apply_food, check_food, to_food

HEADERS = food_io.HEADERS  # column key -> Chinese header (either is accepted on import)


def normalize_header(header) -> str:
    """A header as compared on import: full-width brackets and letters folded (NFKC), case and
    spaces ignored, and µ, μ, u or "?" alike (a GBK CSV from Excel turns µ into "?")."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(header or ""))).lower()
    return re.sub("[µμu?]", "u", text)


def _by_header() -> dict[str, str]:
    """normalised header -> column key: the headers, the keys, and the names without their unit
    where only one column has the name (能量 is kcal: the template's column)."""
    bare: dict[str, list[str]] = {}
    for key, header in HEADERS.items():
        if "(" in header:
            bare.setdefault(normalize_header(header.split("(")[0]), []).append(key)
    return {n: keys[0] for n, keys in bare.items() if keys[0] == "energy_kcal" or len(keys) == 1} \
        | {normalize_header(h): k for k, h in HEADERS.items()} | {k: k for k in HEADERS}


BY_HEADER = _by_header()


def header_score(row) -> int:
    """read_table's header finder: a row's cells that name a column of the food table, so
    title rows above the header are passed over."""
    return sum(1 for value in row if normalize_header(value) in BY_HEADER)
REQUIRED = ("code", "name", "food_group", "edible_fraction", "energy_kcal")


def _t(reason: str, **params) -> str:
    """A reason in the user's language, as the host's RowError record holds it."""
    return translate((reason, params))


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)  # reported, not refused
    created: int = 0
    updated: int = 0  # foods of the file that changed
    unchanged: int = 0  # foods of the file given as they are
    changed: dict[str, list[str]] = field(default_factory=dict)  # code -> columns changed

    @property
    def ok(self) -> bool:
        return not self.errors


def template_xlsx() -> bytes:
    example = ["L9001", "示例蔬菜", "别名一|别名二", str(GROUP_LABELS["vegetables"]), 1, 0, 0.9,
               25, 2.0, 0.3, 4.5, 1.2, 60, 1.0, 0.3, 120, 0.03, 0.05, 30, 40, "本县检测", "user",
               ""]
    return write_xlsx([(_t("Foods"), [HEADERS[k] for k in food_io.TEMPLATE], [example])],
                      text_columns=(HEADERS["code"],))


_REPEATED = re.compile(r"(.+)\((\d+)\)")


def match_columns(table: Table) -> tuple[dict[str, str], list[RowError]]:
    """header -> column key for every header of the file; an unknown header, one given twice
    and a required column missing are errors that name the column (blank empty columns are
    skipped)."""
    mapping, errors = {}, []
    for header in table.columns:
        if not header.strip():
            if any(row.get(header) is not None for row in table.rows):
                errors.append(RowError(1, "", None, _t(N_("a column has values but no header"))))
            continue
        key = BY_HEADER.get(normalize_header(header))
        repeated = _REPEATED.fullmatch(header)  # the reader names a second 蛋白质(g) 蛋白质(g)(2)
        if key is None and repeated:
            key = BY_HEADER.get(normalize_header(repeated.group(1)))
        if key is None:
            errors.append(RowError(1, header, header, _t(N_("unknown column"))))
        elif key in mapping.values():
            errors.append(RowError(1, header, header, _t(N_("the column is given twice"))))
        else:
            mapping[header] = key
    missing = [HEADERS[k] for k in REQUIRED if k not in mapping.values()]
    if missing:
        errors.append(RowError(1, ", ".join(missing), None, _t(N_("required column missing"))))
    return mapping, errors


def _row_values(raw: dict, mapping: dict[str, str], existing: dict) -> dict:
    """The row's values by column key; an existing food keeps the columns the file lacks."""
    values = {key: cell_text(raw.get(header)) for header, key in mapping.items()
              if key not in food_io.READ_ONLY}
    row = existing.get(values.get("code", "").strip())
    if row is not None:
        return row_text(row) | values
    values.setdefault("certainty", "user")
    return values


def _duplicates(result, n, code, name, seen_codes, seen_names, names) -> None:
    """Codes and names twice in the file, or a name that another food already has."""
    if code and code in seen_codes:
        result.errors.append(RowError(n, "code", code, _t(N_(
            "the same code is on row %(other)d"), other=seen_codes[code])))
    if name and name in seen_names:
        result.errors.append(RowError(n, "name", name, _t(N_(
            "the same name is on row %(other)d"), other=seen_names[name])))
    owner = names.get(name)
    if name and owner is not None and owner != code:
        result.errors.append(RowError(n, "name", name, _t(N_(
            "the name is already used by food %(code)s"), code=owner)))
    seen_codes.setdefault(code, n)
    seen_names.setdefault(name, n)


def import_foods(session: Session, table: Table) -> ImportResult:
    """Create or update foods by code. One bad row: nothing changes, every bad row reported."""
    result = ImportResult()
    mapping, result.errors = match_columns(table)
    if result.errors:
        return result
    existing = {r.code: r for r in session.scalars(select(FoodRow))}
    names = {r.name: r.code for r in existing.values()}
    seen_codes, seen_names, foods = {}, {}, []
    for n, raw in table.numbered():
        values = _row_values(raw, mapping, existing)
        code, name = values.get("code", "").strip(), values.get("name", "").strip()
        _duplicates(result, n, code, name, seen_codes, seen_names, names)
        if retired.replaced_by(code):
            result.errors.append(RowError(n, "code", code, _t(N_(
                "is an estimate replaced by the book's food %(code)s: use that code"),
                code=retired.replaced_by(code))))
            continue
        old = existing.get(code)
        book = old is not None and old.book_cells is not None
        if "food_group" in values:
            values["food_group"] = group_code(values["food_group"])
            if values["food_group"] not in GROUP_LABELS:
                result.errors.append(RowError(n, "food_group", values["food_group"], _t(N_(
                    "is not a food group: write one of %(groups)s"), groups=join_items(
                        str(label) for label in GROUP_LABELS.values()))))
                continue
        try:
            food = food_from_row(values, book=book)
            side = food_io.book_side(values, old)
        except CellError as exc:
            result.errors.append(RowError(n, exc.column, exc.value, exc.message()))
            continue
        # the plausibility check refuses new numbers; a book food's own it only reports
        kept = book and energy_inputs(food) == energy_inputs(to_food(old))
        for column, problem in check_food(food).items():
            (result.warnings if kept else result.errors).append(
                RowError(n, column, values.get(column), translate(problem)))
        foods.append((food, side))
    if result.errors:
        return result
    for food, side in foods:
        row = existing.get(food.code)
        if row is None:
            row = FoodRow(builtin=False)
            session.add(row)
            result.created += 1
            _apply(row, food, side, new=True)
            continue
        before = {c: getattr(row, c) for c in COMPARED}
        _apply(row, food, side, new=False)
        changed = [c for c in COMPARED if getattr(row, c) != before[c]]
        if changed:
            result.updated += 1
            result.changed[food.code] = changed
        else:
            result.unchanged += 1
    session.flush()
    return result


def _apply(row: FoodRow, food, side: dict, new: bool) -> None:
    """The row's values: the Food's, then the book's side. kJ is the file's where it gives a new
    one (or a new food gives one); otherwise it follows kcal as apply_food keeps it."""
    side = dict(side)
    kj, old_kj = side.pop("energy_kj"), row.energy_kj
    more_trace = side.pop("trace")
    apply_food(row, food)
    if more_trace:
        row.trace = ",".join(sorted(set(food.trace) | more_trace))
    if kj is not None and (new or kj != old_kj):
        row.energy_kj = kj
    marks = side["marks"]
    if marks and "energy_kj" in marks and row.energy_kj != kj:  # kJ followed kcal: no mark
        side["marks"] = {c: m for c, m in marks.items() if c != "energy_kj"}
    for column, value in side.items():
        if new or getattr(row, column) != value:
            setattr(row, column, value)


# the columns an import may change (an unchanged row is counted as such)
COMPARED = tuple(k for k in HEADERS if k not in food_io.READ_ONLY) + ("trace", "marks")
assert set(NUTRIENTS) <= set(HEADERS) and all(hasattr(FoodRow, c) for c in COMPARED)
