"""The bureau's dashboard (`/subsidy/`): every school the user may see for a month in one
table — the ledger's figures, the month's anomaly flags (open / explained, linked to the flags
page), the month's close status and a sparkline of spend per student-day against the rate over
the year — sortable by any column and filtered by township, with township subtotals and the
county's totals; below it the charts: spend per student-day against the rate per school, food
cost by food group and the year's running balance (SVG drawn by the server)."""
from __future__ import annotations

from flask import render_template, request
from flask_login import current_user

from suite.auth import has_permission, permission_required, user_scope
from suite.db import get_session
from suite.params import month_arg

from .. import services
from ..charts import balance_bars, group_bars, group_totals, sparkline
from ..flag_list import flag_tally
from ..sheets import COLUMNS
from .ledger import chart, county_of_user

STATUS_ORDER = {"open": 0, "submitted": 1, "closed": 2}
SORTS = {"code", "school", "township", "status", "flags_open", "flags_explained"} | {
    key for key, _label in COLUMNS}


def sort_rows(rows: list[dict], sort: str) -> list[dict]:
    """`rows` ordered by a column (a leading "-": descending); rows without the figure last;
    an unknown column leaves the order (by school code) as it is."""
    key = sort.lstrip("-")
    if key not in SORTS:
        return rows

    def value(row):
        return STATUS_ORDER[row["status"]] if key == "status" else row[key]
    present = [r for r in rows if row_has(r, key)]
    ordered = sorted(present, key=value, reverse=sort.startswith("-"))
    return ordered + [r for r in rows if not row_has(r, key)]


def row_has(row: dict, key: str) -> bool:
    return row.get(key) is not None


def dashboard_rows(session, data: dict, township: int | None, tally) -> list[dict]:
    """The ledger's rows of the township (every row without one), each with its close status,
    flag numbers (None when not counted) and sparkline."""
    rows = [r for r in data["schools"] if township is None or r["township_id"] == township]
    closes = services.month_closes(session, [r["school_id"] for r in rows], data["year"],
                                   data["month"])
    out = []
    for r in rows:
        counted = tally.get(r["school_id"]) if tally is not None else None
        out.append({**r, "status": closes[r["school_id"]]["status"],
                    "flags_open": counted["open"] if counted else None,
                    "flags_explained": counted["explained"] if counted else None,
                    "spark": sparkline(r["year_months"])})
    return out


@permission_required("subsidy.view")
def index():
    year, month = month_arg("month")
    session = get_session()
    data = county_of_user(year, month)
    township = request.args.get("township", type=int)
    shown = [r for r in data["schools"] if township is None or r["township_id"] == township]
    can_flags = has_permission(current_user, "subsidy.flags")
    tally = (flag_tally(session, [r["school_id"] for r in shown], year, month)
             if can_flags else None)
    rows = dashboard_rows(session, data, township, tally)
    sort = request.args.get("sort", "code")
    towns = [t for t in data["townships"] if township is None or t["township_id"] == township]
    whole = towns[0] if township is not None and towns else data["county"]
    groups = group_totals(services.food_groups(session, shown),
                          [r["school_id"] for r in shown])
    return render_template(
        "subsidy/index.html", data=data, rows=sort_rows(rows, sort), townships=towns,
        all_townships=data["townships"], township=township, sort=sort, columns=COLUMNS,
        month=f"{year:04d}-{month:02d}", chart=chart(shown), can_flags=can_flags,
        flags_counted=tally is not None, statuses=services.STATUS_LABELS,
        groups=group_bars(groups), balance=balance_bars(whole.get("year_months", [])),
        whole=whole, scope=user_scope(current_user)[0])
