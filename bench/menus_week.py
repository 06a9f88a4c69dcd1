"""The planner's analysis of one school week (15 meals, 90 dishes) and its weekly PDF, in
the county that bench.county_data builds once (the school's weeks of the term so far among
200 schools' data), beside the bare database load of the same rows.

Run: .venv/bin/python -m bench.menus_week   (BENCH_DATABASE_URL for PostgreSQL)"""
from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select, text

from menus import services
from nutrition.models import FoodRow
from suite import services as org
from suite.audit import acting_as
from suite.db import get_session
from suite.vocabulary import age_band_for
from suite.models import School, Term
from suite.pdf import render_pdf

from .common import Figure, app_for, best_of, pdf_page_s, pdf_pages

FIRST_MONDAY, MONDAY = date(2026, 9, 7), date(2026, 11, 16)
PLAN_LIMIT_S, PDF_LIMIT_S = 0.05, 2.0


def add_weeks(session, school_id: int, seed: int = 5) -> int:
    """The school made a nine-year boarding school with pupils in every grade, a library of
    40 dishes, and its weekly menus of the term so far (5 days × 3 meals × 6 dishes); the id
    of the week the benchmark measures (the last)."""
    rng = random.Random(seed)
    school = session.get(School, school_id)
    school.kind, school.boarding = "nine_year", True
    county = school.township.county
    county.second_approver_required = False
    term = session.scalar(select(Term).where(Term.county_id == county.id))
    org.set_enrolment(session, school.id, term.id, {
        (g, age_band_for(g + 5), s): rng.randint(20, 40) for g in range(1, 10) for s in "MF"})
    foods = session.scalars(select(FoodRow.name).where(FoodRow.food_group.in_(
        ["cereals_tubers", "vegetables", "meat_poultry", "eggs", "soy_nuts", "fruit"]))).all()
    dishes = [services.save_dish(session, name=f"菜品{i}", category="other", ingredients=[
        services.IngredientIn(f, rng.randint(10, 120)) for f in rng.sample(foods, 5)])
        for i in range(40)]
    monday = FIRST_MONDAY
    while monday <= MONDAY:
        menu = services.create_week(session, county_id=county.id, school=school,
                                    week_start=monday, days=[0, 1, 2, 3, 4],
                                    meals=["breakfast", "lunch", "dinner"])
        for offset in range(5):
            for meal in ("breakfast", "lunch", "dinner"):
                for dish in rng.sample(dishes, 6):
                    services.add_item(session, menu, day=monday + timedelta(days=offset),
                                      meal=meal, dish_id=dish.id)
        monday += timedelta(days=7)
    session.commit()
    return menu.id


def main() -> list[Figure]:
    from .county_data import county
    app = app_for(county().url)
    menu_id = county().menu_id
    with app.test_request_context(), acting_as(None, "bench"):
        session = get_session()
        items = session.scalar(text(f"SELECT count(*) FROM menus_item WHERE menu_id = {menu_id}"))

        def load():
            session.expunge_all()
            return services.load_menu(session, menu_id)

        def analyse():
            return services.week_plan(session, load())

        def pdf():
            return render_pdf("menus/print_pdf.html", **services.print_context(session, load()))

        raw = text("SELECT i.id, i.day, i.meal, g.food_id, g.grams FROM menus_item i "
                   "JOIN menus_dish_ingredient g ON g.dish_id = i.dish_id WHERE i.menu_id = :m")
        load_s, _m = best_of(load)
        raw_s, rows = best_of(lambda: session.execute(raw, {"m": menu_id}).all())
        plan_s, plan = best_of(analyse)
        pdf_s, body = best_of(pdf, repeat=3)
    page_s, pages = pdf_page_s(), pdf_pages(body)
    assert plan["week"] is not None and body.startswith(b"%PDF")
    print(f"{app.extensions['suite_db'].engine.dialect.name}: one week, {items} dishes "
          f"({len(rows)} ingredient rows), 15 meals")
    print(f"bare SQL load of the rows:        {raw_s * 1000:7.1f} ms")
    print(f"ORM load of the menu:             {load_s * 1000:7.1f} ms")
    print(f"planner analysis (load included): {plan_s * 1000:7.1f} ms (limit 50 ms)")
    print(f"weekly menu PDF ({len(body) // 1024} KiB, {pages} pages): {pdf_s * 1000:7.1f} ms "
          f"(limit 2000 ms)")
    print(f"WeasyPrint, a trivial CJK page:   {page_s * 1000:7.1f} ms per page")
    dialect = app.extensions['suite_db'].engine.dialect.name
    return [Figure(f"planner analysis of one week, {items} dishes, 15 meals", plan_s,
                   "bare SQL load of the rows", raw_s, limit=PLAN_LIMIT_S,
                   note=f"{dialect}; ORM load {load_s * 1000:.1f} ms"),
            Figure(f"weekly menu PDF, {pages} page(s)", pdf_s,
                   f"WeasyPrint, trivial CJK page × {pages}", page_s * pages, limit=PDF_LIMIT_S)]


if __name__ == "__main__":
    main()
