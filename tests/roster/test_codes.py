"""Values as codes or as names (issue 14, part B): every code and name of each table, every
date and grade form of the issue, intake labels across a term boundary, exact refusals."""
from __future__ import annotations

import csv
from datetime import date, datetime

import pytest

from roster import codes
from roster.code_tables import AID_CATEGORIES, DOCUMENT_TYPES, ETHNICITY_CODES
from roster.codes import (parse_boarding, parse_date, parse_difficulty_level,
                          parse_document_type, parse_entry_month, parse_ethnicity, parse_flag,
                          parse_grade, parse_household_type, parse_left_behind, parse_region,
                          parse_sex, parse_stage, parse_value, parse_yes_no)
from roster.headers import DATA
from suite.cells import CellError

AUTUMN_2019, SPRING_2020, AUTUMN_2020 = date(2019, 9, 1), date(2020, 2, 24), date(2020, 9, 1)


def refusal(parse, *args) -> str:
    with pytest.raises(CellError) as caught:
        parse(*args)
    error = caught.value
    return error.reason % error.params if error.params else error.reason


def test_all_56_nationalities_and_their_codes():
    with (DATA / "ethnicities.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["code"] for r in rows] == [f"{n:02d}" for n in range(1, 57)] + ["97", "98"]
    assert len({r["name"] for r in rows}) == 58
    for row in rows:
        name, number = row["name"], int(row["code"])
        assert parse_ethnicity(row["code"]) == name
        assert parse_ethnicity(str(number)) == parse_ethnicity(number) == name
        assert parse_ethnicity(float(number)) == name
        assert parse_ethnicity(name) == name
        assert parse_ethnicity(name.removesuffix("族")) == name
    assert (ETHNICITY_CODES["01"], ETHNICITY_CODES["56"]) == ("汉族", "基诺族")
    assert (ETHNICITY_CODES["36"], ETHNICITY_CODES["46"]) == ("毛南族", "德昂族")
    assert parse_ethnicity("毛难族") == "毛南族" and parse_ethnicity("崩龙") == "德昂族"
    assert parse_ethnicity("98") == "外国血统中国籍人士" and parse_ethnicity("") == ""
    assert parse_ethnicity("０１") == "汉族"


@pytest.mark.parametrize("value", ["57", "99", "0", "汉人", "Han"])
def test_unknown_nationalities(value):
    assert refusal(parse_ethnicity, value) == (
        "is not one of the 56 nationalities: write the national code (such as 01) or the name "
        "(such as 汉族)")


def test_document_types():
    assert list(DOCUMENT_TYPES) == ["1", "2", "3", "4", "5", "6", "7", "8", "9", "A", "B", "Z"]
    for code, name in DOCUMENT_TYPES.items():
        assert parse_document_type(code) == parse_document_type(name) == code
        assert parse_document_type(code.lower()) == code
    assert parse_document_type("") == "1" and parse_document_type(None) == "1"
    assert parse_document_type(6) == "6" and parse_document_type("身份证") == "1"
    assert parse_document_type("户口薄") == "B" and parse_document_type("台湾居民往来大陆通行证") == "8"
    assert refusal(parse_document_type, "C") == (
        "is not a document type: write the code (1 to 9, A, B or Z) or the name (such as "
        "居民身份证)")


def test_sex():
    for value, sex in [("1", "M"), (1, "M"), (2.0, "F"), ("2", "F"), ("男", "M"), ("女", "F"),
                       ("男性", "M"), ("女性", "F"), ("M", "M"), ("f", "F"), ("", "")]:
        assert parse_sex(value) == sex
    for bad in ("0", "9", "3", "男生"):
        assert refusal(parse_sex, bad) == "must be 男 or 女 (or the code 1 or 2)"


def test_boarding_codes_depend_on_the_column():
    for column in ("就读方式", "就读方式(*)", "★就读方式"):
        assert parse_boarding("1", column) is False and parse_boarding(2, column) is True
        assert refusal(parse_boarding, "0", column) == (
            "must be 住校 or 走读 (or the 就读方式 code 2 or 1), or 是 or 否")
    for column in ("是否寄宿", "是否寄宿生", "住宿类型", ""):
        assert parse_boarding("1", column) is True and parse_boarding("0", column) is False
        assert refusal(parse_boarding, "2", column).startswith("must be 住校 or 走读")
    for word, boarder in [("住校", True), ("走读", False), ("寄宿", True), ("住读", True),
                          ("寄宿生", True), ("走读生", False), ("是", True), ("否", False),
                          ("Y", True), ("n", False), ("", False), (None, False)]:
        assert parse_boarding(word, "就读方式") is boarder and parse_boarding(word) is boarder
    assert refusal(parse_boarding, "借宿", "就读方式").startswith("must be 住校 or 走读")


def test_left_behind():
    for value, status in [("0", "no"), (0, "no"), ("否", "no"), ("非留守", "no"),
                          ("非留守儿童", "no"), ("1", "single"), ("单亲留守", "single"),
                          ("单亲留守儿童", "single"), ("2", "both"), (2.0, "both"),
                          ("双亲留守", "both"), ("双亲留守儿童", "both"), ("", ""), (None, "")]:
        assert parse_left_behind(value) == status
    assert refusal(parse_left_behind, "是") == (
        "says 是 but not which: write 单亲留守 (1) or 双亲留守 (2)")
    assert refusal(parse_left_behind, "3") == (
        "must be 非留守, 单亲留守 or 双亲留守 (or the code 0, 1 or 2)")


def test_household_type():
    for value, kind in [("1", "agricultural"), (1, "agricultural"), ("农业", "agricultural"),
                        ("农业户口", "agricultural"), ("2", "non_agricultural"),
                        ("非农业", "non_agricultural"), ("非农业户口", "non_agricultural"),
                        ("居民户口", ""), ("", "")]:
        assert parse_household_type(value) == kind
    assert refusal(parse_household_type, "3") == "must be 农业 or 非农业 (or the code 1 or 2)"


def test_yes_no_and_flags():
    for value in ("是", "1", 1, "Y", "y", "√", "✓"):
        assert parse_yes_no(value) is True and parse_flag(value) is True
    for value in ("否", "0", 0, "N", "×"):
        assert parse_yes_no(value) is False and parse_flag(value) is False
    assert parse_yes_no("") is False and parse_yes_no(None) is False
    assert parse_flag("") is None and parse_flag(None) is None and parse_flag(" ") is None
    assert refusal(parse_yes_no, "可能") == "must be 是 or 否"
    assert refusal(parse_flag, "2") == "must be 是 or 否, or left blank"


def test_the_layout_decides_the_parser():
    assert parse_value("orphan", "", "aid_list") is None
    assert parse_value("orphan", "", "registration") is False
    assert parse_value("left_behind", "√", "aid_list") is True
    assert parse_value("left_behind", "2", "registration") == "both"
    assert parse_value("dibao", "", "aid_list") is None
    assert parse_value("grade", "小学2019级", "registration", term_start=AUTUMN_2020) == 2
    assert parse_value("school_stage", "", "registration", grade=8) == "junior"
    assert parse_value("entry_mode", " 就近入学 ") == "就近入学"
    assert set(AID_CATEGORIES) >= {"poverty_alleviated", "monitored", "dibao", "tekun",
                                   "orphan", "disabled_student", "disabled_parent", "martyr",
                                   "left_behind", "other"}  # the seeded codes


def test_difficulty_levels_use_the_seeded_codes():
    for value, level in [("特别困难", "special"), ("特殊困难", "special"), ("困难", "relative"),
                         ("比较困难", "relative"), ("一般困难", "general"), ("不困难", "none"),
                         ("", "")]:
        assert parse_difficulty_level(value) == level
    assert refusal(parse_difficulty_level, "很困难") == (
        "must be 特别困难, 困难 (比较困难), 一般困难 or 不困难")


@pytest.mark.parametrize("value", [
    "20150326", 20150326, "2015-03-26", "2015/3/26", "2015.3.26", 42089, 42089.0,
    "2015年3月26日", "2015年03月26", "2015-03-26 00:00:00", datetime(2015, 3, 26, 0, 0),
    date(2015, 3, 26), "２０１５-０３-２６",
])
def test_every_date_form(value):
    assert parse_date(value) == date(2015, 3, 26)


@pytest.mark.parametrize("value", ["2015-02-30", "2015年2月30日", "26/03/2015", "昨天",
                                   "2015-03-26 08:30"])
def test_bad_dates(value):
    assert refusal(parse_date, value, "出生日期") == "is not a date (for example 2026-09-01)"


@pytest.mark.parametrize("value", [
    "201909", 201909, "2019-09", "2019/9", "2019.09", 2019.09, 2019.9, "2019年9月",
    "2019年09月", "20190901", 20190901, "2019-09-15", 43709, date(2019, 9, 15),
    datetime(2019, 9, 1, 8, 0), "2019 年 9 月",
])
def test_every_entry_month_form(value):
    assert parse_entry_month(value) == date(2019, 9, 1)


def test_entry_month_refusals():
    assert parse_entry_month("") is None and parse_entry_month(None) is None
    assert parse_entry_month("2019.1") == date(2019, 1, 1)  # typed as text: January
    assert parse_entry_month(2019.12) == date(2019, 12, 1)
    assert refusal(parse_entry_month, 2019.1) == (
        "is a number that may mean January or October: format the column as text and type "
        "the month with two digits")
    for bad in ("201913", "2019-13", "秋季", "1899-09"):
        assert refusal(parse_entry_month, bad) == (
            "is not a year and month (for example 201909 or 2019-09)")


@pytest.mark.parametrize("value, grade", [
    (1, 1), ("1", 1), (9.0, 9), ("９", 9), ("3年级", 3), ("一年级", 1), ("二年级", 2),
    ("三年级", 3), ("四年级", 4), ("五年级", 5), ("六年级", 6), ("七年级", 7), ("八年级", 8),
    ("九年级", 9), ("初一", 7), ("初二", 8), ("初三", 9), ("初中一年级", 7), ("小学六年级", 6),
    ("七", 7), (" 初 二 ", 8),
])
def test_grade_forms(value, grade):
    assert parse_grade(value, AUTUMN_2020) == grade


def test_intake_labels_across_term_boundaries():
    assert parse_grade("小学2019级", AUTUMN_2019) == 1
    assert parse_grade("小学2019级", SPRING_2020) == 1   # the same school year
    assert parse_grade("小学2019级", AUTUMN_2020) == 2
    assert parse_grade("小学2019级", date(2020, 8, 25)) == 2  # an autumn term may start in August
    assert parse_grade("小学2019级", date(2025, 3, 1)) == 6
    assert parse_grade("初中2023级", date(2023, 9, 1)) == 7
    assert parse_grade("初中2023级", date(2024, 2, 26)) == 7
    assert parse_grade("初中2023级", date(2025, 9, 1)) == 9
    assert refusal(parse_grade, "小学2019级", date(2019, 3, 1)) == "starts after this term"
    assert refusal(parse_grade, "小学2019级", date(2025, 9, 1)) == (
        "would be grade 7 in this term, outside 小学")
    assert refusal(parse_grade, "初中2023级", date(2026, 9, 1)) == (
        "would be grade 10 in this term, outside 初中")
    assert codes.school_year(SPRING_2020) == 2019 and codes.school_year(AUTUMN_2020) == 2020


def test_grade_refusals():
    assert parse_grade("", AUTUMN_2020) is None
    for value in ("0", "10", 12):
        assert refusal(parse_grade, value, AUTUMN_2020) == "must be a whole number from 1 to 9"
    for value in ("高一", "高三", "高中一年级"):
        assert refusal(parse_grade, value, AUTUMN_2020) == (
            "is a senior high school grade; only grades 1 to 9 can be imported")
    assert refusal(parse_grade, "2019级", AUTUMN_2020) == (
        "does not say 小学 or 初中: write it as 小学2019级 or 初中2019级")
    assert refusal(parse_grade, "幼儿园大班", AUTUMN_2020) == (
        "must be a grade from 1 to 9 (such as 1, 一年级, 初一 or 七年级) or an intake such as "
        "小学2019级")


def test_stage():
    assert parse_stage("小学") == "primary" and parse_stage("初中") == "junior"
    assert parse_stage("", 6) == "primary" and parse_stage(None, 7) == "junior"
    assert parse_stage("") == "" and parse_stage("初级中学", 9) == "junior"
    assert refusal(parse_stage, "高中") == "must be 小学 or 初中"
    assert refusal(parse_stage, "小学", 8) == "is not the stage of grade 8"


def test_region_codes():
    assert parse_region("350881") == "350881" and parse_region(350881000000) == "350881000000"
    assert parse_region("") == ""
    assert refusal(parse_region, "35088") == "is not an area code (6 or 12 digits)"
    assert refusal(parse_region, "福建省漳平市") == "is not an area code (6 or 12 digits)"


def test_refusals_name_the_column_and_value():
    with pytest.raises(CellError) as caught:
        parse_sex("X", "性别")
    assert (caught.value.column, caught.value.value) == ("性别", "X")


def test_refusals_in_chinese(app):
    """The messages translated (the UI's default language)."""
    def chinese(parse, *args):
        with pytest.raises(CellError) as caught:
            parse(*args)
        return caught.value.message()

    assert chinese(parse_sex, "3") == "必须填“男”或“女”（或代码 1、2）"
    assert chinese(parse_ethnicity, "99") == (
        "不是 56 个民族之一：请填写国家标准代码（如 01）或民族名称（如 汉族）")
    assert chinese(parse_boarding, "3", "就读方式") == (
        "必须填“住校”或“走读”（或就读方式代码 2、1），或“是”“否”")
    assert chinese(parse_grade, "初中2023级", date(2026, 9, 1)) == (
        "本学期应为 10 年级，超出了初中的年级")
    assert chinese(parse_entry_month, "秋季") == "不是年月（例如 201909 或 2019-09）"
    assert chinese(parse_flag, "2") == "必须填“是”或“否”，或者留空"
    assert chinese(parse_left_behind, "是") == (
        "只填了“是”，没有说明哪一种：请填“单亲留守”（1）或“双亲留守”（2）")


@pytest.mark.parametrize("text", ["²", "①", "²年级", "٣"])
def test_a_grade_in_other_digits_is_refused_with_the_grade_message(text):
    """str.isdigit() passes superscript, circled and Arabic-Indic digits; the grade refuses
    them with its message instead of failing in int()."""
    with pytest.raises(CellError) as refused:
        codes.parse_grade(text, date(2026, 9, 1), "年级")
    assert refused.value.message() == (
        "must be a grade from 1 to 9 (such as 1, 一年级, 初一 or 七年级) or an intake such as "
        "小学2019级")


def test_an_area_code_in_other_digits_is_refused():
    with pytest.raises(CellError):
        codes.parse_region("²²²²²²", "户口所在地行政区划")


def test_every_document_type_the_import_reads_the_table_can_hold():
    """The codes the parser accepts (data/document_types.csv) are the codes the roster's check
    constraint and its labels know: a 户口簿 pupil does not pass the checks and fail the write."""
    from roster.labels import DOCUMENT_TYPE_LABELS
    from roster.models_registration import DOCUMENT_TYPES as HELD
    assert list(HELD) == list(DOCUMENT_TYPES) == list(DOCUMENT_TYPE_LABELS)
