"""ID numbers and student numbers: DOMAIN.md's worked and invalid examples."""
from __future__ import annotations

from datetime import date

import pytest

from roster.idcard import (birth_date, check_char, id_problem, mask_id, mask_phone, sex_of,
                           student_number_problem, upgrade_15)


@pytest.mark.parametrize("first17, check, sex, born", [
    ("11010519491231002", "X", "F", date(1949, 12, 31)),   # S = 167, 167 mod 11 = 2 → X
    ("44052418800101001", "4", "M", date(1880, 1, 1)),     # S = 195, 195 mod 11 = 8 → 4
])
def test_worked_examples(first17, check, sex, born):
    assert check_char(first17) == check
    number = first17 + check
    assert id_problem(number) is None
    assert sex_of(number) == sex and birth_date(number) == born


@pytest.mark.parametrize("number, problem", [
    ("110101201001010019", "check"),
    ("110105194912310021", "check"),
    ("11010519491231002", "length"),
    ("1101051949123100AX", "characters"),
    ("110105194913310027", "date"),            # month 13
])
def test_invalid_examples(number, problem):
    assert id_problem(number) == problem


def test_future_birth_date_is_refused():
    body = "11010520301231002"
    assert id_problem(body + check_char(body), today=date(2026, 11, 22)) == "date"


def test_old_15_digit_numbers():
    assert upgrade_15("110105491231002") == "11010519491231002X"


@pytest.mark.parametrize("number, ok", [
    ("G11010519491231002X", True), ("J11010519491231002X", True),
    ("L3508812014010112AB", True), ("11010519491231002X", True),
    ("G110101201001010019", False), ("X3508812014010112AB", False), ("12345", False),
    ("L3508812014133112AB", False),
])
def test_student_numbers(number, ok):
    assert (student_number_problem(number) is None) == ok


def test_masking():
    assert mask_id("350881201401011234") == "3508**********1234"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_id(None) == "" and mask_phone("") == ""


def test_student_numbers_that_carry_an_id_are_masked_too():
    from roster.idcard import mask_student_no
    assert mask_student_no("G350881201401011234") == "G3508**********1234"
    assert mask_student_no("350881201401011234") == "3508**********1234"
    assert mask_student_no("L3508812014010112AB") == "L3508812014010112AB"


@pytest.mark.parametrize("area", ["000000", "999999", "350899", "110199"])
def test_an_area_code_that_never_existed_is_refused(area):
    body = f"{area}20140101001"
    assert id_problem(body + check_char(body)) == "area"


@pytest.mark.parametrize("area, born", [
    ("110103", date(2014, 5, 1)),   # 崇文区, merged into 东城区 in 2010
    ("350881", date(1990, 5, 1)),   # 漳平市, a county-level city only since 1996
    ("350881", date(2014, 5, 1)),
])
def test_any_year_of_gb_t_2260_counts_not_the_birth_year(area, born):
    body = f"{area}{born:%Y%m%d}001"
    assert id_problem(body + check_char(body)) is None


def test_the_area_is_checked_after_the_check_digit():
    assert id_problem("000000201401010010") == "check"


def test_synthetic_ids_of_the_demo_and_tests_are_valid():
    from roster.synth import make_id, students
    assert id_problem(make_id("350881", date(2015, 3, 4), "F", 7)) is None
    assert all(id_problem(r["身份证号"]) is None for r in students(50, ["S0001"], seed=5))
