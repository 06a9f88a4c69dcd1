"""The host's shared vocabulary: refusals, money, cells, the schools a user may see,
and the save-or-show view helper."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from flask_babel import force_locale
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import StringField

from suite.auth import visible_schools
from suite.cells import CellError, cell_date, cell_money, cell_number, cell_text
from suite.errors import ServiceError
from suite.forms import form_status, save_or_show
from suite.models import County
from suite.money import money, parse_money
from suite.services import county_of
from suite.vocabulary import AGE_BANDS, age_band_for, meal_label


def test_service_error_keeps_fields_and_translates_templates(app):
    exc = ServiceError({"quantity": ("must be at most %(most)s", {"most": 5}), "": "whole"})
    assert exc.errors["quantity"] == ("must be at most %(most)s", {"most": 5})
    assert str(exc) == "quantity: must be at most 5; whole"
    with app.test_request_context(), force_locale("en"):
        assert exc.messages() == {"quantity": "must be at most 5", "": "whole"}
    assert ServiceError("only this").errors == {"": "only this"}


@pytest.mark.parametrize("value, expected", [
    ("3.345", Decimal("3.35")), (Decimal("3.344"), Decimal("3.34")), (2, Decimal("2.00")),
    (0.1 + 0.2, Decimal("0.30")), ("-1.005", Decimal("-1.01")),
])
def test_money_rounds_half_up_to_the_fen(value, expected):
    assert money(value) == expected and str(money(value)) == str(expected)


@pytest.mark.parametrize("text, expected", [
    ("3.5元", Decimal("3.5")), ("¥ 3.50", Decimal("3.50")), ("３．５", Decimal("3.5")),
    ("￥４", Decimal("4")), (" 12 ", Decimal("12")), ("three", None), ("1e3", None),
    ("", None), ("NaN", None), ("9" * 21, None),
    # thousands commas only in threes: "1,5" is no amount (a decimal comma, or a typo)
    ("1,000.50", Decimal("1000.50")), ("¥1,000.5元", Decimal("1000.5")),
    ("1,234,567", Decimal("1234567")), ("１，０００", Decimal("1000")), ("1,5", None),
    ("1,0000", None), ("12,34", None),
])
def test_parse_money_reads_what_people_type(text, expected):
    assert parse_money(text) == expected


@pytest.mark.parametrize("value, expected", [
    ("2026-09-01", date(2026, 9, 1)), ("2026/9/1", date(2026, 9, 1)),
    ("2026.9.1", date(2026, 9, 1)), ("20260901", date(2026, 9, 1)),
    (20260901, date(2026, 9, 1)), (46266, date(2026, 9, 1)), (46266.0, date(2026, 9, 1)),
    ("２０２６－０９－０１", date(2026, 9, 1)), (None, None), ("", None),
    ("2026年9月1日", date(2026, 9, 1)), ("２０２６年９月１日", date(2026, 9, 1)),
    ("2026 年 9 月 1", date(2026, 9, 1)),
])
def test_cell_date_reads_every_shape_of_date(value, expected):
    assert cell_date(value, "出生日期") == expected


@pytest.mark.parametrize("value", ["2026-02-30", "20261301", "9/1/2026", "tomorrow", 46266.5,
                                   "2026年13月1日", "2026年9月",
                                   True, "2026-09", float("inf"), float("nan"),
                                   Decimal("NaN"), 1e300])
def test_cell_date_refuses_what_is_not_a_date(value):
    with pytest.raises(CellError) as caught:
        cell_date(value, "出生日期")
    assert caught.value.column == "出生日期"
    assert caught.value.reason == "is not a date (for example 2026-09-01)"


def test_cell_numbers_text_and_money():
    assert cell_number("１,２３４.５") == Decimal("1234.5")
    assert cell_number(0.1) == Decimal("0.1")
    assert cell_number("") is None
    assert cell_text(12.0) == "12" and cell_text("  a ") == "a" and cell_text(None) == ""
    assert cell_money("3.5元") == Decimal("3.5")
    for bad in ("NaN", "Infinity", "1" * 40, "x", "1e999999999", "1e-999999"):
        with pytest.raises(CellError, match="is not a number"):
            cell_number(bad, "价格")
    with pytest.raises(CellError, match="is not an amount in yuan"):
        cell_money("3.555")
    with pytest.raises(CellError, match="must not be negative"):
        cell_money("-1")


def test_meals_and_age_bands(app):
    assert AGE_BANDS == ("6-8", "9-11", "12-14", "15-17")
    assert [age_band_for(a) for a in (5, 6, 11, 12, 17, 18)] == [None, "6-8", "9-11", "12-14",
                                                               "15-17", None]
    with app.test_request_context(), force_locale("zh_Hans_CN"):
        assert meal_label("lunch") == "午餐" and meal_label("week") == "周平均"


def test_visible_schools_follow_the_users_scope(db, factory, org):
    east = org.townships[0]
    assert visible_schools(db, factory.user("bureau")) == sorted(org.schools, key=lambda s: s.code)
    assert visible_schools(db, factory.user("township_officer", township=east)) == \
        sorted(org.schools[:2], key=lambda s: s.code)
    assert visible_schools(db, factory.user("canteen_manager", school=org.schools[2])) == \
        [org.schools[2]]
    assert county_of(db).id == org.county.id == county_of(db, org.schools[2]).id


class _Form(FlaskForm):
    class Meta:
        csrf = False
    name = StringField()


def test_save_or_show_rolls_back_and_puts_errors_on_the_form(app, db, org):
    def rename(session, name):
        county = session.scalar(select(County))
        county.name = name
        session.flush()
        if name == "bad":
            raise ServiceError({"name": "名称不可用", "": "整体有误"})
        return county.name

    db.commit()
    before = org.county.name
    with app.test_request_context("/", method="POST"):
        form = _Form()
        assert save_or_show(db, form, rename, db, "bad") == (False, None)
        assert form.name.errors == ["名称不可用"] and form.form_errors == ["整体有误"]
        assert form_status(form) == 400
        assert db.scalar(select(County.name)) == before  # nothing changed
        ok, result = save_or_show(db, _Form(), rename, db, "新县", success="已保存")
        assert (ok, result) == (True, "新县")
    assert db.scalar(select(func.count()).select_from(County).where(County.name == "新县")) == 1


def test_the_api_refuses_in_one_shape(app):
    from werkzeug.exceptions import HTTPException

    from suite.jsonapi import json_object, refused

    with app.test_request_context("/", method="POST", data="[1]",
                                  content_type="application/json"):
        with pytest.raises(HTTPException) as caught:
            json_object()
        reply = caught.value.get_response()
        assert reply.status_code == 400
        assert reply.get_json() == {"error": "invalid request",
                                    "errors": {"body": "请发送一个 JSON 对象。"}}
        body, status = refused(ServiceError({"grams": "must be above 0"}), 409)
        assert status == 409 and body.get_json()["errors"] == {"grams": "must be above 0"}
    with app.test_request_context("/", method="POST", json={"a": 1}):
        assert json_object() == {"a": 1}
