"""Header aliases: normalisation, the known header sets, the header row's score, the layout of
a file and the family-member position rule of the registration export (issue 14, part B)."""
from __future__ import annotations

import csv

import pytest

from roster.code_tables import AID_CATEGORIES
from roster.headers import (DATA, detect_layout, field_for, map_columns, normalise, score,
                            unknown_columns)
from roster.imports import HEADERS

PUPIL = ["学校标识码(*)", "姓名(*)", "性别(*)", "出生日期(*)", "出生地(*)", "籍贯", "民族(*)",
         "国籍/地区(*)", "身份证件类型(*)", "港澳台侨外(*)", "政治面貌", "健康状况(*)",
         "身份证件号(*)", "户口性质", "户口所在地行政区划", "学籍辅号", "班内学号", "年级(*)",
         "班级(*)", "入学年月(*)", "入学方式(*)", "就读方式(*)", "现住址(*)", "通信地址", "家庭地址",
         "联系电话", "邮政编码", "是否独生子女", "是否受过学前教育", "是否留守儿童(*)",
         "是否进城务工人员随迁子女(*)", "是否孤儿(*)", "是否烈士或优抚子女(*)", "随班就读", "残疾类型",
         "是否由政府购买学位", "是否需要申请资助(*)", "是否享受一补(*)", "上下学距离", "上下学方式",
         "是否需要乘坐校车", "曾用名", "身份证件有效期", "血型", "特长", "电子信箱", "主页地址",
         "学生来源"]
MEMBER = ["姓名", "关系", "关系说明", "现住址", "户口所在地行政区划", "联系电话", "是否监护人",
          "身份证件类型", "身份证件号", "民族", "工作单位", "职务"]
REGISTRATION = PUPIL + MEMBER + MEMBER  # 72 fields, the family members' headers twice
KEPT = {
    "学校标识码": "school_code", "姓名": "name", "性别": "sex", "出生日期": "birth_date",
    "民族": "ethnicity", "身份证件类型": "document_type", "身份证件号": "id_number",
    "学籍辅号": "aux_student_no", "班内学号": "class_no", "年级": "grade", "班级": "class_name",
    "入学年月": "entry_month", "入学方式": "entry_mode", "就读方式": "boarding",
    "户口所在地行政区划": "household_region", "户口性质": "household_type",
    "是否留守儿童": "left_behind", "是否进城务工人员随迁子女": "migrant_child",
    "是否孤儿": "orphan", "是否烈士或优抚子女": "martyr_child", "随班就读": "inclusive_class",
    "残疾类型": "disability_type", "是否需要申请资助": "needs_aid", "是否享受一补": "one_subsidy",
}


def as_read(headers: list[str]) -> list[str]:
    """The columns as the reader names them: normalised, a repeated header suffixed (2), (3)."""
    seen: dict[str, int] = {}
    columns = []
    for header in headers:
        text = normalise(header)
        seen[text] = seen.get(text, 0) + 1
        columns.append(text if seen[text] == 1 else f"{text}({seen[text]})")
    return columns


@pytest.mark.parametrize("raw, normal", [
    ("姓名(*)", "姓名"), ("（*）姓名", "姓名"), ("★ 姓 名", "姓名"), ("姓\n名☆", "姓名"),
    ("＊姓名", "姓名"), ("*身份证件号*", "身份证件号"), ("\u3000性别\u3000", "性别"),
    ("个人标识码（学籍号）", "个人标识码(学籍号)"), ("ＩＤ１", "ID1"), (None, ""),
])
def test_normalise(raw, normal):
    assert normalise(raw) == normal


def test_the_registration_exports_fields():
    assert len(REGISTRATION) == 72
    for header, key in KEPT.items():
        assert field_for(header) == key and field_for(header + "(*)") == key
    known_not_kept = ["出生地", "籍贯", "港澳台侨外", "政治面貌", "健康状况", "现住址", "通信地址",
                      "家庭地址", "家庭住址", "联系电话", "邮政编码", "是否独生子女", "是否受过学前教育",
                      "学生来源", "上下学距离", "上下学方式", "是否需要乘坐校车", "曾用名",
                      "身份证件有效期", "血型", "特长", "电子信箱", "主页地址", "国籍/地区"]
    assert {h: field_for(h) for h in known_not_kept} == {h: "" for h in known_not_kept}
    assert [h for h in REGISTRATION if field_for(h) is None] == []


@pytest.mark.parametrize("header, key", [
    ("个人标识码(学籍号)", "student_no"), ("个人标识码（学籍号）", "student_no"),
    ("全国学籍号", "student_no"), ("个人标识码", "student_no"), ("学籍号", "student_no"),
    ("学生姓名", "name"), ("出生年月", "birth_date"), ("身份证号码", "id_number"),
    ("证件号码", "id_number"), ("班级名称", "class_name"), ("班别", "class_name"),
    ("住宿类型", "boarding"), ("是否寄宿生", "boarding"), ("是否住校", "boarding"),
    ("认定困难级别", "difficulty_level"), ("认定时间", "recognised_on"),
    ("认定原因", "recognised_reason"), ("户编号", "household_no"),
    ("户主姓名", "household_head"), ("资助项目", "aid_project"), ("资助金额", "aid_amount"),
    ("学期", "semester"), ("脱贫家庭", "poverty_alleviated"),
    ("脱贫不稳定", "monitored_unstable"), ("边缘易致贫", "monitored_edge"),
    ("突发严重困难", "monitored_sudden"), ("低保", "dibao"), ("低保边缘", "dibao_edge"),
    ("特困供养", "tekun"), ("刚性支出困难", "rigid_expense"),
    ("其他低收入", "other_low_income"), ("孤儿", "orphan"), ("事实无人抚养", "de_facto_orphan"),
    ("残疾学生", "disabled_student"), ("残疾人子女", "disabled_parent"), ("烈士子女", "martyr"),
    ("优抚子女", "preferential_care"),
    ("关系", "guardian1_relation"), ("是否监护人", "guardian1_is_guardian"),
    ("成员2姓名", "guardian2_name"), ("成员1身份证件号", "guardian1_id_number"),
    ("家庭成员2联系电话", "guardian2_phone"), ("成员1工作单位", ""),
    ("照片编号", None), ("", None),
])
def test_field_for(header, key):
    assert field_for(header) == key


def test_our_own_headers_and_their_keys():
    for key, header in HEADERS.items():
        assert field_for(header) == key and field_for(key) == key


def test_the_tables_fields_are_our_keys():
    keys = set(KEPT.values()) | set(HEADERS) | set(AID_CATEGORIES) | {
        "", "student_no", "recognised_on", "recognised_reason", "difficulty_level",
        "household_no", "household_head", "aid_project", "aid_amount", "semester",
        "school_stage"}
    members = {"", "name", "relation", "is_guardian", "document_type", "id_number", "phone"}
    with (DATA / "header_aliases.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            field = row["field"]
            assert (field.removeprefix("member:") in members if field.startswith("member:")
                    else field in keys), row
            assert set(row["layout"].split()) <= {"registration", "school_copy", "aid_list",
                                                  "ours"}, row


def test_score_finds_the_header_row_below_title_rows():
    assert score(["2024年秋季学期学生基本信息", None, None]) == 0
    assert score(["学生基本信息", "", "家庭成员或监护人信息一"]) == 0
    assert score(REGISTRATION) == 72
    assert score(["3508812019", "张三", "1", 20150326, "01"]) == 0
    assert score(["姓名", 42, None, "性别(*)", "备用一"]) == 2


def test_layouts():
    assert detect_layout(as_read(REGISTRATION)) == detect_layout(REGISTRATION) == "registration"
    assert detect_layout(["个人标识码(学籍号)", "学生姓名", "性别", "出生年月", "民族",
                          "身份证号码", "年级", "班级名称", "住宿类型"]) == "school_copy"
    assert detect_layout(["序号", "学校名称", "姓名", "身份证件号", "认定困难级别", "认定时间",
                          "认定原因", "脱贫家庭", "低保", "孤儿", "户编号", "户主姓名"]) == "aid_list"
    assert detect_layout(list(HEADERS.values())) == "ours"
    assert detect_layout(list(HEADERS)) == "ours"
    assert detect_layout(["编号", "名字", "电话"]) == ""
    assert detect_layout(["姓名", "性别"]) == ""


def test_family_members_by_position():
    columns = as_read(REGISTRATION)
    assert columns[48:51] == ["姓名(2)", "关系", "关系说明"]
    mapped = map_columns(columns)
    assert unknown_columns(columns) == []
    assert len(mapped) == 72
    pupil = {normalise(h): KEPT.get(normalise(h), "") for h in PUPIL}
    assert {c: mapped[c] for c in columns[:48]} == pupil
    assert [mapped[c] for c in columns[48:60]] == [
        "guardian1_name", "guardian1_relation", "", "", "", "guardian1_phone",
        "guardian1_is_guardian", "guardian1_document_type", "guardian1_id_number", "", "", ""]
    assert [mapped[c] for c in columns[60:]] == [
        "guardian2_name", "guardian2_relation", "", "", "", "guardian2_phone",
        "guardian2_is_guardian", "guardian2_document_type", "guardian2_id_number", "", "", ""]


def test_a_block_starting_with_relation_and_a_third_member():
    columns = ["姓名", "身份证件号", "关系", "姓名(2)", "联系电话", "关系(2)", "姓名(3)",
               "关系(3)", "姓名(4)", "是否进城务工人员随迁子女"]
    assert map_columns(columns) == {
        "姓名": "name", "身份证件号": "id_number", "关系": "guardian1_relation",
        "姓名(2)": "guardian1_name", "联系电话": "guardian1_phone",
        "关系(2)": "guardian2_relation", "姓名(3)": "guardian2_name", "关系(3)": "",
        "姓名(4)": "", "是否进城务工人员随迁子女": "migrant_child"}


def test_numbered_members_anywhere_and_unknown_columns():
    columns = ["全国学籍号", "学生姓名", "成员1姓名", "成员1关系", "成员2姓名", "成员2是否监护人",
               "学籍号", "照片", "", "成员3姓名"]
    assert map_columns(columns) == {
        "全国学籍号": "student_no", "学生姓名": "name", "成员1姓名": "guardian1_name",
        "成员1关系": "guardian1_relation", "成员2姓名": "guardian2_name",
        "成员2是否监护人": "guardian2_is_guardian"}
    # a second student-number column is for the officer to decide; 成员3 is no known header
    assert unknown_columns(columns) == ["学籍号", "照片", "成员3姓名"]


@pytest.mark.parametrize("columns", [
    ["学籍号", "姓名", "性别", "学校代码", "年级", "低保"],
    ["全国学籍号", "学生姓名", "性别", "出生日期", "身份证件号", "学校标识码", "年级", "班级", "户编号"],
])
def test_a_file_with_student_numbers_or_school_codes_is_never_an_aid_list(columns):
    """Headers shared with aid lists (低保, 户编号, 身份证件号) do not make a roster of pupils
    an aid list: it has a student-number or school-code column."""
    assert detect_layout(columns) not in ("aid_list", "")


def test_the_officers_mapping_decides_the_layout():
    columns = ["证号", "等级", "日期", "备注"]
    assert detect_layout(columns) == ""
    assert detect_layout(columns, {"证号": "id_number", "等级": "difficulty_level",
                                           "日期": "recognised_on", "备注": ""}) == "aid_list"
    assert detect_layout(["学籍号", "姓名", "性别", "等级"],
                                 {"等级": "difficulty_level"}) != "aid_list"
