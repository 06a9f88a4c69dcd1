"""Cost reports (PDF and xlsx) of a school's month and week and of the county's month, and
the public monthly account (公示) of a school's closed month, readable without login."""
from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user

from suite import clock
from suite.auth import permission_required, public, school_or_404, visible_schools
from suite.db import get_session
from suite.params import parse_day, parse_month

from .. import report_files
from .. import public as accounts

CHART_W, BAR_H, LABEL_W = 360, 22, 96


def _month(text: str) -> tuple[int, int]:
    parsed = parse_month(text)
    if parsed is None:
        abort(404)
    return parsed


def _school_month(school_id: int, month: str, ext: str):
    session = get_session()
    school = school_or_404(session, school_id)
    year, number = _month(month)
    return report_files.send(report_files.month_report(session, school.id, year, number), ext)


def _school_week(school_id: int, day: str, ext: str):
    session = get_session()
    school = school_or_404(session, school_id)
    when = parse_day(day, None)
    if when is None or not 2000 <= when.year <= 2099:
        abort(404)
    return report_files.send(report_files.week_report(session, school.id, when), ext)


def _county(month: str, ext: str):
    session = get_session()
    year, number = _month(month)
    ids = [s.id for s in visible_schools(session, current_user)]
    return report_files.send(report_files.county_report(session, ids, year, number), ext)


@permission_required("subsidy.view")
def school_pdf(school_id: int, month: str):
    return _school_month(school_id, month, "pdf")


@permission_required("subsidy.view")
def school_report_xlsx(school_id: int, month: str):
    return _school_month(school_id, month, "xlsx")


@permission_required("subsidy.view")
def week_pdf(school_id: int, day: str):
    return _school_week(school_id, day, "pdf")


@permission_required("subsidy.view")
def week_xlsx(school_id: int, day: str):
    return _school_week(school_id, day, "xlsx")


@permission_required("subsidy.view")
def county_pdf(month: str):
    return _county(month, "pdf")


@permission_required("subsidy.view")
def county_xlsx(month: str):
    return _county(month, "xlsx")


def bars(groups: list[dict]) -> dict:
    """Horizontal bars of the students' part of each food group, on one scale."""
    labels = accounts.group_labels()
    names = [str(labels.get(g["group"], g["group"])) for g in groups]
    # as wide as the longest name at 12 px (a Chinese character 12 px, a letter about 7)
    label_w = max([LABEL_W] + [8 + sum(12 if ord(c) > 0x2e80 else 7 for c in n) for n in names])
    top = max([g["student_spend"] for g in groups] + [1])
    plot = CHART_W - LABEL_W - 70
    rows = [{"label": name, "value": g["student_spend"], "y": i * BAR_H + 2,
             "w": round(float(g["student_spend"] / top) * plot, 1)}
            for i, (name, g) in enumerate(zip(names, groups))]
    return {"bars": rows, "width": CHART_W - LABEL_W + label_w, "label_w": label_w,
            "bar_h": BAR_H, "height": len(rows) * BAR_H + 4}


@public
def public_account(school_id: int, month: str):
    """A school's closed month for anyone: its figures and food groups, nothing personal."""
    year, number = _month(month)
    if not 0 < school_id < 2**31:
        abort(404)
    account = accounts.public_account(get_session(), school_id, year, number, today=clock.today())
    if account is None:
        abort(404)
    labels = accounts.group_labels()
    for g in account["groups"]:
        g["label"] = str(labels.get(g["group"], g["group"]))
    return render_template("subsidy/public.html", account=account, chart=bars(account["groups"]),
                           month=f"{year:04d}-{number:02d}")
