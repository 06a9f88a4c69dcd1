"""The code tables of roster/codes.py, read from roster/data/ (see its README for how sure
each one is), and the English templates of its refusals (translated at display)."""
from __future__ import annotations

import csv

from suite.cells import N_

from .headers import DATA

HALF = str.maketrans({chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)})
BOARDING_MODE_HEADERS = {"就读方式", "就读方式码"}  # 1 走读 / 2 住校, not 1 = yes


def _rows(name: str) -> list[dict]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _tables() -> dict[str, dict[str, str]]:
    tables: dict[str, dict[str, str]] = {}
    for row in _rows("value_codes.csv"):
        tables.setdefault(row["table"], {})[row["text"].upper()] = row["value"]
    return tables


def _ethnicities() -> tuple[dict[str, str], dict[str, str]]:
    by_code, by_name = {}, {}
    for row in _rows("ethnicities.csv"):
        by_code[row["code"]] = row["name"]
        for name in [row["name"], *row["former_names"].split()]:
            by_name[name] = row["name"]
            if name.endswith("族"):
                by_name[name[:-1]] = row["name"]
    return by_code, by_name


def _document_types() -> tuple[dict[str, str], dict[str, str]]:
    names, by_text = {}, {}
    for row in _rows("document_types.csv"):
        names[row["code"]] = row["name"]
        for text in [row["code"], row["name"], *row["other_names"].split()]:
            by_text[text.upper()] = row["code"]
    return names, by_text


TABLES = _tables()
ETHNICITY_CODES, ETHNICITY_NAMES = _ethnicities()
DOCUMENT_TYPES, DOCUMENT_TEXT = _document_types()
AID_CATEGORIES = {row["code"]: row for row in _rows("aid_categories.csv")}

SEX_MESSAGE = N_("must be 男 or 女 (or the code 1 or 2)")
ETHNICITY_MESSAGE = N_("is not one of the 56 nationalities: write the national code (such as 01) "
                       "or the name (such as 汉族)")
DOCUMENT_MESSAGE = N_("is not a document type: write the code (1 to 9, A, B or Z) or the name "
                      "(such as 居民身份证)")
BOARDING_MESSAGE = N_("must be 住校 or 走读 (or the 就读方式 code 2 or 1), or 是 or 否")
LEFT_BEHIND_MESSAGE = N_("must be 非留守, 单亲留守 or 双亲留守 (or the code 0, 1 or 2)")
LEFT_BEHIND_WHICH = N_("says 是 but not which: write 单亲留守 (1) or 双亲留守 (2)")
HOUSEHOLD_MESSAGE = N_("must be 农业 or 非农业 (or the code 1 or 2)")
YES_NO_MESSAGE = N_("must be 是 or 否")
FLAG_MESSAGE = N_("must be 是 or 否, or left blank")
DATE_MESSAGE = N_("is not a date (for example 2026-09-01)")
MONTH_MESSAGE = N_("is not a year and month (for example 201909 or 2019-09)")
MONTH_AMBIGUOUS = N_("is a number that may mean January or October: format the column as text "
                     "and type the month with two digits")
GRADE_MESSAGE = N_("must be a grade from 1 to 9 (such as 1, 一年级, 初一 or 七年级) or an intake "
                   "such as 小学2019级")
GRADE_RANGE = N_("must be a whole number from 1 to 9")
GRADE_SENIOR = N_("is a senior high school grade; only grades 1 to 9 can be imported")
GRADE_NO_STAGE = N_("does not say 小学 or 初中: write it as 小学2019级 or 初中2019级")
GRADE_OUTSIDE = N_("would be grade %(grade)d in this term, outside %(stage)s")
GRADE_NOT_STARTED = N_("starts after this term")
DIFFICULTY_MESSAGE = N_("must be 特别困难, 困难 (比较困难), 一般困难 or 不困难")
STAGE_MESSAGE = N_("must be 小学 or 初中")
STAGE_GRADE = N_("is not the stage of grade %(grade)d")
REGION_MESSAGE = N_("is not an area code (6 or 12 digits)")
