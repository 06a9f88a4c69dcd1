"""The registration system's own export layout (全国中小学生学籍信息管理系统): its headers in the
order of the alias table (roster/data/header_aliases.csv, layout "registration"), the pupil's
60 columns then two family members of six, and a student's cells as that system writes them
(codes: 性别 1/2, 民族 01, 身份证件类型 1/A, 就读方式 1 走读/2 住校, 是否留守儿童 0/1/2, 户口性质
1/2; dates YYYYMMDD, 入学年月 YYYYMM; yes/no 是/否). Columns we do not keep stay blank.
The county sends corrections back in this layout, so numbers are written in full."""
from __future__ import annotations

import csv

from .code_tables import ETHNICITY_CODES
from .headers import DATA

# synonyms of a column already in the layout (the export has one of each)
SKIPPED = {"国籍", "上下学距离(公里)"}
MEMBER = (("姓名", "name"), ("关系", "relation"), ("是否监护人", "is_guardian"),
          ("身份证件类型", "document_type"), ("身份证件号", "id_number"), ("联系电话", "phone"))
ETHNICITY = {name: code for code, name in ETHNICITY_CODES.items()}
SEX = {"M": "1", "F": "2"}
LEFT_BEHIND = {"": "", "no": "0", "yes": "是", "single": "1", "both": "2"}
HOUSEHOLD = {"": "", "agricultural": "1", "non_agricultural": "2"}
STAGE = {"": "", "primary": "小学", "junior": "初中"}


def _pupil_columns() -> list[tuple[str, str]]:
    out, fields = [], set()
    with (DATA / "header_aliases.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            header, field = row["header"], row["field"]
            if "registration" not in row["layout"].split() or field.startswith("member:") \
                    or header in SKIPPED or (field and field in fields):
                continue
            fields.add(field)
            out.append((header, field))
    return out


PUPIL_COLUMNS = _pupil_columns()
COLUMNS = PUPIL_COLUMNS + [(header, f"guardian{n}_{part}") for n in (1, 2)
                           for header, part in MEMBER]


def headers() -> list[str]:
    """The layout's header row (a family member's headers repeat, as in the system's own)."""
    return [header for header, _field in COLUMNS]


def _yes(value) -> str:
    return "是" if value else "否"


def _day(value, form="%Y%m%d") -> str:
    return value.strftime(form) if value else ""


def cells(student, school, guardians: list) -> list[str]:
    """One student as a row of the layout, every cell text."""
    s = student
    values = {
        "school_code": school.code, "name": s.name, "sex": SEX.get(s.sex, ""),
        "birth_date": _day(s.birth_date), "ethnicity": ETHNICITY.get(s.ethnicity, ""),
        "document_type": s.document_type, "id_number": s.id_number or s.document_number or "",
        "household_region": s.household_region, "household_type": HOUSEHOLD[s.household_type],
        "aux_student_no": s.aux_student_no, "class_no": s.class_no, "grade": str(s.grade),
        "class_name": s.class_name, "school_stage": STAGE.get(s.school_stage, ""),
        "entry_month": _day(s.entry_month, "%Y%m"), "entry_mode": s.entry_mode,
        "boarding": "2" if s.boarding else "1", "left_behind": LEFT_BEHIND.get(s.left_behind, ""),
        "disability_type": s.disability_type, "student_no": s.student_no,
        **{f: _yes(getattr(s, f)) for f in ("migrant_child", "orphan", "martyr_child",
                                            "inclusive_class", "needs_aid", "one_subsidy")},
    }
    for g in guardians:
        values.update({f"guardian{g.position}_name": g.name,
                       f"guardian{g.position}_relation": g.relation,
                       f"guardian{g.position}_is_guardian": _yes(g.is_guardian),
                       f"guardian{g.position}_document_type": g.document_type,
                       f"guardian{g.position}_id_number": g.id_number or "",
                       f"guardian{g.position}_phone": g.phone})
    return [school.name if header == "学校名称" else values.get(field, "") if field else ""
            for header, field in COLUMNS]
