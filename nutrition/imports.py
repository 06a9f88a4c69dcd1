"""Food import from .xlsx or .csv: every row checked, all or nothing."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from suite.cells import N_, CellError, RowError, cell_text
from suite.errors import translate
from suite.tabular import Table, write_xlsx

from .food_rows import food_from_row
from .foods import NUTRIENTS, TRACE
from .models import FoodRow
from .services import energy_inputs, apply_food, check_food, to_food

# column key -> Chinese header in the template (either is accepted on import)
HEADERS = {
    "code": "食物编码", "name": "食物名称", "aliases": "别名", "food_group": "食物类别",
    "dark_vegetable": "深色蔬菜", "liver": "动物肝脏", "edible_fraction": "可食部",
    "energy_kcal": "能量(kcal)", "protein_g": "蛋白质(g)", "fat_g": "脂肪(g)",
    "carbohydrate_g": "碳水化合物(g)", "fibre_g": "膳食纤维(g)", "calcium_mg": "钙(mg)",
    "iron_mg": "铁(mg)", "zinc_mg": "锌(mg)", "vitamin_a_ug_rae": "维生素A(µgRAE)",
    "thiamin_mg": "维生素B1(mg)", "riboflavin_mg": "维生素B2(mg)", "vitamin_c_mg": "维生素C(mg)",
    "sodium_mg": "钠(mg)", "source": "数据来源", "certainty": "可靠程度", "notes": "备注",
}



def normalize_header(header) -> str:
    """A header as compared on import: full-width brackets and letters folded (NFKC), case and
    spaces ignored, and µ, μ, u or "?" alike (a GBK CSV from Excel turns µ into "?")."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(header or ""))).lower()
    return re.sub("[µμu?]", "u", text)


# normalised header -> column key: the template's headers, the keys, and names without unit
BY_HEADER = {normalize_header(h): k for k, h in HEADERS.items()} | {k: k for k in HEADERS} | {
    normalize_header(h.split("(")[0]): k for k, h in HEADERS.items() if "(" in h}
REQUIRED = ("code", "name", "food_group", "edible_fraction", "energy_kcal")


def _t(reason: str, **params) -> str:
    """A reason in the user's language, as the host's RowError record holds it."""
    return translate((reason, params))


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)  # reported, not refused
    created: int = 0
    updated: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def template_xlsx() -> bytes:
    example = ["L9001", "示例蔬菜", "别名一|别名二", "vegetables", 1, 0, 0.9, 25, 2.0, 0.3, 4.5,
               1.2, 60, 1.0, 0.3, 120, 0.03, 0.05, 30, 40, "本县检测", "user", ""]
    return write_xlsx([("foods", list(HEADERS.values()), [example])],
                      text_columns=(HEADERS["code"],))


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


def row_text(row: FoodRow) -> dict:
    """The stored values of a food as import text: what a column absent from the file keeps."""
    trace = row.trace_set
    values = {n: TRACE if n in trace else cell_text(getattr(row, n)) for n in NUTRIENTS}
    values.update(code=row.code, name=row.name, aliases=row.aliases, food_group=row.food_group,
                  dark_vegetable="1" if row.dark_vegetable else "0",
                  liver="1" if row.liver else "0", edible_fraction=cell_text(row.edible_fraction),
                  source=row.source or "", certainty=row.certainty, notes=row.notes or "")
    return values


def _row_values(raw: dict, mapping: dict[str, str], existing: dict) -> dict:
    """The row's values by column key; an existing food keeps the columns the file lacks."""
    values = {key: cell_text(raw.get(header)) for header, key in mapping.items()}
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
    for n, raw in enumerate(table.rows, start=table.first_row):
        values = _row_values(raw, mapping, existing)
        code, name = values.get("code", "").strip(), values.get("name", "").strip()
        _duplicates(result, n, code, name, seen_codes, seen_names, names)
        old = existing.get(code)
        book = old is not None and old.book_cells is not None
        try:
            food = food_from_row(values, book=book)
        except CellError as exc:
            result.errors.append(RowError(n, exc.column, exc.value, exc.message()))
            continue
        # the plausibility check refuses new numbers; a book food's own it only reports
        kept = book and energy_inputs(food) == energy_inputs(to_food(old))
        for column, problem in check_food(food).items():
            (result.warnings if kept else result.errors).append(
                RowError(n, column, values.get(column), translate(problem)))
        foods.append(food)
    if result.errors:
        return result
    for food in foods:
        row = existing.get(food.code)
        if row is None:
            row = FoodRow(builtin=False)
            session.add(row)
            result.created += 1
        else:
            result.updated += 1
        apply_food(row, food)
    session.flush()
    return result


assert set(NUTRIENTS) <= set(HEADERS)
