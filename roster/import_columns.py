"""The import's vocabulary shared by its steps: our template's headers, the result of a run,
and where each field's column is in a file."""
from __future__ import annotations

from dataclasses import dataclass, field

from suite.cells import RowError

from .headers import map_columns

HEADERS = {
    "student_no": "学籍号", "name": "姓名", "sex": "性别", "birth_date": "出生日期",
    "id_number": "身份证号", "ethnicity": "民族", "school_code": "学校代码", "grade": "年级",
    "class_name": "班级", "boarding": "是否寄宿", "household_township": "户籍乡镇",
    "household_village": "户籍村", "guardian_name": "监护人姓名", "guardian_phone": "监护人电话",
}


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    counts: dict = field(default_factory=lambda: {"new": 0, "updated": 0, "unchanged": 0,
                                                  "transferred": 0})
    run_id: int | None = None
    layout: str = ""  # the known header set of the file ("" when none was recognised)
    school_ids: tuple[int, ...] = ()  # schools whose students were written (both of a move)
    named_school_ids: tuple[int, ...] = ()  # every school the file's rows name
    guidance: tuple[int, ...] = ()  # row numbers of filling-in guidance, passed over

    @property
    def ok(self) -> bool:
        return not self.errors


def field_columns(columns, mapping: dict | None = None) -> dict[str, str]:
    """Field key -> the file's column: the alias table's placing, a column named by a field
    key itself, then `mapping` (column -> field key, "" to leave a column out) over both.
    The first column for a field wins."""
    placed = {c: c for c in columns if c in HEADERS}
    placed.update(map_columns(columns))
    for column, key in (mapping or {}).items():
        if column in columns:
            placed[column] = key
    out: dict[str, str] = {}
    for column in columns:
        key = placed.get(column)
        if key:
            out.setdefault(key, column)
    return out
