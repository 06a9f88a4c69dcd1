"""Values of a county's files read as codes or as names: sex, nationality, document type,
boarding, left-behind status, household type, yes/no and aid flags, entry month, grade (intake
labels too), difficulty level, school stage, area code.

Pure functions: each takes the cell as read (text, number, date or None) and returns our value
or raises suite.cells.CellError with an English template translated at display. The tables
are data under roster/data/ (see its README for how sure each one is)."""
from __future__ import annotations

import re
from datetime import date, datetime

from suite.cells import CellError, ascii_digits, cell_date, cell_text

from .code_tables import (AID_CATEGORIES, BOARDING_MESSAGE, BOARDING_MODE_HEADERS, DATE_MESSAGE,
                          DIFFICULTY_MESSAGE, DOCUMENT_MESSAGE, DOCUMENT_TEXT, ETHNICITY_CODES,
                          ETHNICITY_MESSAGE, ETHNICITY_NAMES, FLAG_MESSAGE, GRADE_MESSAGE,
                          GRADE_NO_STAGE, GRADE_NOT_STARTED, GRADE_OUTSIDE, GRADE_RANGE,
                          GRADE_SENIOR, HALF, HOUSEHOLD_MESSAGE, LEFT_BEHIND_MESSAGE,
                          LEFT_BEHIND_WHICH, MONTH_AMBIGUOUS, MONTH_MESSAGE, REGION_MESSAGE,
                          SEX_MESSAGE, STAGE_GRADE, STAGE_MESSAGE, TABLES, YES_NO_MESSAGE)
from .headers import normalise

def _text(value) -> str:
    """The cell as text: spaces trimmed, full-width letters and digits made half-width."""
    return cell_text(value).translate(HALF).strip()


def _lookup(table: str, value, column: str, message: str) -> str | None:
    """The value of a code table for the cell; None when blank; CellError when not listed."""
    text = _text(value)
    if not text:
        return None
    found = TABLES[table].get(text.upper())
    if found is None:
        raise CellError(column, value, message)
    return found


def parse_sex(value, column: str = "") -> str:
    """1/2 (GB/T 2261.1), 男/女, 男性/女性, M/F -> "M" or "F"; blank -> ""."""
    return _lookup("sex", value, column, SEX_MESSAGE) or ""


def parse_ethnicity(value, column: str = "") -> str:
    """A GB 3304 code (01 or 1) or a name with or without 族 (former names too) -> the name
    as the standard writes it (汉族, 97 其他, 98 外国血统中国籍人士); blank -> ""."""
    text = _text(value)
    if not text:
        return ""
    name = ETHNICITY_CODES.get(text.zfill(2)) if ascii_digits(text) else ETHNICITY_NAMES.get(text)
    if name is None:
        raise CellError(column, value, ETHNICITY_MESSAGE)
    return name


def parse_document_type(value, column: str = "") -> str:
    """A code (1-9, A, B, Z) or a name -> the code; blank -> "1" (a resident ID)."""
    text = _text(value)
    if not text:
        return "1"
    code = DOCUMENT_TEXT.get(text.upper())
    if code is None:
        raise CellError(column, value, DOCUMENT_MESSAGE)
    return code


def parse_yes_no(value, column: str = "") -> bool:
    """是/否, 1/0, Y/N, √/✓/×, 有/无 -> True/False; blank -> False (the registration
    export's own yes/no fields)."""
    return _lookup("yes_no", value, column, YES_NO_MESSAGE) == "yes"


def parse_flag(value, column: str = "") -> bool | None:
    """An aid list's category flag: blank -> None (not on that list, never "no"); 是, 1, √,
    ✓, Y -> True; 否, 0, N, × -> False only when written so."""
    found = _lookup("yes_no", value, column, FLAG_MESSAGE)
    return None if found is None else found == "yes"


def parse_boarding(value, column: str = "") -> bool:
    """Boarder or not. In a 就读方式 column the codes are 1 走读 / 2 住校; elsewhere 1/0 are
    yes/no. Words: 住校, 寄宿, 住读 (and the 生 forms) / 走读, 通学; 是/否. Blank -> False."""
    text = _text(value)
    if not text:
        return False
    coded = normalise(column) in BOARDING_MODE_HEADERS
    found = ((TABLES["boarding_mode"].get(text) if coded else None)
             or TABLES["boarding"].get(text.upper())
             or (None if coded and ascii_digits(text) else TABLES["yes_no"].get(text.upper())))
    if found is None:
        raise CellError(column, value, BOARDING_MESSAGE)
    return found == "yes"


def parse_left_behind(value, column: str = "") -> str:
    """0/否/非留守 -> "no", 1/单亲留守 -> "single", 2/双亲留守 -> "both", blank -> ""; a bare
    是 is refused (it does not say which)."""
    if _text(value) == "是":
        raise CellError(column, value, LEFT_BEHIND_WHICH)
    return _lookup("left_behind", value, column, LEFT_BEHIND_MESSAGE) or ""


def parse_household_type(value, column: str = "") -> str:
    """1/农业(户口) -> "agricultural", 2/非农业(户口) -> "non_agricultural"; 居民户口 (the
    unified registration, neither) and blank -> ""."""
    return _lookup("household_type", value, column, HOUSEHOLD_MESSAGE) or ""


def parse_difficulty_level(value, column: str = "") -> str:
    """特别困难/特殊困难 -> "special", 困难/比较困难 -> "relative", 一般困难 -> "general" (the
    codes of the seeded DifficultyLevel rows); 不困难 -> "none" (assessed, no level); blank
    -> ""."""
    return _lookup("difficulty_level", value, column, DIFFICULTY_MESSAGE) or ""


def parse_region(value, column: str = "") -> str:
    """An area code (户口所在地行政区划): 6 or 12 digits, kept as text; blank -> ""."""
    text = _text(value)
    if text and not (ascii_digits(text) and len(text) in (6, 12)):
        raise CellError(column, value, REGION_MESSAGE)
    return text


_TIME_PART = re.compile(r"[ T]0?0:00(:00(\.0+)?)?$")
_YEAR_MONTH = re.compile(r"(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*月?")


def parse_date(value, column: str = "") -> date | None:
    """suite.cells.cell_date plus a midnight time after the date (2015-03-26 00:00:00, as
    text exports of date columns write it), refused with the roster's message."""
    text = _text(value) if isinstance(value, str) else ""
    if text and _TIME_PART.search(text):
        value = _TIME_PART.sub("", text)
    try:
        return cell_date(value, column)
    except CellError:
        raise CellError(column, value, DATE_MESSAGE) from None


def parse_entry_month(value, column: str = "") -> date | None:
    """入学年月 -> the first day of the month: 201909, 2019-09, 2019/9, 2019.09, 2019年9月, a
    full date in any form parse_date reads, or an Excel date/serial; blank -> None. A number
    cell 2019.1 is refused: Excel dropped a zero, January or October cannot be told."""
    if value is None or value == "":
        return None
    if isinstance(value, (date, datetime)):
        return (value.date() if isinstance(value, datetime) else value).replace(day=1)
    if isinstance(value, float) and not value.is_integer() and repr(value).endswith(".1"):
        raise CellError(column, value, MONTH_AMBIGUOUS)
    text = _text(value)
    match = re.fullmatch(r"(\d{4})(\d{2})", text) or _YEAR_MONTH.fullmatch(text)
    if match:
        year, month = (int(part) for part in match.groups())
        if 1900 <= year <= 2099 and 1 <= month <= 12:
            return date(year, month, 1)
        raise CellError(column, value, MONTH_MESSAGE)
    try:
        found = parse_date(value, column)
    except CellError:
        raise CellError(column, value, MONTH_MESSAGE) from None
    return found.replace(day=1) if found else None


_INTAKE = re.compile(r"(小学|初中)([0-9]{4})级")


def school_year(term_start: date) -> int:
    """The year the school year of a term began: an autumn term (starting in August or
    later) begins one, a spring term belongs to the one begun the year before."""
    return term_start.year if term_start.month >= 8 else term_start.year - 1


def parse_grade(value, term_start: date, column: str = "") -> int | None:
    """1..9 as a number, 一年级..九年级, 初一..初三, 七年级..九年级, 初中一年级, 3年级; an intake
    label 小学2019级 / 初中2023级 -> the grade in the school year of term_start (小学2019级 is
    grade 1 in 2019-09 and in the spring of 2020, grade 2 from 2020-09; 初中2023级 is 7 in
    2023-09; a six-year primary school is assumed). Blank -> None."""
    text = _text(value).replace(" ", "")
    if not text:
        return None
    if text.endswith("年级") and ascii_digits(text[:-2]):
        text = text[:-2]
    if ascii_digits(text):
        grade = int(text)
    elif (found := TABLES["grade"].get(text) or TABLES["grade"].get(text + "年级")) is not None:
        grade = int(found)
    elif match := _INTAKE.fullmatch(text):
        return _intake_grade(value, match.group(1), int(match.group(2)), term_start, column)
    elif text.startswith("高") or "高中" in text:
        raise CellError(column, value, GRADE_SENIOR)
    elif re.fullmatch(r"\d{4}级", text):
        raise CellError(column, value, GRADE_NO_STAGE)
    else:
        raise CellError(column, value, GRADE_MESSAGE)
    if not 1 <= grade <= 9:
        raise CellError(column, value, GRADE_RANGE)
    return grade


def _intake_grade(value, stage: str, intake: int, term_start: date, column: str) -> int:
    first, last = (1, 6) if stage == "小学" else (7, 9)
    grade = school_year(term_start) - intake + first
    if grade < first:
        raise CellError(column, value, GRADE_NOT_STARTED)
    if grade > last:
        raise CellError(column, value, GRADE_OUTSIDE, grade=grade, stage=stage)
    return grade


def parse_stage(value, grade: int | None = None, column: str = "") -> str:
    """学段 小学/初中 -> "primary"/"junior"; blank -> the stage of the grade (1-6 primary, 7-9
    junior), or "" without one. A stage that does not fit the grade is refused."""
    of_grade = "" if grade is None else ("primary" if grade <= 6 else "junior")
    text = _text(value)
    if not text:
        return of_grade
    stage = TABLES["stage"].get(text)
    if stage is None:
        raise CellError(column, value, STAGE_MESSAGE)
    if of_grade and stage != of_grade:
        raise CellError(column, value, STAGE_GRADE, grade=grade)
    return stage


STUDENT_FLAGS = ("migrant_child", "orphan", "martyr_child", "inclusive_class", "needs_aid",
                 "one_subsidy", "guardian1_is_guardian", "guardian2_is_guardian")
PARSERS = {
    "sex": parse_sex, "ethnicity": parse_ethnicity, "document_type": parse_document_type,
    "guardian1_document_type": parse_document_type,
    "guardian2_document_type": parse_document_type, "boarding": parse_boarding,
    "left_behind": parse_left_behind, "household_type": parse_household_type,
    "household_region": parse_region, "difficulty_level": parse_difficulty_level,
    "birth_date": parse_date, "recognised_on": parse_date, "entry_month": parse_entry_month,
    **{key: parse_yes_no for key in STUDENT_FLAGS},
}


def parse_value(key: str, value, layout: str = "", column: str = "",
                term_start: date | None = None, grade: int | None = None):
    """Our value of one cell of the field `key` in a file of `layout`. In an aid list every
    aid category code (orphan, left_behind ... : roster/data/aid_categories.csv) is a flag
    (parse_flag); elsewhere orphan and left_behind are the student's own fields. Grades need
    term_start; school_stage takes the row's grade. Keys without a code table -> the text
    (ID numbers stay the import's: it refuses a number cell and checks the check digit)."""
    if layout == "aid_list" and key in AID_CATEGORIES:
        return parse_flag(value, column)
    if key == "grade":
        return parse_grade(value, term_start, column)
    if key == "school_stage":
        return parse_stage(value, grade, column)
    parser = PARSERS.get(key)
    return parser(value, column) if parser else cell_text(value)
