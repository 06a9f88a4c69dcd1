"""Domain logic of the subsidy plugin: plain functions over a session. Other plugins and the
subsidy's own pages, API and CLI call what `__all__` lists; each name's home:
  the monthly ledger of a school, a township and the county   `ledger` (SQL in `ledger_sql`)
  one school's day behind its ledger row                     `day`
  the schools' monthly return of the plan (月报)              `monthly_return`
  month close (月结)                                         `closing`
  anomaly flags and their explanations   `flags` (checks in `flag_counts`, `flag_money`)
  inspections and rectification          `inspections` (files in `evidence`)
  cost reports of a school's month and week, the county's month   `reports` (rows for PDF
                                         and xlsx in `report_sheets`, files in `report_files`)
  the public monthly account (公示) of a closed month             `public`
"""
from __future__ import annotations

from .closing import (STATUS_LABELS, ClosingError, StaleClose, close_month, differences,
                      is_closed, month_closes, month_status, reopen_month, submit_month)
from .day import school_day
from .flags import CODES as FLAG_CODES
from .flags import (FLAG_LABELS, NOTE_MAX, FlagError, explain_flag, flag_settings, month_flags,
                    schools_flags)
from .inspections import (InspectionError, close_inspection, confirm_inspection,
                          eligible_members, inspections_for, open_findings, record_inspection,
                          record_rectification, team_of)
from .ledger import (COUNTS, MONEY, LedgerError, county_month, food_groups, group_label,
                     ledger_json, school_month, totals)
from .public import public_account
from .reports import (county_flag_counts, county_month_report, school_month_report,
                      school_week_report, week_bounds)
from .monthly_return import monthly_return

__all__ = [
    # the monthly ledger
    "COUNTS", "MONEY", "LedgerError", "county_month", "food_groups", "group_label",
    "ledger_json", "school_month",
    "totals", "school_day",
    # the schools' monthly return of the plan (学生营养改善计划实施情况月报)
    "monthly_return",
    # month close: the school submits, the bureau closes or reopens; a closed month's ledger
    "STATUS_LABELS", "ClosingError", "StaleClose", "close_month", "differences", "is_closed",
    "month_closes", "month_status", "reopen_month", "submit_month",
    # anomaly flags of a school's month and the bureau's explanations
    "FLAG_CODES", "FLAG_LABELS", "NOTE_MAX", "FlagError", "explain_flag", "flag_settings",
    "month_flags", "schools_flags",
    # inspections (检查) and rectification (整改)
    "InspectionError", "record_inspection", "confirm_inspection", "record_rectification",
    "close_inspection", "open_findings", "inspections_for", "team_of", "eligible_members",
    # cost reports (成本报表) and the public account (公示)
    "school_month_report", "school_week_report", "county_month_report", "county_flag_counts",
    "week_bounds", "public_account",
]
