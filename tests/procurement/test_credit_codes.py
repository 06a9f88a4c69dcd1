"""Unified social credit codes: python-stdnum checks the structure (authority, entity type and
region are digits) and the check character; the refusals keep the suite's Chinese messages."""
from __future__ import annotations

from datetime import date

import pytest

from procurement.codes import credit_check_char, credit_code_problem
from procurement.suppliers import supplier_errors


@pytest.fixture
def app_config():
    return {"BABEL_DEFAULT_LOCALE": "zh_Hans_CN"}  # the suite's own language, not the folder's


def coded(first17: str) -> str:
    """A code with a correct check character, so only its structure can be wrong."""
    return first17 + credit_check_char(first17)


@pytest.mark.parametrize("code", [
    "91440300708461136T", "91350100M000100Y43", "91110000600037341L", "9144030071526726XG",
    "91310115MA1K3BTP2B", "121200004013590816", " 91440300708461136t ",
    coded("N2520322MF0123456"), coded("Y1440300708461136"), coded("A1110000708461136"),
])
def test_known_codes_pass(code):
    assert credit_code_problem(code) is None


@pytest.mark.parametrize("code, problem", [
    ("9144030070846113", "length"),
    ("9144030070846113IT", "characters"),
    ("91440300708461136A", "check"),
    (coded("H1440300708461136"), "authority"),
    (coded("9A440300708461136"), "entity"),
    (coded("N5520322MF0123456"), "entity"),
    (coded("Y2440300708461136"), "entity"),
    (coded("N252032KMF0123456"), "region"),
    (coded("N2520322MF0123456")[:17] + "0", "check"),
    (coded("91M40300708461136"), "region"),
    (coded("914403K0708461136"), "region"),
])
def test_refused_codes_name_the_part(code, problem):
    assert credit_code_problem(code) == problem


@pytest.mark.parametrize("code, message", [
    (coded("H1440300708461136"), "统一社会信用代码第 1 位（登记管理部门代码）必须是数字、A、N 或 Y。"),
    (coded("9A440300708461136"), "统一社会信用代码第 2 位（机构类别代码）不是该登记管理部门的机构类别。"),
    (coded("914403K0708461136"),
     "统一社会信用代码第 3 至 8 位（登记管理机关行政区划码）必须是数字。"),
    ("91440300708461136A", "统一社会信用代码的校验位不对，请逐位核对。"),
])
def test_supplier_form_gives_the_chinese_message(app, db, code, message):
    values = {"name": "鹏城蔬菜配送有限公司", "credit_code": code, "licence_no": "JY1",
              "licence_expiry": date(2027, 12, 31)}
    with app.test_request_context():
        assert supplier_errors(db, values) == {"credit_code": message}


def test_demo_supplier_codes_are_valid():
    from procurement import demo
    assert all(credit_code_problem(demo._credit_code(n)) is None
               for n in range(1, len(demo.SUPPLIERS) + 1))
