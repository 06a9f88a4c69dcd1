"""The cost reports as tables: the rows the PDF prints and the xlsx holds are made here once,
so both carry the same numbers (Decimal to the fen, counts as ints)."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from suite.errors import translate

from .reports import ZERO
from .sheets import COLUMNS, DAY_COLUMNS

WEEK_LEAVES = ("receipts", "issues", "stock_value_end")  # monthly figures only
COUNTY_COLUMNS = [(k, label) for k, label in COLUMNS
                  if k not in ("receipts", "issues", "stock_value_end")]
GROUP_HEADER = (_l("Food group"), _l("Food cost"), _l("Spent on students"))


def period_text(report: dict) -> str:
    if report["kind"] == "week":
        return _("Week of %(first)s to %(last)s", first=report["first"].isoformat(),
                 last=report["last"].isoformat())
    return _("%(year)d-%(month)02d", year=report["first"].year, month=report["first"].month)


def title(report: dict) -> str:
    if report["kind"] == "county":
        return _("%(county)s nutrition plan cost summary", county=report["county_name"])
    if report["kind"] == "week":
        return _("%(school)s weekly cost report", school=report["row"]["school"])
    return _("%(school)s monthly cost report", school=report["row"]["school"])


def figure_rows(report: dict) -> list[list]:
    """[label, value] of the report's ledger figures (a week: no receipts, issues or stock;
    its year balance named with the day it runs to)."""
    row = report["row"] if report["kind"] != "county" else report["county"]
    out = [[_("Plan students on the first day"), row["plan_students_first"]]]
    for key, label in COLUMNS:
        if report["kind"] == "week" and key in WEEK_LEAVES:
            continue
        if report["kind"] == "week" and key == "year_balance":
            label = _("Year balance (to %(day)s)", day=row["year_balance_to"].isoformat())
        out.append([str(label), row[key]])
    if report["kind"] == "county":
        out.insert(0, [_("Schools"), row["schools"]])
    return out


def day_rows(report: dict) -> tuple[list[str], list[list]]:
    header = [_("Date")] + [str(label) for _k, label in DAY_COLUMNS]
    rows = [[d["day"]] + [d[k] for k, _label in DAY_COLUMNS] for d in report["days"]]
    row = report["row"]
    rows.append([_("Total"), None] + [row[k] for k, _label in DAY_COLUMNS[1:-1]]
                + [sum(d["meals"] for d in report["days"])])
    return header, rows


def group_rows(report: dict) -> tuple[list[str], list[list]]:
    groups = report["groups"]
    rows = [[g["label"], g["food_cost"], g["student_spend"]] for g in groups]
    rows.append([_("Total"), sum((g["food_cost"] for g in groups), ZERO),
                 sum((g["student_spend"] for g in groups), ZERO)])
    return [str(h) for h in GROUP_HEADER], rows


def flag_rows(report: dict) -> tuple[list[str], list[list]]:
    header = [_("Flag"), _("Explanation"), _("Status"), _("Bureau's note")]
    rows = [[f"{f['label']} ({f['month']})" if f["month"] else str(f["label"]),
             translate(f["explanation"]),
             _("Explained") if f["explained"] else _("Not explained"), f["note"]]
            for f in report["flags"]]
    return header, rows


def county_rows(report: dict) -> tuple[list[str], list[list]]:
    """One row per school, each township's subtotal and the county's total, with the number
    of flags (open / all)."""
    keys = [k for k, _label in COUNTY_COLUMNS]
    header = [_("Code"), _("School"), _("Township")] + [str(lb) for _k, lb in COUNTY_COLUMNS] \
        + [_("Open flags"), _("Flags")]
    counts = report["flag_counts"]
    rows = [[r["code"], r["school"], r["township"]] + [r[k] for k in keys]
            + [counts[r["school_id"]]["open"], counts[r["school_id"]]["total"]]
            for r in report["schools"]]
    by_town: dict = {}
    for r in report["schools"]:
        c = by_town.setdefault(r["township_id"], {"open": 0, "total": 0})
        c["open"] += counts[r["school_id"]]["open"]
        c["total"] += counts[r["school_id"]]["total"]
    rows += [["", _("Subtotal"), t["township"]] + [t[k] for k in keys]
             + [by_town[t["township_id"]]["open"], by_town[t["township_id"]]["total"]]
             for t in report["townships"]]
    rows.append(["", _("County total"), ""] + [report["county"][k] for k in keys]
                + [counts[None]["open"], counts[None]["total"]])
    return header, rows


def school_sheets(report: dict) -> list[tuple[str, list[str], list[list]]]:
    """The xlsx of a school's month or week: figures, days, food groups, flags."""
    info = [[_("School"), report["row"]["school"]], [_("Period"), period_text(report)]]
    return [(_("Figures"), [_("Figure"), _("Value")], info + figure_rows(report)),
            (_("By day"), *day_rows(report)),
            (_("Food groups"), *group_rows(report)),
            (_("Anomaly flags"), *flag_rows(report))]


def county_sheets(report: dict) -> list[tuple[str, list[str], list[list]]]:
    info = [[_("County"), report["county_name"]], [_("Period"), period_text(report)]]
    return [(_("Schools"), *county_rows(report)),
            (_("Figures"), [_("Figure"), _("Value")], info + figure_rows(report)),
            (_("Food groups"), *group_rows(report))]
