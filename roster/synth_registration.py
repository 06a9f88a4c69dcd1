"""Synthetic registration-system exports (the system's 72 columns, its codes and forms), for
the tests and the benchmark: codes for sex, nationality, document type and boarding, dates as
20150326, intake labels 小学2019级, numbers behind an apostrophe, two family members, and the
last `passports` pupils with a passport and no resident ID (J-form student numbers)."""
from __future__ import annotations

import random
from datetime import date

from .codes import school_year
from .registration_layout import COLUMNS
from .synth import make_id, students

FILLER = {"出生地": "福建省", "籍贯": "福建省", "国籍/地区": "中国", "港澳台侨外": "否",
          "政治面貌": "群众", "健康状况": "健康或良好", "户口所在地": "福建省漳平市",
          "现住址": "城关镇红星村", "是否独生子女": "否", "是否受过学前教育": "是",
          "上下学方式": "步行", "血型": "未知血型", "学生来源": "正常入学", "学生类别": "普通"}


def _grade_label(grade: int, year: int) -> str:
    if grade <= 6:
        return f"小学{year - grade + 1}级"
    return f"初中{year - grade + 7}级"


def registration_rows(n: int, school_codes: list[str], term_start: date, seed: int = 1,
                      passports: int = 2) -> list[list[str]]:
    """`n` pupils as rows of roster.registration_layout.COLUMNS, every cell text."""
    rng = random.Random(seed)
    year = school_year(term_start)
    rows = []
    for i, s in enumerate(students(n, school_codes, seed=seed, year=year + 1)):
        grade = int(s["年级"])
        born = date.fromisoformat(s["出生日期"])
        passport = i >= n - passports
        number = f"E{10000000 + i:08d}" if passport else s["身份证号"]
        student_no = ("J" + make_id("350881", born, "M" if s["性别"] == "男" else "F", 450 + i
                                    % 40)) if passport else s["学籍号"]
        entry = year - (grade - 1 if grade <= 6 else grade - 7)
        values = {
            "school_code": s["学校代码"], "name": s["姓名"], "sex": "1" if s["性别"] == "男" else "2",
            "birth_date": born.strftime("%Y%m%d"), "ethnicity": "01" if i % 10 else "03",
            "document_type": "A" if passport else "1", "id_number": "'" + number,
            "household_region": "350881", "household_type": "1" if i % 3 else "2",
            "aux_student_no": f"FZ{i:06d}", "class_no": str(i % 50 + 1),
            "grade": _grade_label(grade, year), "class_name": s["班级"],
            "school_stage": "" if i % 2 else ("小学" if grade <= 6 else "初中"),
            "entry_month": f"{entry}09", "entry_mode": "就近入学",
            "boarding": "2" if s["是否寄宿"] == "是" else "1",
            "left_behind": str(i % 3), "migrant_child": "是" if i % 7 == 0 else "否",
            "orphan": "否", "martyr_child": "否", "inclusive_class": "否",
            "disability_type": "", "needs_aid": "是" if i % 4 == 0 else "否",
            "one_subsidy": "是" if i % 5 == 0 else "否", "student_no": "'" + student_no,
        }
        for position, relation in ((1, "父亲"), (2, "母亲")):
            parent = make_id("350881", date(1985, 1 + i % 12, 1 + position), "M" if position
                             == 1 else "F", i % 400)
            values.update({f"guardian{position}_name": s["姓名"][0] + ("大山" if position == 1
                                                                       else "秀英"),
                           f"guardian{position}_relation": relation,
                           f"guardian{position}_is_guardian": "是" if position == 1 else "否",
                           f"guardian{position}_document_type": "1",
                           f"guardian{position}_id_number": "'" + parent,
                           f"guardian{position}_phone": f"13{rng.randint(100000000, 999999999)}"})
        rows.append([values.get(field, "") if field else FILLER.get(header, "")
                     for header, field in COLUMNS])
    return rows
