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
