"""What a planner page asks of the database: the same few statements whether the week holds
three dishes or fifteen (no statement per item, dish or ingredient), and the county's
built-in standard and the food table come from the process's caches."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event

from menus import services

from .helpers import WEEK, publish_as

# twelve SELECTs (the menu's row first and its dishes only for a week that is not published,
# whose grid is rendered once; the prices in two: the school's own, then the county's of the
# foods it has no price of, as here), and the test's savepoint around the request and its
# rollback
MOST_STATEMENTS = 14


def page_statements(engine, client, url: str) -> int:
    seen = []

    def count(*_args):
        seen.append(1)
    event.listen(engine, "before_cursor_execute", count)
    try:
        response = client.get(url)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 200
    return len(seen)


def test_the_planner_page_asks_the_same_for_three_dishes_or_fifteen(engine, client, login, db,
                                                                      planned, make_dish):
    login("nutritionist")
    url = f"/menus/weeks/{planned.id}"
    client.get(url)  # the first page fills the per-process caches
    few = page_statements(engine, client, url)
    for k in range(12):
        dish = make_dish(f"清炒时蔬{k}", [("小白菜", 100 + k), ("豆油", 5)], "vegetable")
        services.add_item(db, planned, day=WEEK + timedelta(days=k % 5), meal="lunch",
                          dish_id=dish.id)
    db.commit()
    client.get(url)
    many = page_statements(engine, client, url)
    assert (few, many) == (few, few)
    assert few <= MOST_STATEMENTS, few


def test_a_published_weeks_planner_reads_its_dishes_only_to_render_it_once(
        engine, client, login, db, planned, nutritionist, second_nutritionist):
    """After the first page, a published week's grid comes from the cache: no statement reads
    its items, dishes or ingredients, and none works out its analysis (prices, enrolment)."""
    publish_as(db, planned, nutritionist, second_nutritionist)
    login("nutritionist")
    url = f"/menus/weeks/{planned.id}"
    first, seen = [], []

    def statements(into):
        def record(_conn, _cursor, statement, *_args):
            into.append(statement)
        event.listen(engine, "before_cursor_execute", record)
        try:
            assert client.get(url).status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", record)
    statements(first)  # renders the grid once: its dishes in two statements, none per item
    assert [sum(f"FROM {t} " in s for s in first) for t in (
        "menus_item", "menus_dish", "menus_dish_ingredient")] == [0, 0, 1]
    assert sum("JOIN menus_item " in s for s in first) == 1
    statements(seen)
    tables = ("menus_item", "menus_dish", "procurement_delivery", "suite_enrolment")
    assert [s for s in seen if any(t in s for t in tables)] == []
    assert len(seen) <= MOST_STATEMENTS - 7, seen
