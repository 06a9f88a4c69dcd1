"""Deterministic demo county: the same seed gives the same county. Plugins add their data
through their `demo` hook, called in dependency order with the context built here: "rng",
"county", "townships", "term", "schools", "password", "logins", "today" and "first_day" (the
day the canteen, menus and procurement demos start: see first_demo_day)."""
from __future__ import annotations

import random
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import select, text

from . import accounts, clock, services
from .auth import roles
from .models import County, School, Township
from .vocabulary import age_band_for

TOWNSHIPS = ["城关镇", "青石镇", "白水乡", "龙潭乡", "石门镇", "双河乡", "高坪镇", "新街乡",
             "桃源镇", "枫林乡", "黄土镇", "三溪乡"]
PLACES = ["红星", "向阳", "金竹", "平安", "大坪", "柳树", "杨家", "李家", "水口", "长岭", "凤凰",
          "花园", "东风", "新华", "光明", "团结", "和平", "永安", "清泉", "石桥"]
KIND_GRADES = {"primary": range(1, 7), "junior": range(7, 10), "nine_year": range(1, 10),
               "teaching_point": range(1, 4)}
KIND_SUFFIX = {"primary": "小学", "junior": "中学", "nine_year": "九年一贯制学校",
               "teaching_point": "教学点"}


class DemoExists(RuntimeError):
    pass


def _term_dates(today: date) -> tuple[str, date, date]:
    if today.month >= 8 or today.month == 1:
        year = today.year if today.month >= 8 else today.year - 1
        return f"{year}-{year + 1}学年第一学期", date(year, 9, 1), date(year + 1, 1, 20)
    return f"{today.year - 1}-{today.year}学年第二学期", date(today.year, 2, 24), date(today.year, 7, 3)


def first_demo_day(session, term, today: date) -> date:
    """Where the canteen, menus and procurement demos start: the first school day of last month
    (the month the subsidy demo submits and closes), or the term's first school day when last
    month is before the term."""
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    days = [d for d in services.school_days(session, term) if d >= last_month]
    return days[0] if days else term.start_date


def _school_kinds(count: int) -> list[tuple[str, bool, str]]:
    """(kind, boarding, supply mode): one teaching point, one boarding school, one company."""
    fixed = [("teaching_point", False, "canteen"), ("nine_year", True, "canteen"),
             ("primary", False, "company")]
    cycle = [("primary", False, "canteen"), ("junior", True, "canteen"),
             ("primary", False, "canteen"), ("nine_year", False, "canteen")]
    return (fixed + [cycle[i % len(cycle)] for i in range(max(0, count - 3))])[:count]


def _enrol(rng: random.Random, kind: str, size: int) -> dict:
    grades = list(KIND_GRADES[kind])
    counts = {}
    for grade in grades:
        total = max(2, round(size / len(grades) * rng.uniform(0.8, 1.2)))
        band = age_band_for(grade + 5)
        older = age_band_for(grade + 6)
        late = round(total * 0.1) if older != band else 0  # pupils a year older than usual
        for b, n in ((band, total - late), (older, late)):
            if n <= 0:
                continue
            boys = round(n * rng.uniform(0.48, 0.56))
            counts[(grade, b, "M")] = counts.get((grade, b, "M"), 0) + boys
            counts[(grade, b, "F")] = counts.get((grade, b, "F"), 0) + n - boys
    return counts


def build_demo(session, seed: int = 2026, schools: int = 10, students: int | None = None,
               password: str | None = None, today: date | None = None) -> list[tuple]:
    if schools < 1 or (students is not None and students < 1):
        raise ValueError("a demo county needs at least one school and one student")
    if session.scalar(select(County.id)):
        raise DemoExists("the database already holds a county")
    rng = random.Random(seed)
    today = today or clock.today()
    password = password or f"demo-pass-{seed}"  # meets the password policy
    county = County(code="350881", name="示范县教育局")
    session.add(county)
    session.flush()
    townships = []
    for i in range(3 if schools <= 30 else min(12, max(3, schools // 17))):
        townships.append(Township(county_id=county.id, code=f"{county.code}{i + 1:03d}",
                                  name=TOWNSHIPS[i % len(TOWNSHIPS)]))
    session.add_all(townships)
    session.flush()
    name, start, end = _term_dates(today)
    # the official holidays are filled in; a year not yet published stays to be entered by hand
    term, _unpublished = services.create_term(session, county.id, name, start, end)

    students = students or schools * 180
    kinds = _school_kinds(schools)
    weights = [0.15 if k == "teaching_point" else (1.6 if k in ("nine_year", "junior") else 1.0)
               for k, _b, _s in kinds]
    scale = students / sum(weights)
    made = []
    for i, (kind, boarding, supply) in enumerate(kinds):
        township = townships[i % len(townships)]
        place = PLACES[i % len(PLACES)] + ("" if i < len(PLACES) else str(i // len(PLACES) + 1))
        school = School(township_id=township.id, code=f"S{i + 1:04d}",
                        name=f"{township.name[:2]}{place}{KIND_SUFFIX[kind]}", kind=kind,
                        rural=True, boarding=boarding, supply_mode=supply, in_plan=True)
        session.add(school)
        made.append((school, kind, max(8, round(weights[i] * scale))))
    session.flush()
    for school, kind, size in made:
        services.set_enrolment(session, school.id, term.id, _enrol(rng, kind, size))

    role_defs = roles()
    logins = []
    for username, role in (("admin", "admin"), ("bureau", "bureau"),
                           ("nutritionist", "nutritionist")):
        accounts.create_user(session, username=username, password=password, role=role,
                             roles=role_defs, display_name=str(role_defs[role].label))
        logins.append((username, role, password))
    for school, _kind, _size in made:
        username = f"canteen-{school.code.lower()}"
        accounts.create_user(session, username=username, password=password,
                             role="canteen_manager", roles=role_defs, school_code=school.code,
                             display_name=f"{school.name}食堂")
        logins.append((username, "canteen_manager", password))
    context = {"rng": rng, "county": county, "townships": townships, "term": term,
               "schools": [s for s, _k, _n in made], "password": password, "logins": logins,
               "today": today, "first_day": first_demo_day(session, term, today)}
    for plugin in current_app.extensions["suite_plugins"]:
        if getattr(plugin, "demo", None):
            plugin.demo(session, context)
            _analyze(session)
    session.commit()
    return logins


def _analyze(session) -> None:
    """PostgreSQL plans from table statistics, which a demo built in one transaction leaves
    at "empty": a plugin reading what the one before it wrote would get nested loops over
    thousands of rows. ANALYZE inside the transaction counts its own rows."""
    if session.get_bind().dialect.name == "postgresql":
        session.flush()
        session.execute(text("ANALYZE"))
