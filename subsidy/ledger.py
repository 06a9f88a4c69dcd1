"""The subsidy ledger of a school's month, and of many schools with township and county
totals: roster → plan students served → entitlement → food spent for students.

Every figure of one school comes from the same statements whether one school or the whole
county is asked for (`ledger_sql`, GROUP BY school and day), so the two always agree:
  student_days   Σ over days of the largest plan count among the day's meals
  entitlement    Σ over days of student_days × the day's rate (a day without a rate adds
                 nothing and is listed in `days_without_rate`)
  food_cost      canteen's meal costs (issued food, or supplied servings × contract price)
  teacher_spend  canteen's teachers' share of each meal; outside_spend: the share of the
                 pupils outside the nutrition plan (they pay, as teachers do) of the rest;
                 student_spend = food − teachers' − outside: spent for the plan's pupils
  balance        entitlement − student_spend; year_balance: the same from 1 January to the
                 month's end (year_entitlement likewise); year_months: each month of the year
                 to this one with its figures and the running balance (the dashboard's lines)
Days after `today` are not yet school days; `through` is the last day counted."""
from __future__ import annotations

from bisect import bisect_right
from datetime import date, timedelta
from decimal import Decimal
from operator import itemgetter

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from canteen import services as canteen
from procurement import services as procurement
from roster import services as roster
from suite import services as org
from suite.errors import ServiceError
from suite.models import School, Township
from suite.money import money

from . import ledger_sql as sql

ZERO = sql.ZERO
COUNTS = ("plan_students_first", "plan_students_last", "school_days", "meal_days",
          "student_days")
MONEY = ("entitlement", "food_cost", "student_spend", "teacher_spend", "outside_spend",
         "balance",
         "year_entitlement", "year_balance", "receipts", "issues", "adjustments", "stock_value_end")


class LedgerError(ServiceError):
    """A ledger asked of a school that does not exist."""


def school_month(session: Session, school_id: int, year: int, month: int, *,
                 today: date) -> dict:
    """One school's month (see the module's docstring for each figure), with its days."""
    rows = _ledger(session, [school_id], year, month, today)
    if not rows:
        raise LedgerError({"school": _l("No such school.")})
    return rows[0]


def county_month(session: Session, school_ids, year: int, month: int, *, today: date) -> dict:
    """{"year", "month", "first", "last", "schools": [school_month dicts by code],
    "townships": [totals per township], "county": {totals}}; each total is the sum of its
    rows (spend per student-day is worked out from the summed figures)."""
    schools = _ledger(session, list(school_ids), year, month, today)
    first, last = procurement.month_bounds(year, month)
    towns: dict[int, list] = {}
    for row in schools:
        towns.setdefault(row["township_id"], []).append(row)
    townships = sorted(({"township_id": tid, "township": rows[0]["township"], **totals(rows)}
                        for tid, rows in towns.items()), key=lambda t: t["township"])
    return {"year": year, "month": month, "first": first, "last": last, "schools": schools,
            "townships": townships, "county": totals(schools)}


def totals(rows: list[dict]) -> dict:
    """The counts and money of `rows` summed (and the number of schools)."""
    out = {k: sum(map(itemgetter(k), rows)) for k in COUNTS}
    out.update({k: sum(map(itemgetter(k), rows), ZERO) for k in MONEY})
    out["spend_per_student_day"] = _per_day(out["student_spend"], out["student_days"])
    out["schools"] = len(rows)
    if rows and "year_months" in rows[0]:
        out["year_months"] = [_month_total(ms) for ms in zip(*(r["year_months"] for r in rows))]
    return out


def _month_total(months) -> dict:
    out = {"month": months[0]["month"],
           "student_days": sum(map(itemgetter("student_days"), months))}
    for key in ("entitlement", "student_spend", "balance", "running_balance"):
        out[key] = sum(map(itemgetter(key), months), ZERO)
    out["spend_per_student_day"] = _per_day(out["student_spend"], out["student_days"])
    out["rate"] = _per_day(out["entitlement"], out["student_days"])
    return out


def ledger_json(row: dict) -> dict:
    """A ledger dict (a school, township or county) as JSON: money "12.34", dates ISO."""
    def plain(value):
        if isinstance(value, Decimal):
            return f"{value:.2f}"
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [plain(v) for v in value]
        return value
    return plain(row)


def _per_day(spend: Decimal, student_days: int) -> Decimal | None:
    return money(spend / student_days) if student_days else None


def _ledger(session: Session, school_ids: list[int], year: int, month: int,
            today: date) -> list[dict]:
    first, last = procurement.month_bounds(year, month)
    through = min(last, today)
    meta = session.execute(
        select(School.id, School.name, School.code, School.township_id, Township.name,
               Township.county_id, School.supply_mode)
        .join(Township, Township.id == School.township_id)
        .where(School.id.in_(school_ids)).order_by(School.code)).all()
    if not meta:
        return []
    ids = [m[0] for m in meta]
    counties = {m[5] for m in meta}
    open_days = {cid: set(org.school_days_between(session, cid, first, through))
                 for cid in counties}
    jan = date(year, 1, 1)
    segments, county_rates = sql.rates(session, counties, jan, last)
    starts = [a for a, _b in segments]
    month_days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    day_rates = {cid: {d: (r, None if r is None else int(r * 100)) for d, r in (
        (d, rates[bisect_right(starts, d) - 1]) for d in month_days)}
        for cid, rates in county_rates.items()}
    day_rows, moves = sql.days(session, ids, first, last)
    prior = sql.period(session, ids, jan, first - timedelta(days=1), segments)
    opening = sql.value_before(session, ids, first)
    on_days = roster.enrolled_by_school_on_days(session, ids, [first, max(first, through)])
    on_first, on_last = on_days[first], on_days[max(first, through)]
    result = []
    for sid, name, code, tid, town, cid, mode in meta:
        row = {"school_id": sid, "school": name, "code": code, "supply_mode": mode,
               "township_id": tid, "township": town, "year": year, "month": month,
               "first": first, "last": last, "through": through,
               "plan_students_first": on_first[sid][1], "plan_students_last": on_last[sid][1],
               "school_days": len(open_days[cid])}
        row.update(_month(day_rows[sid], open_days[cid], day_rates[cid]))
        row["year_months"] = _year(prior[sid], row, county_rates[cid])
        row["year_entitlement"] = sum((m["entitlement"] for m in row["year_months"]), ZERO)
        row["year_balance"] = row["year_months"][-1]["running_balance"]
        net = moves[sid].pop("net")
        row.update(moves[sid], stock_value_end=opening[sid] + net)
        result.append(row)
    return result


NO_MEALS = (0, 0, 0, 0, 0)


def _month(rows: dict, open_days: set, rate_on: dict) -> dict:
    """The month's days (every school day and every day with meals or a cost) and their sums,
    worked out in whole fen (a rate is to the fen) and made Decimal once per figure."""
    days, missing = [], []
    cent = sql.CENT
    # student-days, entitlement, food, teachers' share, outside pupils' share (fen), meal days
    sums = [0, 0, 0, 0, 0, 0]
    for day in sorted(rows.keys() | open_days):
        plan, meals, food, teacher, outside = rows.get(day, NO_MEALS)
        rate, rate_fen = rate_on[day]
        if rate_fen is None:
            entitled = 0
            if plan:
                missing.append(day)
        else:
            entitled = plan * rate_fen
        sums[0] += plan
        sums[1] += entitled
        sums[2] += food
        sums[3] += teacher
        sums[4] += outside
        sums[5] += meals > 0
        days.append({"day": day, "school_day": day in open_days, "rate": rate,
                     "student_days": plan, "entitlement": entitled * cent,
                     "food_cost": food * cent, "teacher_spend": teacher * cent,
                     "outside_spend": outside * cent,
                     "student_spend": (food - teacher - outside) * cent, "meals": meals})
    out = {"meal_days": sums[5], "student_days": sums[0], "days_without_rate": missing,
           "days": days, "entitlement": sums[1] * cent, "food_cost": sums[2] * cent,
           "teacher_spend": sums[3] * cent, "outside_spend": sums[4] * cent,
           "student_spend": (sums[2] - sums[3] - sums[4]) * cent}
    out["spend_per_student_day"] = _per_day(out["student_spend"], out["student_days"])
    out["balance"] = out["entitlement"] - out["student_spend"]
    return out


def _year(months: dict, row: dict, rates: list) -> list[dict]:
    """January to the row's month: each month's student-days, entitlement (each rate period's
    student-days × its rate), spend for students, spend per student-day, the rate it averages
    to, the balance and the running balance of the year."""
    series, running = [], ZERO
    for m in range(1, row["month"] + 1):
        if m == row["month"]:
            n, entitled, spent = row["student_days"], row["entitlement"], row["student_spend"]
        elif m in months:
            p = months[m]
            n = sum(p["student_days"])
            entitled = sum((k * (r or ZERO) for k, r in zip(p["student_days"], rates)), ZERO)
            spent = p["food_cost"] - p["teacher_spend"] - p["outside_spend"]
        else:
            n, entitled, spent = 0, ZERO, ZERO
        running += entitled - spent
        series.append({"month": m, "student_days": n, "entitlement": entitled,
                       "student_spend": spent, "spend_per_student_day": _per_day(spent, n),
                       "rate": _per_day(entitled, n), "balance": entitled - spent,
                       "running_balance": running})
    return series


def food_groups(session: Session, rows: list[dict]) -> dict[int, list[dict]]:
    """school_id -> [{"group", "label", "food_cost", "student_spend"}] of ledger `rows` (one
    month): the food cost by food group (supplied whole meals as one group), largest first,
    summing to the row's food_cost; the plan students' part of each as each meal splits it
    (a meal's food in proportion to its plan students' share: a teachers-only meal adds
    nothing), the
    remainder fen given to the largest remainders so that they sum to the row's
    student_spend."""
    if not rows:
        return {}
    ids, first, last = [r["school_id"] for r in rows], rows[0]["first"], rows[0]["last"]
    fens = sql.food_group_fen(session, ids, first, last)
    weights = _student_weights(session, ids, first, last)
    out = {}
    for row in rows:
        groups = sorted(fens[row["school_id"]].items(), key=lambda g: (-g[1], g[0]))
        weight = weights[row["school_id"]]
        shares = _apportion([weight.get(g, 0) for g, _f in groups],
                            int(row["student_spend"] * 100))
        out[row["school_id"]] = [
            {"group": g, "label": group_label(g), "food_cost": sql.fen(f),
             "student_spend": sql.fen(s)} for (g, f), s in zip(groups, shares)]
    return out


def _student_weights(session, ids, first, last) -> dict[int, dict]:
    """school_id -> {food group: thousandths of a fen of the plan students' part}: each
    meal's fen of the group times the meal's plan students' share of its cost (canteen's
    split: neither teachers nor pupils outside the plan)."""
    costs = canteen.meal_costs_of_schools(session, ids, first, last)
    out: dict[int, dict] = {}
    for sid, meals in sql.food_group_meal_fen(session, ids, first, last).items():
        weight = out.setdefault(sid, {})
        for key, groups in meals.items():
            cost = costs.get(sid, {}).get(key)
            if not cost or cost["food_cost"] <= 0:
                continue
            share = 1000 * cost["plan_cost"] / cost["food_cost"]
            for group, fen_ in groups.items():
                weight[group] = weight.get(group, 0) + int(fen_ * share)
    return out


def _apportion(weights: list[int], total: int) -> list[int]:
    """`total` split in proportion to `weights` in whole units, the units left over by
    rounding down given to the largest remainders (ties: the earlier): sums to `total`."""
    whole = sum(weights)
    if whole <= 0 or total < 0 or min(weights) < 0:  # returns outweigh issues: no shares
        return [total if i == 0 else 0 for i in range(len(weights))]
    parts = [total * w // whole for w in weights]
    order = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % whole), i))
    for i in order[:total - sum(parts)]:
        parts[i] += 1
    return parts


def group_label(code: str) -> str:
    """A food group's name (supplied whole meals are the group "supplied")."""
    from nutrition.services import GROUP_LABELS
    return str(_l("Supplied meals") if code == "supplied" else GROUP_LABELS.get(code, code))
