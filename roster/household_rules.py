"""The rules of one household-ledger entry (摸底表): the words of the township's collection
form, the columns of its file, and `check_child`, which the form, the import and the API
share. Pure functions apart from `kinds`, which reads the category names."""
from __future__ import annotations

import re

from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from suite.cells import N_, CellError, cell_date, cell_money, cell_text

from .idcard import birth_date, clean_number, id_problem
from .labels import ID_NUMBER_PROBLEMS
from .models import LOCATIONS, STAGES, AidCategory

HOUSEHOLD_KINDS = ("poverty_alleviated", "monitored")
STAGE_WORDS = {"学前教育": "preschool", "学前": "preschool", "义务教育": "compulsory",
               "普通高中": "senior_high", "普通高中教育": "senior_high", "高中": "senior_high",
               "中职": "vocational", "中职教育": "vocational", "高等教育": "higher"}
LOCATION_WORDS = {"县内": "county", "县外市内": "city", "市外": "outside"}
AIDED_WORDS = {"是": True, "否": False, "yes": True, "no": False, "y": True, "n": False,
               "1": True, "0": False, "true": True, "false": False, "": None, "未确认": None}
HEADERS = {"name": "姓名", "id_number": "身份证号", "village": "村", "household_head": "户主姓名",
           "household_kind": "户类别", "stage": "学段", "location": "就读地",
           "school_name": "就读学校", "aided": "是否已受助", "aid_program": "资助项目",
           "aid_amount": "资助金额", "confirmed_by": "确认人", "confirmed_on": "确认日期",
           "document_number": "其他证件号码"}  # a child without a resident ID (证件号码 alone
# names the resident ID in the registration system's files, so it is not this column's name)
ID_COLUMNS = ("id_number", "document_number")  # a ledger file has one of them at least
REQUIRED = ("name", "household_kind", "stage", "location", "school_name")  # and an ID or number
LIMITS = {"name": 40, "village": 40, "household_head": 40, "school_name": 120,
          "aid_program": 60, "confirmed_by": 60}
FIELDS = ("name", "id_number", "document_number", "birth_date", "village", "household_head", "household_kind",
          "stage", "location", "school_name", "aided", "aid_program", "aid_amount",
          "confirmed_by", "confirmed_on", "supplementary")
MAX_AMOUNT = Decimal(10**10)  # what the ledger's and the visits' amount columns can hold


def amount_in_yuan(value, column: str = "") -> Decimal | None:
    """Yuan as `suite.cells.cell_money` reads them, below MAX_AMOUNT; None if empty,
    CellError otherwise."""
    amount = cell_money(value, column)
    if amount is not None and amount >= MAX_AMOUNT:
        raise CellError(column, value, N_("is not an amount in yuan (at most two decimals)"))
    return amount


def kinds(session: Session) -> dict[str, str]:
    """Household kinds of the ledger: category code -> name (names are accepted in files)."""
    names = dict(session.execute(select(AidCategory.code, AidCategory.name).where(
        AidCategory.code.in_(HOUSEHOLD_KINDS))).all())
    return {code: names.get(code, code) for code in HOUSEHOLD_KINDS}


def _word(value: str, codes, words) -> str | None:
    return value if value in codes else words.get(value)


_RESIDENT_ID = re.compile(r"[0-9]{17}[0-9X]")


def _id_number(raw, typed: str, today: date, errors: dict) -> str | None:
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        errors["id_number"] = _("is stored as a number, so Excel has already changed its last "
                                "digits: format the column as text and type the numbers again")
        return None
    problem = id_problem(typed.upper(), today) if typed else None
    if problem:
        errors["id_number"] = str(ID_NUMBER_PROBLEMS[problem])
        return None
    return typed.upper() or None


def _check_aid(t: dict, raw: dict, today: date, errors: dict) -> dict:
    aided = AIDED_WORDS.get(t["aided"].lower(), "bad")
    if aided == "bad":
        errors["aided"] = _("must be 是, 否 or empty (not confirmed yet)")
    try:
        amount = amount_in_yuan(raw.get("aid_amount"))
    except CellError:
        amount = None
        errors["aid_amount"] = _("is not an amount in yuan (at most two decimals)")
    try:
        confirmed_on = cell_date(raw.get("confirmed_on"))
        refused = confirmed_on is not None and confirmed_on > today
    except CellError:
        confirmed_on, refused = None, True
    if refused:
        errors["confirmed_on"] = _("is not a real date (YYYY-MM-DD)")
    if aided is None:
        for key in ("aid_program", "aid_amount", "confirmed_by", "confirmed_on"):
            if t[key]:
                errors[key] = _("must be empty while the aid is not confirmed")
    elif aided in (True, False):
        for key in ("confirmed_by", "confirmed_on"):
            if not t[key]:
                errors.setdefault(key, _("is required once the aid is confirmed"))
        if aided and not t["aid_program"]:
            errors["aid_program"] = _("is required for an aided child")
        for key in ("aid_program", "aid_amount") if aided is False else ():
            if t[key]:
                errors[key] = _("must be empty for a child not aided")
    return {"aided": aided, "aid_amount": amount, "confirmed_on": confirmed_on,
            "supplementary": aided is False}


def check_child(raw: dict, household_kinds: dict[str, str], today: date) -> tuple[dict, dict]:
    """(values, errors) of one entry; `raw` maps field names to what was typed or read."""
    t = {k: cell_text(raw.get(k)) for k in HEADERS}
    errors: dict[str, str] = {}
    for key in REQUIRED:
        if not t[key]:
            errors[key] = _("is required")
    for key, limit in LIMITS.items():
        if len(t[key]) > limit:
            errors[key] = _("is longer than %(n)d characters", n=limit)
    values = {k: t[k] for k in LIMITS}
    typed_as_document = not t["id_number"] and _RESIDENT_ID.fullmatch(
        clean_number(t["document_number"])) is not None
    if typed_as_document:  # a resident ID typed as the other document is checked as one
        t["id_number"] = clean_number(t["document_number"])
    values["id_number"] = _id_number(raw.get("document_number") if typed_as_document
                                     else raw.get("id_number"), t["id_number"], today, errors)
    if typed_as_document and "id_number" in errors:  # named in the column it was typed in
        errors["document_number"] = errors.pop("id_number")
    values["document_number"] = None if t["id_number"] else (clean_number(t["document_number"])
                                                             or None)
    if not t["id_number"] and not values["document_number"]:
        errors["id_number"] = _("is required")
    elif values["document_number"] and len(values["document_number"]) > 40:
        errors["document_number"] = _("is longer than %(n)d characters", n=40)
    values["birth_date"] = birth_date(values["id_number"]) if values["id_number"] else None
    by_name = {name: code for code, name in household_kinds.items()}
    values["household_kind"] = _word(t["household_kind"], household_kinds, by_name)
    values["stage"] = _word(t["stage"], STAGES, STAGE_WORDS)
    values["location"] = _word(t["location"], LOCATIONS, LOCATION_WORDS)
    for key, reason in (("household_kind", _("is not a registered-poor or monitored household")),
                        ("stage", _("is not a school stage (学前教育, 义务教育, 普通高中, 中职, "
                                    "高等教育)")),
                        ("location", _("must be 县内, 县外市内 or 市外"))):
        if t[key] and values[key] is None:
            errors[key] = reason
    values.update(_check_aid(t, raw, today, errors))
    return values, errors

