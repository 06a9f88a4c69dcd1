"""The checks of a school's month that read its meal counts and what canteen already computed
for each meal (canteen.services.day_summaries_of_schools): counts above the day's enrolment,
identical counts in a row, meals without a published menu, food issued, a sample or an accompanying
record, food issued beyond tolerance, and teachers' meals charged to the students.

Each check returns flag dicts made by `flag()`; explanations are (template, params) tuples
translated when shown."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from canteen.models import GradeCount, MealCount, SuppliedMeal
from menus.models import MenuItem, WeekMenu
from suite.cells import N_
from suite.vocabulary import MEAL_LABELS, MEALS

# day_summaries' missing codes and the flag each one raises
MISSING_FLAGS = {"issues": "no_issue", "samples": "no_sample", "accompany": "no_accompany"}
MISSING_TEXT = {
    "no_issue": N_("%(day)s, %(meal)s: %(students)s students and %(teachers)s teachers were "
                   "counted, but no food was issued to the meal."),
    "no_sample": N_("%(day)s, %(meal)s: %(students)s students were counted, but no sample of "
                    "the meal was retained."),
    "no_accompany": N_("%(day)s, %(meal)s: %(students)s students were counted, but nobody "
                       "recorded eating the meal with them (accompanying-meal log)."),
}
MISSING_ENDPOINT = {"no_issue": "canteen.issues", "no_sample": "canteen.samples",
                    "no_accompany": "canteen.accompany"}


def flag(code: str, key: str, template: str, params: dict, figures: dict, link) -> dict:
    return {"code": code, "record_key": key, "explanation": (template, params),
            "figures": figures, "link": link, "explained": None}


def _meal_link(endpoint, school_id, day: date, meal: str):
    return endpoint, {"school_id": school_id, "day": day.isoformat(), "meal": meal}


def _where(day: date, meal: str) -> dict:
    return {"day": day.isoformat(), "meal": MEAL_LABELS.get(meal, meal)}


def enrolment_flags(school_id: int, counts, enrolled_on: dict) -> list[dict]:
    """A grade counted above the students (or plan students) enrolled on the roster that day
    (`enrolled_on`: day -> roster.enrolled_by_grade of the school): the count was saved
    before a roster change, or edited after one."""
    found = []
    for mc in counts:
        enrolled = enrolled_on.get(mc.day, {})
        link = _meal_link("canteen.counts", school_id, mc.day, mc.meal)
        for g in mc.grades:
            on_roll, on_plan = enrolled.get(g.grade, (0, 0))
            key = f"{mc.day.isoformat()}|{mc.meal}|{g.grade}"
            if g.students > on_roll:
                found.append(flag(
                    "served_above_enrolment", key,
                    N_("%(day)s, %(meal)s: %(served)s students of grade %(grade)s were counted, "
                       "but only %(enrolled)s were enrolled that day."),
                    {**_where(mc.day, mc.meal), "grade": g.grade, "served": g.students,
                     "enrolled": on_roll},
                    {"day": mc.day.isoformat(), "meal": mc.meal, "grade": g.grade,
                     "served": g.students, "enrolled": on_roll}, link))
            if g.plan_students > on_plan:
                found.append(flag(
                    "plan_above_enrolment", key,
                    N_("%(day)s, %(meal)s: %(served)s plan students of grade %(grade)s were "
                       "counted, but only %(enrolled)s students of the grade were in the "
                       "nutrition plan that day."),
                    {**_where(mc.day, mc.meal), "grade": g.grade, "served": g.plan_students,
                     "enrolled": on_plan},
                    {"day": mc.day.isoformat(), "meal": mc.meal, "grade": g.grade,
                     "plan_served": g.plan_students, "plan_enrolled": on_plan}, link))
    return found


def _figures(mc: MealCount) -> tuple:
    return tuple((g.grade, g.students, g.plan_students) for g in mc.grades
                 if g.students or g.plan_students), mc.teachers


def lookback(first: date, repeat_days: int) -> date:
    """The first day whose counts the month's checks read (a run may start before the month)."""
    return first - timedelta(days=3 * max(repeat_days, 1))


@dataclass
class Counted:
    """A meal's counts as the checks read them (rows, not ORM objects: a county's month has
    ~10^5 grade rows): `grades` has .grade, .students and .plan_students."""

    school_id: int
    day: date
    meal: str
    students: int
    plan_students: int
    teachers: int
    grades: list = field(default_factory=list)


def counts_between(session: Session, school_ids, start: date, last: date) -> dict[int, list]:
    """school id -> the school's meal counts (`Counted`) with their grade rows, oldest first;
    two queries for every school."""
    out: dict[int, list] = {sid: [] for sid in school_ids}
    mc, gc = MealCount, GradeCount
    where = (mc.school_id.in_(list(out)), mc.day.between(start, last))
    by_id = {}
    for row in session.execute(select(mc.id, mc.school_id, mc.day, mc.meal, mc.students,
                                      mc.plan_students, mc.teachers).where(*where)
                               .order_by(mc.school_id, mc.day, mc.meal)):
        by_id[row.id] = counted = Counted(*row[1:])
        out[row.school_id].append(counted)
    for row in session.execute(select(gc.meal_count_id, gc.grade, gc.students, gc.plan_students)
                               .join(mc, mc.id == gc.meal_count_id).where(*where)
                               .order_by(gc.grade)):
        by_id[row.meal_count_id].grades.append(row)
    return out


def repeat_flags(school_id: int, first: date, repeat_days: int, rows, days) -> list[dict]:
    """Runs of `repeat_days` or more school days in a row (ending in the month) on which a
    meal's counts were identical, grade by grade and teachers, confirmed or not; `rows` are
    the counts and `days` the county's school days from `lookback(first, repeat_days)` to
    the month's last day looked at."""
    if repeat_days < 2:
        return []
    counts = {(mc.day, mc.meal): mc for mc in rows}
    found = []
    for meal in MEALS:
        runs, run = [], []
        for day in days:
            mc = counts.get((day, meal))
            if mc is None or not mc.students:
                runs.append(run)
                run = []
            elif run and _figures(run[-1]) != _figures(mc):
                runs.append(run)
                run = [mc]
            else:
                run.append(mc)
        runs.append(run)
        for run in runs:
            if len(run) < repeat_days or run[-1].day < first:
                continue
            head, tail = run[0], run[-1]
            found.append(flag(
                "identical_counts", f"{head.day.isoformat()}|{meal}",
                N_("%(meal)s: the counts were identical on %(days)s school days in a row, from "
                   "%(first)s to %(last)s (%(students)s students, %(plan)s plan students, "
                   "%(teachers)s teachers)."),
                {"meal": MEAL_LABELS[meal], "days": len(run), "first": head.day.isoformat(),
                 "last": tail.day.isoformat(), "students": head.students,
                 "plan": head.plan_students, "teachers": head.teachers},
                {"meal": meal, "days": len(run), "first": head.day.isoformat(),
                 "last": tail.day.isoformat(), "students": head.students,
                 "plan_students": head.plan_students, "teachers": head.teachers},
                _meal_link("canteen.counts", school_id, tail.day, meal)))
    return found


def supplied_servings(session: Session, school_ids, first: date, last: date) -> dict[int, dict]:
    """school id -> {(day, meal): servings delivered} of the supplied meals; one query."""
    out: dict[int, dict] = {sid: {} for sid in school_ids}
    sm = SuppliedMeal
    for sid, day, meal, n in session.execute(select(sm.school_id, sm.day, sm.meal, sm.servings)
                                             .where(sm.school_id.in_(list(out)),
                                                    sm.day.between(first, last))):
        out[sid][(day, meal)] = n
    return out


def menu_meals(session: Session, school_ids, first: date, last: date) -> dict[int, set]:
    """school id -> (day, meal) of the school's published menus in the month; one query."""
    out: dict[int, set] = {sid: set() for sid in school_ids}
    for sid, day, meal in session.execute(select(WeekMenu.school_id, MenuItem.day, MenuItem.meal)
                                          .join(WeekMenu, WeekMenu.id == MenuItem.menu_id).where(
            WeekMenu.school_id.in_(list(out)), WeekMenu.status == "published",
            MenuItem.day.between(first, last))):
        out[sid].add((day, meal))
    return out


def meal_flags(school_id: int, summaries: list[dict], menus: set, tolerance,
               compared: dict, servings: dict) -> list[dict]:
    """From canteen's day summaries: no menu, canteen's missing records, fewer servings than
    people counted (`servings`: (day, meal) -> the servings delivered), food issued beyond
    tolerance (the figures from canteen's planned against issued: `compared`, (school, day,
    meal) -> rows) and teachers charged nothing."""
    found = []
    for summary in summaries:
        day = summary["day"]
        for m in summary["meals"]:
            meal, where = m["meal"], _where(day, m["meal"])
            key = f"{day.isoformat()}|{meal}"
            heads = {"students": m["students"], "teachers": m["teachers"]}
            if m["counted"] and (day, meal) not in menus:
                found.append(flag(
                    "no_menu", key,
                    N_("%(day)s, %(meal)s: %(students)s students were counted, but no menu "
                       "of the meal was published."), {**where, **heads},
                    {"day": day.isoformat(), "meal": meal, **heads},
                    ("canteen.index", {"school": school_id, "day": day.isoformat()})))
            for code in (MISSING_FLAGS[c] for c in m["missing"] if c in MISSING_FLAGS):
                found.append(flag(code, key, MISSING_TEXT[code], {**where, **heads},
                                  {"day": day.isoformat(), "meal": meal, **heads},
                                  _meal_link(MISSING_ENDPOINT[code], school_id, day, meal)))
            if "servings" in m["missing"] and m["counted"]:
                found.append(_servings_flag(school_id, day, meal, where, heads,
                                            servings.get((day, meal), 0)))
            if m["over_tolerance"]:
                found += _issue_flags(compared.get((school_id, day, meal), []), school_id,
                                      day, meal, tolerance)
            if (m["counted"] and m["teachers"] > 0 and m["food_cost"] > 0
                    and m["teacher_cost"] == 0):
                found.append(flag(
                    "teachers_charged", key,
                    N_("%(day)s, %(meal)s: %(teachers)s teachers ate, but none of the food "
                       "cost of %(cost)s yuan was charged to them: the students' share "
                       "carries it all."), {**where, "teachers": m["teachers"],
                                            "cost": m["food_cost"]},
                    {"day": day.isoformat(), "meal": meal, "teachers": m["teachers"],
                     "students": m["students"], "food_cost": m["food_cost"],
                     "teacher_cost": m["teacher_cost"]},
                    _meal_link("canteen.issues", school_id, day, meal)))
    return found


def _servings_flag(school_id, day, meal, where, heads, servings) -> dict:
    """A supplied meal with fewer servings delivered (none recorded: 0) than the students and
    teachers counted: the company was paid for fewer meals than were eaten, or the counts
    are too high."""
    return flag("servings_short", f"{day.isoformat()}|{meal}",
                N_("%(day)s, %(meal)s: %(students)s students and %(teachers)s teachers were "
                   "counted, but %(servings)s servings were delivered."),
                {**where, **heads, "servings": servings or 0},
                {"day": day.isoformat(), "meal": meal, **heads, "servings": servings or 0},
                _meal_link("canteen.supplied", school_id, day, meal))


ISSUE_TEXT = N_("%(day)s, %(meal)s: %(issued)s g of %(food)s were issued, but the menu served "
                "plans %(planned)s g for the servings counted (more than %(tolerance)s%% "
                "apart).")


def _issue_flags(rows, school_id, day, meal, tolerance) -> list[dict]:
    # what every flag of the meal shares is made once: a county month has ~10^5 of them
    found, iso, where = [], day.isoformat(), _where(day, meal)
    tol = Decimal(str(tolerance))
    percent = f"{(tol * 100).normalize():f}"
    link = _meal_link("canteen.issues", school_id, day, meal)
    for row in rows:
        if not row["over"]:
            continue
        found.append(flag(
            "unexplained_issue", f"{iso}|{meal}|{row['code']}", ISSUE_TEXT,
            {**where, "food": row["name"], "issued": row["issued_grams"],
             "planned": row["planned_grams"], "tolerance": percent},
            {"day": iso, "meal": meal, "food": row["code"],
             "issued_grams": row["issued_grams"], "planned_grams": row["planned_grams"],
             "tolerance": tol}, link))
    return found

