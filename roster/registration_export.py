"""The registration fields as columns of the roster's spreadsheet export: headers as the
registration system names them, values in its words (是/否, 单亲留守, 农业 ...), every
document number and phone masked."""
from __future__ import annotations

from .code_tables import DOCUMENT_TYPES
from .idcard import mask_document, mask_phone

# header of each column, as in the registration system's export
HEADERS = {
    "document_type": "身份证件类型", "document_number": "身份证件号", "aux_student_no": "学籍辅号",
    "class_no": "班内学号", "entry_month": "入学年月", "school_stage": "学段",
    "entry_mode": "入学方式", "household_type": "户口性质",
    "household_region": "户口所在地行政区划", "left_behind": "是否留守儿童",
    "migrant_child": "是否进城务工人员随迁子女", "orphan": "是否孤儿",
    "martyr_child": "是否烈士或优抚子女", "inclusive_class": "随班就读",
    "disability_type": "残疾类型", "needs_aid": "是否需要申请资助", "one_subsidy": "是否享受一补",
    "household_no": "户编号", "household_head": "户主姓名",
}
GUARDIAN_HEADERS = {"name": "姓名", "relation": "关系", "is_guardian": "是否监护人",
                    "document_type": "身份证件类型", "id_number": "身份证件号", "phone": "联系电话"}
# the system's words for the codes (GB/T and JY/T code names as its export writes them)
DOCUMENT_WORDS = DOCUMENT_TYPES  # code -> name, data/document_types.csv
LEFT_BEHIND_WORDS = {"": "", "no": "否", "yes": "是", "single": "单亲留守", "both": "双亲留守"}
HOUSEHOLD_WORDS = {"": "", "agricultural": "农业", "non_agricultural": "非农业"}
STAGE_WORDS = {"": "", "primary": "小学", "junior": "初中"}
FLAGS = ("migrant_child", "orphan", "martyr_child", "inclusive_class", "needs_aid",
         "one_subsidy")


def export_headers() -> list[str]:
    """The registration columns, then each of the two family members' columns."""
    return list(HEADERS.values()) + [f"家庭成员{n}{h}" for n in (1, 2)
                                     for h in GUARDIAN_HEADERS.values()]


def _yes(value: bool) -> str:
    return "是" if value else "否"


def _guardian_cells(guardian) -> list:
    if guardian is None:
        return [""] * len(GUARDIAN_HEADERS)
    return [guardian.name, guardian.relation, _yes(guardian.is_guardian),
            DOCUMENT_WORDS.get(guardian.document_type, ""), mask_document(guardian.id_number),
            mask_phone(guardian.phone)]


def export_cells(student, guardians: list) -> list:
    """The registration columns of one student (in `export_headers()` order)."""
    s = student
    cells = [DOCUMENT_WORDS.get(s.document_type, ""), mask_document(s.document_number),
             s.aux_student_no, s.class_no,
             s.entry_month.strftime("%Y%m") if s.entry_month else "",
             STAGE_WORDS.get(s.school_stage, ""), s.entry_mode,
             HOUSEHOLD_WORDS.get(s.household_type, ""), s.household_region,
             LEFT_BEHIND_WORDS.get(s.left_behind, "")]
    cells += [_yes(getattr(s, f)) for f in FLAGS[:4]]
    cells += [s.disability_type] + [_yes(getattr(s, f)) for f in FLAGS[4:]]
    cells += [s.household_no, s.household_head]
    by_position = {g.position: g for g in guardians}
    return cells + _guardian_cells(by_position.get(1)) + _guardian_cells(by_position.get(2))
