"""The people of bench.county_load besides the canteen managers: nutritionists with a week
planned for every school (published this week, a draft next week) from the demo dish library,
bureau officers, and the public pages they and the parents open."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

PASSWORD = "bench-pass-2026"
PLANNED_SCHOOLS = 20
LUNCH = ("staple", "main", "vegetable", "soup")


def add_planning(url: str, today, schools: int) -> dict:
    """Users, the dish library and weeks for the first PLANNED_SCHOOLS schools; returns the
    logins and the paths each kind of person opens."""
    from menus import services as menus
    from menus.demo_library import load_demo_library
    from menus.models import Dish
    from suite import accounts, create_app
    from suite.auth import roles
    from suite.models import County, School

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench-secret"})
    with app.app_context():
        session = app.extensions["suite_db"].session()
        county = session.scalar(select(County))
        defs = roles()
        logins = {"nutritionist": [f"bench-nutri-{i}" for i in range(3)],
                  "bureau": [f"bench-bureau-{i}" for i in range(3)], "public": [""]}
        users = {}
        for kind in ("nutritionist", "bureau"):
            for name in logins[kind]:
                users[name] = accounts.create_user(session, username=name, password=PASSWORD,
                                                   role=kind, roles=defs)
        load_demo_library(session, county.id, None)
        by_role = {}
        for dish in session.scalars(select(Dish).where(Dish.role.in_(LUNCH)).order_by(Dish.id)):
            by_role.setdefault(dish.role, []).append(dish)
        monday = menus.week_of(today)
        planner, public = [], []
        first, second = users[logins["nutritionist"][0]], users[logins["nutritionist"][1]]
        for k, school in enumerate(session.scalars(
                select(School).order_by(School.code).limit(min(schools, PLANNED_SCHOOLS)))):
            for week, publish in ((monday, True), (monday + timedelta(days=7), False)):
                menu = menus.create_week(session, county_id=county.id, school=school,
                                         week_start=week)
                for d in range(5):
                    for role in LUNCH:
                        dishes = by_role[role]
                        menus.add_item(session, menu, day=week + timedelta(days=d), meal="lunch",
                                       dish_id=dishes[(k * 5 + d) % len(dishes)].id)
                if publish:
                    menus.submit(session, menu, first)
                    menus.approve(session, menu, second)
                    menus.publish(session, menu, second)
                    public.append(f"/menus/public/{school.code}")
                planner.append(f"/menus/weeks/{menu.id}")
        session.commit()
    return {"logins": logins,
            "paths": {"nutritionist": planner, "bureau": ["/subsidy/", "/"], "public": public}}
