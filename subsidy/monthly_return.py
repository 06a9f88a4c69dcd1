"""The schools' monthly return of the nutrition plan (学生营养改善计划实施情况月报): one row per
school with the columns the provinces use, plain values (the spreadsheet is `return_sheet`).

What each column is, from the records the suite keeps:
  county, school        the school's county and its name (the suite keeps no shorter name)
  kind, urban           the school's category; an urban school is one not marked rural
  canteen               有 when the school feeds its pupils from its own canteen (supply mode
                        "canteen"); company- and family-supplied schools have none
  meal_form             "milk_egg" when every food issued in the month was eggs or milk (the
                        food groups of the issued food), else "lunch" when a lunch was counted,
                        else "other" when any meal was counted; None without meals
  supply_mode           canteen / company / family (食堂供餐 / 向企业购买 / 家庭托餐)
  students              students on the roster on the month's last counted day (the host's
                        enrolment for a school the roster knows nobody of)
  spend, year_spend     投入资金: the ledger's student_spend, the money that became food for
                        the plan's pupils (food issued to the meals, or supplied servings ×
                        contract price, less the teachers' and staff share and that of the
                        pupils outside the plan), for the month and
                        from 1 January to the month's end. Not the entitlement: the
                        entitlement is what the pupils are due (student-days × rate), a claim
                        worked out from counts; the rules (DOMAIN.md section 2) say all of the
                        subsidy buys pupils' food and a surplus rolls over, so the money "put
                        in" is what was spent on their food, traceable to issue records, and
                        the ledger keeps the entitlement and the balance beside it
  meals                 本月惠及学生 (人次): plan students served, summed over every meal of
                        the month (breakfast, lunch and dinner each count)
  pupils                本月惠及实际学生 (人): the plan students on the roster on the month's
                        last counted day, when the school served meals in the month (else 0):
                        meal counts are head counts, so the roster is the only list of pupils
  average               平均受益学生数: the year's (1 January to the month's end) plan students
                        served over every meal ÷ the year's days with meals, to 0.01; the
                        county's figure is the sum over schools, as county annual tables do
                        (Σ(学校全年就餐总餐次 / 学校实际供餐天数))
  *_left_behind, *_poor the part of the four columns above for left-behind children (aid
                        category codes `LEFT_BEHIND`) and for non-boarding poor pupils (a
                        non-boarder with any other aid category in force): meal counts carry
                        no names, so pupils are the roster's count of such plan students on
                        the last counted day, and meals and money are the school's figure ×
                        their share of its plan students on the roster (meals half up to a
                        whole meal, money half up to the fen; the year's money with the
                        month's share)
The totals row is the sum of the rows, column by column."""
from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import and_, case, distinct, func, select
from sqlalchemy.orm import Session

from canteen.models import MealCount
from roster import services as roster
from suite.models import County, School, Township
from suite.money import money

from . import ledger_sql
from .ledger import county_month

LEFT_BEHIND = ("left_behind",)  # aid categories of left-behind children (农村留守儿童)
NOT_POOR = ("left_behind",)     # aid categories that do not by themselves make a pupil poor
MILK_EGG_GROUPS = {"eggs", "dairy"}
GROUPS = ("left_behind", "poor")
SPLIT = ("year_spend", "spend", "meals", "pupils")  # the columns split by group
SUMMED = ("students", "plan_students", "left_behind_students", "poor_students", "meal_days",
          "year_meals", "year_meal_days", "average",
          *[f"{k}{g}" for k in SPLIT for g in ("", "_left_behind", "_poor")])
HUNDREDTH = Decimal("0.01")


def monthly_return(session: Session, school_ids, year: int, month: int, *, today: date,
                   left_behind=LEFT_BEHIND, not_poor=NOT_POOR) -> dict:
    """{"year", "month", "first", "last", "day" (the roster's day: the last counted one),
    "county" (the county's name), "schools": [one row per school, by code: the keys of the
    module's docstring and school_id, code, township, plan_students (the roster's plan
    students that day), left_behind_students, poor_students, meal_days, year_meals,
    year_meal_days], "totals": {every summed key: the sum of the rows}}."""
    ledger = county_month(session, school_ids, year, month, today=today)
    rows = ledger["schools"]
    ids = [r["school_id"] for r in rows]
    first, last = ledger["first"], ledger["last"]
    day = max(first, min(last, today))
    out = {"year": year, "month": month, "first": first, "last": last, "day": day,
           "county": "", "schools": [], "totals": dict.fromkeys(SUMMED, 0)}
    if not ids:
        return out
    schools = {sid: (kind, rural, county) for sid, kind, rural, county in session.execute(
        select(School.id, School.kind, School.rural, County.name)
        .join(Township, Township.id == School.township_id)
        .join(County, County.id == Township.county_id).where(School.id.in_(ids)))}
    enrolled = roster.enrolled_by_school(session, ids, day)
    behind = roster.aided_plan_students(session, ids, day, left_behind)
    poor = roster.aided_plan_students(session, ids, day, not_poor, other_codes=True,
                                      boarders=False)
    meals = _meals(session, ids, first, last)
    groups = ledger_sql.food_group_fen(session, ids, first, last)
    for row in rows:
        sid = row["school_id"]
        kind, rural, county = schools[sid]
        n, plan = enrolled[sid]
        counted = meals.get(sid, (0, 0, 0, 0, False))
        month_meals, month_days, year_meals, year_days, lunch = counted
        year_spend = sum((m["student_spend"] for m in row["year_months"]), Decimal("0.00"))
        served = month_days > 0
        item = {"school_id": sid, "code": row["code"], "school": row["school"],
                "township": row["township"], "county": county, "kind": kind,
                "urban": not rural, "canteen": row["supply_mode"] == "canteen",
                "supply_mode": row["supply_mode"],
                "meal_form": _meal_form(groups.get(sid, {}), lunch, served),
                "students": n, "plan_students": plan, "left_behind_students": behind[sid],
                "poor_students": poor[sid], "meal_days": month_days, "year_meals": year_meals,
                "year_meal_days": year_days,
                "average": (Decimal(year_meals) / year_days).quantize(
                    HUNDREDTH, rounding=ROUND_HALF_UP) if year_days else Decimal("0.00"),
                "year_spend": year_spend, "spend": row["student_spend"],
                "meals": month_meals, "pupils": plan if served else 0}
        for group, count in (("left_behind", behind[sid]), ("poor", poor[sid])):
            item[f"year_spend_{group}"] = _money_share(year_spend, count, plan)
            item[f"spend_{group}"] = _money_share(row["student_spend"], count, plan)
            item[f"meals_{group}"] = _share(month_meals, count, plan)
            item[f"pupils_{group}"] = count if served else 0
        out["schools"].append(item)
    out["county"] = out["schools"][0]["county"]
    out["totals"] = {k: sum((r[k] for r in out["schools"]),
                            Decimal("0.00") if isinstance(out["schools"][0][k], Decimal) else 0)
                     for k in SUMMED}
    return out


def _meals(session: Session, ids, first: date, last: date) -> dict[int, tuple]:
    """school_id -> (the month's plan students served over every meal, its days with meals,
    the same two from 1 January, whether a lunch was counted in the month): one statement."""
    mc = MealCount
    this_month = mc.day >= first
    rows = session.execute(select(
        mc.school_id, func.sum(case((this_month, mc.plan_students), else_=0)),
        func.count(distinct(case((this_month, mc.day), else_=None))),
        func.sum(mc.plan_students), func.count(distinct(mc.day)),
        func.max(case((and_(this_month, mc.meal == "lunch"), 1), else_=0)))
        .where(mc.school_id.in_(ids), mc.day.between(date(first.year, 1, 1), last))
        .group_by(mc.school_id))
    return {sid: (int(m or 0), int(d or 0), int(ym or 0), int(yd or 0), bool(lunch))
            for sid, m, d, ym, yd, lunch in rows}


def _meal_form(groups: dict, lunch: bool, served: bool) -> str | None:
    if groups and set(groups) <= MILK_EGG_GROUPS:
        return "milk_egg"
    if lunch:
        return "lunch"
    return "other" if served else None


def _share(whole: int, part: int, of: int) -> int:
    """whole × part ÷ of, half up to a whole number (0 when `of` is 0)."""
    return (2 * whole * part + of) // (2 * of) if of > 0 else 0


def _money_share(amount: Decimal, part: int, of: int) -> Decimal:
    return money(amount * part / of) if of > 0 else Decimal("0.00")
