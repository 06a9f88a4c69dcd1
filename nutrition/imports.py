"""Food import from .xlsx or .csv: every row checked, all or nothing."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from suite.tabular import Table, write_xlsx

from .foods import NUTRIENTS, N_, RowError, food_from_row
from .models import FoodRow
from .services import _apply, check_food

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
BY_HEADER = {v: k for k, v in HEADERS.items()} | {k: k for k in HEADERS}
REQUIRED = ("code", "name", "food_group", "edible_fraction", "energy_kcal")


@dataclass
class ImportError_:
    row: int
    column: str
    value: object
    reason: str
    params: dict = field(default_factory=dict)


@dataclass
class ImportResult:
    errors: list[ImportError_] = field(default_factory=list)
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


def _row_values(raw: dict) -> dict:
    values = {}
    for header, cell in raw.items():
        key = BY_HEADER.get(header)
        if key:
            values[key] = "" if cell is None else (f"{cell:g}" if isinstance(cell, float)
                                                   else str(cell))
    values.setdefault("certainty", "user")
    return values


def _duplicates(result, n, code, name, seen_codes, seen_names, names) -> None:
    """Codes and names twice in the file, or a name that another food already has."""
    if code and code in seen_codes:
        result.errors.append(ImportError_(n, "code", code, N_(
            "the same code is on row %(other)d"), {"other": seen_codes[code]}))
    if name and name in seen_names:
        result.errors.append(ImportError_(n, "name", name, N_(
            "the same name is on row %(other)d"), {"other": seen_names[name]}))
    owner = names.get(name)
    if name and owner is not None and owner != code:
        result.errors.append(ImportError_(n, "name", name, N_(
            "the name is already used by food %(code)s"), {"code": owner}))
    seen_codes.setdefault(code, n)
    seen_names.setdefault(name, n)


def import_foods(session: Session, table: Table) -> ImportResult:
    """Create or update foods by code. One bad row: nothing changes, every bad row reported."""
    result = ImportResult()
    missing = [HEADERS[k] for k in REQUIRED if k not in table.columns and HEADERS[k]
               not in table.columns]
    if missing:
        result.errors.append(ImportError_(1, ", ".join(missing), None,
                                          N_("required column missing")))
        return result
    existing = {r.code: r for r in session.scalars(select(FoodRow))}
    names = {r.name: r.code for r in existing.values()}
    seen_codes, seen_names, foods = {}, {}, []
    for n, raw in enumerate(table.rows, start=table.first_row):
        values = _row_values(raw)
        code, name = values.get("code", "").strip(), values.get("name", "").strip()
        _duplicates(result, n, code, name, seen_codes, seen_names, names)
        try:
            food = food_from_row(values)
        except RowError as exc:
            result.errors.append(ImportError_(n, exc.column, exc.value, exc.reason, exc.params))
            continue
        for column, (reason, params) in check_food(food).items():
            result.errors.append(ImportError_(n, column, values.get(column), reason, params))
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
        _apply(row, food)
    session.flush()
    return result


assert set(NUTRIENTS) <= set(HEADERS)
