"""The ledger as tables: the columns of the month table (page, xlsx and CLI share them) and
the rows of the county's and a school's spreadsheets, exact decimals throughout."""
from __future__ import annotations

from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

COLUMNS = [  # (key, label): the month table of the page and of the spreadsheet
    ("plan_students_last", _l("Plan students")),
    ("school_days", _l("School days")),
    ("meal_days", _l("Days with meals")),
    ("student_days", _l("Student-days")),
    ("entitlement", _l("Entitlement")),
    ("food_cost", _l("Food cost")),
    ("teacher_spend", _l("Teachers' share")),
    ("outside_spend", _l("Outside-plan pupils' share")),
    ("student_spend", _l("Spent on students")),
    ("spend_per_student_day", _l("Per student-day")),
    ("balance", _l("Balance")),
    ("year_balance", _l("Year balance")),
    ("receipts", _l("Receipts")),
    ("issues", _l("Issues")),
    ("stock_value_end", _l("Stock at month end")),
]
DAY_COLUMNS = [("rate", _l("Rate")), ("student_days", _l("Student-days")),
               ("entitlement", _l("Entitlement")), ("food_cost", _l("Food cost")),
               ("teacher_spend", _l("Teachers' share")),
               ("outside_spend", _l("Outside-plan pupils' share")),
               ("student_spend", _l("Spent on students")), ("meals", _l("Meals counted"))]


def _cell(value):
    return value if value is None or isinstance(value, (int, Decimal)) else str(value)


def county_table(data: dict, whole_county: bool = True) -> tuple[list[str], list[list]]:
    """The month table: one row per school, then each township's subtotal and the total (the
    county's, or of the schools a township officer or canteen manager sees)."""
    header = [_("Code"), _("School"), _("Township")] + [str(label) for _k, label in COLUMNS]
    figures = [key for key, _label in COLUMNS]
    rows = [[r["code"], r["school"], r["township"]] + [_cell(r[k]) for k in figures]
            for r in data["schools"]]
    rows += [["", _("Subtotal"), t["township"]] + [_cell(t[k]) for k in figures]
             for t in data["townships"]]
    rows.append(["", _("County total") if whole_county else _("Total"), ""]
                + [_cell(data["county"][k]) for k in figures])
    return header, rows


def school_tables(row: dict) -> list[tuple[str, list[str], list[list]]]:
    """A school's month: its figures, then one row per day and the totals."""
    figures = [[_("Plan students on the first day"), row["plan_students_first"]]]
    figures += [[str(label), _cell(row[key])] for key, label in COLUMNS]
    figures.append([_("Adjustments"), row["adjustments"]])
    days = [[d["day"]] + [_cell(d[k]) for k, _label in DAY_COLUMNS] for d in row["days"]]
    total = [_("Total"), None] + [_cell(row[k]) for k, _label in DAY_COLUMNS[1:-1]] + [
        sum(d["meals"] for d in row["days"])]
    return [(_("Month"), [_("Figure"), _("Value")], figures),
            (_("By day"), [_("Date")] + [str(label) for _k, label in DAY_COLUMNS],
             days + [total])]
