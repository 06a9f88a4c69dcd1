"""OpenAPI description of the subsidy plugin's JSON API (subsidy/api.py), assembled into
/api/v1/openapi.json by suite/openapi.py. Money is a string to the fen ("12.34")."""
from __future__ import annotations

from suite.openapi import (DATE, file_response, ok, operation, path_int, path_str, query, ref,
                           refusal)

from .flags import CODES as FLAG_CODES

TAG = "subsidy"
MONTH_PATTERN = "^20[0-9]{2}-(0?[1-9]|1[0-2])$"
MONTH = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"}
MONEY = {"type": "string", "pattern": "^-?[0-9]+\\.[0-9]{2}$"}
MONEY_OR_NULL = {**MONEY, "nullable": True}
INT = {"type": "integer"}


def _month_query(description: str) -> dict:
    return query("month", description, required=True, type="string", pattern=MONTH_PATTERN)


DAY = {"type": "object", "required": [
    "day", "school_day", "rate", "student_days", "entitlement", "food_cost", "teacher_spend",
    "outside_spend", "student_spend", "meals"], "properties": {
    "day": DATE, "school_day": {"type": "boolean"},
    "rate": {**MONEY_OR_NULL, "description": "The day's rate per student (null: none set)"},
    "student_days": INT, "entitlement": MONEY, "food_cost": MONEY, "teacher_spend": MONEY,
    "outside_spend": {**MONEY, "description": "The share of pupils outside the nutrition plan "
                                              "(they pay for their meals): not subsidy spending"},
    "student_spend": {**MONEY, "description": "food_cost − teacher_spend − outside_spend"},
    "meals": INT,
}}

YEAR_MONTH = {"type": "object", "required": [
    "month", "student_days", "entitlement", "student_spend", "spend_per_student_day", "rate",
    "balance", "running_balance"], "properties": {
    "month": {"type": "integer", "minimum": 1, "maximum": 12}, "student_days": INT,
    "entitlement": MONEY, "student_spend": MONEY, "spend_per_student_day": MONEY_OR_NULL,
    "rate": MONEY_OR_NULL, "balance": MONEY, "running_balance": MONEY,
}}

_FIGURES = {
    **{k: INT for k in ("plan_students_first", "plan_students_last", "school_days",
                        "meal_days", "student_days")},
    **{k: MONEY for k in ("entitlement", "food_cost", "student_spend", "teacher_spend",
                          "outside_spend", "balance", "year_entitlement", "year_balance",
                          "receipts", "issues",
                          "adjustments", "stock_value_end")},
    "spend_per_student_day": MONEY_OR_NULL,
    "year_months": {"type": "array", "items": ref("SubsidyYearMonth"),
                    "description": "January to this month"},
}

SCHOOL_LEDGER = {"type": "object", "required": [
    "school_id", "school", "code", "supply_mode", "township_id", "township", "year", "month", "first", "last",
    "through", "days", "days_without_rate", *_FIGURES], "properties": {
    "school_id": INT, "school": {"type": "string", "description": "The school's name"},
    "code": {"type": "string"}, "supply_mode": {"type": "string"}, "township_id": INT,
    "township": {"type": "string"}, "year": INT, "month": INT, "first": DATE, "last": DATE,
    "through": {**DATE, "description": "The last day counted (today at the latest)"},
    "days": {"type": "array", "items": ref("SubsidyLedgerDay")},
    "days_without_rate": {"type": "array", "items": DATE},
    **_FIGURES,
}}

TOTALS = {"type": "object", "required": ["schools", *(k for k in _FIGURES
                                                     if k != "year_months")], "properties": {
    "schools": {"type": "integer", "description": "The number of schools summed"},
    "township_id": INT, "township": {"type": "string"},
    **_FIGURES,
}, "description": "The sums of the schools' figures (a township's with its id and name; "
                  "year_months when there is any school)"}

FLAG = {"type": "object", "required": [
    "school_id", "school_code", "school_name", "code", "label", "record_key", "explanation",
    "figures", "url", "explained"], "properties": {
    "school_id": INT, "school_code": {"type": "string"}, "school_name": {"type": "string"},
    "code": {"type": "string", "enum": list(FLAG_CODES)},
    "label": {"type": "string"},
    "record_key": {"type": "string",
                   "description": "The day, meal, grade, delivery ... flagged (\"\": the month)"},
    "explanation": {"type": "string"},
    "figures": {"type": "object", "additionalProperties": {"type": "string"}},
    "url": {"type": "string", "nullable": True,
            "description": "The page of the records (null when not installed)"},
    "explained": {"type": "object", "nullable": True, "required": ["note", "by", "at"],
                  "properties": {"note": {"type": "string"}, "by": {"type": "string"},
                                 "at": {"type": "string", "nullable": True,
                                        "description": "ISO 8601 date and time"}}},
}}


def _report(ext: str, media_type: str) -> dict:
    return {"get": operation(
        f"A school's monthly cost report as {ext.upper()}", tag=TAG,
        parameters=[path_int("school_id", "The school's id"),
                    path_str("month", "The month as YYYY-MM", pattern=MONTH_PATTERN)],
        responses={**file_response(media_type, f"The report ({ext})"),
                   **refusal(400, 403, 404)})}


PATHS = {
    "/api/v1/subsidy/ledger": {"get": operation(
        "The subsidy ledger of one school's month, or of the county", tag=TAG,
        description="With `school`: that school's month with its days. With scope=county "
                    "(and no school): every school the user may see, each township's totals "
                    "and the county's.",
        parameters=[
            _month_query("The month as YYYY-MM (2000-01 to 2099-12)"),
            query("school", "The school's id (404 when the user may not see it)",
                  type="integer", minimum=0),
            query("scope", "county: every school the user may see (needed without school)",
                  type="string", enum=["county"]),
        ],
        responses={**ok({"oneOf": [
            {"type": "object", "required": ["month", "school"], "properties": {
                "month": MONTH, "school": ref("SubsidyLedger")}},
            {"type": "object", "required": ["month", "schools", "townships", "county"],
             "properties": {
                 "month": MONTH,
                 "schools": {"type": "array", "items": ref("SubsidyLedger")},
                 "townships": {"type": "array", "items": ref("SubsidyLedgerTotals")},
                 "county": ref("SubsidyLedgerTotals")}},
        ]}, "`school` for one school; `schools`, `townships` and `county` for the county"),
            **refusal(400, 403, 404)})},
    "/api/v1/subsidy/flags": {"get": operation(
        "The anomaly flags of a month (open flags first)", tag=TAG,
        parameters=[
            _month_query("The month as YYYY-MM (2000-01 to 2099-12)"),
            query("school", "Only this school's (404 when the user may not see it, or not "
                            "an id)", type="integer", minimum=0),
        ],
        responses={**ok({"type": "object", "required": ["month", "open", "flags"],
                         "properties": {
                             "month": MONTH,
                             "open": {"type": "integer", "description": "Flags not explained"},
                             "flags": {"type": "array", "items": ref("SubsidyFlag")}}}),
                   **refusal(400, 403, 404)})},
    "/api/v1/subsidy/reports/{school_id}/{month}.pdf": _report("pdf", "application/pdf"),
    "/api/v1/subsidy/reports/{school_id}/{month}.xlsx": _report(
        "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}

SCHEMAS = {"SubsidyLedger": SCHOOL_LEDGER, "SubsidyLedgerDay": DAY,
           "SubsidyYearMonth": YEAR_MONTH, "SubsidyLedgerTotals": TOTALS,
           "SubsidyFlag": FLAG}
