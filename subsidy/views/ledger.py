"""The ledger pages: one school's month with its days, the month of every school the user
may see as xlsx, a school's month as xlsx (exact decimals); the chart of spend per
student-day against the rate that the dashboard (`dashboard.py`) draws."""
from __future__ import annotations

import io
from datetime import date, timedelta

from flask import abort, render_template, send_file
from flask_babel import gettext as _
from flask_login import current_user

from suite import clock
from suite.auth import permission_required, school_or_404, user_scope, visible_schools
from suite.db import get_session
from suite.params import month_arg, parse_month
from suite.tabular import write_xlsx

from .. import services
from ..return_sheet import return_xlsx
from ..sheets import COLUMNS, DAY_COLUMNS, county_table, school_tables

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHART_W, ROW_H, LABEL_W = 640, 18, 150


def chart(rows: list[dict]) -> dict:
    """Horizontal bars of each school's spend per student-day, and a tick at the rate of its
    last counted day (the rate line), on one scale."""
    def rate_of(row):
        rates = [d["rate"] for d in row["days"] if d["rate"] is not None]
        return rates[-1] if rates else None

    bars = [{"label": r["school"], "value": r["spend_per_student_day"], "rate": rate_of(r)}
            for r in rows]
    top = max([b["value"] or 0 for b in bars] + [b["rate"] or 0 for b in bars] + [1])
    plot = CHART_W - LABEL_W - 60
    for i, bar in enumerate(bars):
        bar["y"] = i * ROW_H + 2
        bar["w"] = round(float((bar["value"] or 0) / top) * plot, 1)
        bar["rate_x"] = (round(LABEL_W + float(bar["rate"] / top) * plot, 1)
                         if bar["rate"] is not None else None)
        bar["below"] = bool(bar["value"] is not None and bar["rate"] is not None
                            and bar["value"] < bar["rate"])
        bar["text_x"] = round(max(LABEL_W + bar["w"], bar["rate_x"] or 0) + 4, 1)
    return {"bars": bars, "width": CHART_W, "label_w": LABEL_W, "row_h": ROW_H,
            "height": len(bars) * ROW_H + 20, "top": top}


def county_of_user(year: int, month: int) -> dict:
    """The month's ledger of every school the user may see (`services.county_month`)."""
    session = get_session()
    ids = [s.id for s in visible_schools(session, current_user)]
    return services.county_month(session, ids, year, month, today=clock.today())


def _month_or_404(text: str) -> tuple[int, int]:
    parsed = parse_month(text)
    if parsed is None:
        abort(404)
    return parsed


def _school(school_id: int, month: str) -> dict:
    session = get_session()
    school = school_or_404(session, school_id)
    year, number = _month_or_404(month)
    return services.school_month(session, school.id, year, number, today=clock.today())


@permission_required("subsidy.view")
def school(school_id: int, month: str):
    row = _school(school_id, month)
    # the public account exists once the month is closed; before, its link would be a 404
    closed = services.month_closes(get_session(), [row["school_id"]], row["year"],
                                   row["month"])[row["school_id"]]["status"] == "closed"
    return render_template("subsidy/school.html", row=row, columns=COLUMNS,
                           day_columns=DAY_COLUMNS, month=month, closed=closed,
                           weeks=month_weeks(row["year"], row["month"]))


def month_weeks(year: int, month: int) -> list:
    """The Mondays of the weeks whose Monday to Friday hold a day of the month (a month that
    starts on a Sunday has no week of its first day)."""
    first = date(year, month, 1)
    monday = first - timedelta(days=first.weekday())
    if first.weekday() >= 5:
        monday += timedelta(days=7)
    weeks = []
    while monday.month == month or monday < first:
        weeks.append(monday)
        monday += timedelta(days=7)
    return weeks


def _file(body: bytes, name: str):
    return send_file(io.BytesIO(body), mimetype=XLSX, as_attachment=True, download_name=name)


@permission_required("subsidy.view")
def index_xlsx():
    year, month = month_arg("month")
    header, rows = county_table(county_of_user(year, month),
                                whole_county=user_scope(current_user)[0] == "county")
    return _file(write_xlsx([(f"{year:04d}-{month:02d}", header, rows)], (_("Code"),)),
                 f"subsidy-{year:04d}-{month:02d}.xlsx")


@permission_required("subsidy.view")
def school_xlsx(school_id: int, month: str):
    row = _school(school_id, month)
    return _file(write_xlsx(school_tables(row)),
                 f"subsidy-{row['code']}-{row['year']:04d}-{row['month']:02d}.xlsx")


@permission_required("subsidy.returns")
def monthly_return_xlsx(month: str):
    """The schools' monthly return of the plan (月报) of every school the user may see."""
    year, number = _month_or_404(month)
    session = get_session()
    ids = [s.id for s in visible_schools(session, current_user)]
    data = services.monthly_return(session, ids, year, number, today=clock.today())
    return _file(return_xlsx(data), f"monthly-return-{year:04d}-{number:02d}.xlsx")
