"""Migration 0014 on a database in use (SQLite, or PostgreSQL under TEST_DATABASE_URL): the
food table is rebuilt with the book's columns while a dish and an item mapping point at its
rows, the book's foods join the foods already there, and nothing that pointed at a food moves."""
from __future__ import annotations

from sqlalchemy import text

from suite import migrate
from suite.db import make_engine

from .helpers_migration import FOOD_COLUMNS, NOW, scratch_database

FOODS = [  # as 0013 held them: a hand-read row, an estimate the book names, a local food
    (1, "012001x", "大米", "稻米", "cereals_tubers", False, False, 1.0, 346, 1447.7, 7.9, "",
     "中国食物成分表标准版第6版 012001x", "reference", "", True, True),
    (2, "L0052", "韭菜", "", "vegetables", True, False, 0.9, 25, 104.6, 2.4, "", "估算",
     "estimate", "", True, True),
    (3, "U001", "豆浆", "", "soy_nuts", False, False, 1.0, 31, 129.7, 3.0, "", "本县检测",
     "user", "", False, True),
]


def _populate(engine) -> None:
    marks = ", ".join(f":p{i}" for i in range(17)) + ", :at"
    with engine.begin() as conn:
        for row in FOODS:
            conn.execute(text(f"INSERT INTO nutrition_food ({FOOD_COLUMNS}) VALUES ({marks})"),
                         {f"p{i}": v for i, v in enumerate(row)} | {"at": NOW})
        conn.execute(text(
            "INSERT INTO menus_dish (id, name, category, cooking_method, notes, base_band, "
            "band_factors, active, created_at) VALUES (1, '米饭', 'staple', '蒸', '', '9-11', "
            "'{}', :t, :at)"), {"t": True, "at": NOW})
        conn.execute(text("INSERT INTO menus_dish_ingredient (id, dish_id, food_id, grams, "
                          "position) VALUES (1, 1, 1, 120, 0), (2, 1, 2, 30, 1)"))
        conn.execute(text("INSERT INTO procurement_item_mapping (id, item_name, food_id) "
                          "VALUES (1, '东北大米', 1), (2, '韭菜（散装）', 2)"))
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT setval(pg_get_serial_sequence('nutrition_food', 'id'), 3)"))


def test_migration_0014_on_a_populated_database(tmp_path):
    url = scratch_database(tmp_path)
    migrate.upgrade(url, "0013")
    engine = make_engine(url)
    try:
        _populate(engine)
        migrate.upgrade(url, "0015")  # 0016 retires the estimates: test_retire_migration.py
        with engine.connect() as conn:
            one = lambda sql, **p: conn.execute(text(sql), p).one()
            count = lambda sql, **p: conn.execute(text(sql), p).scalar()
            # the three foods, the 1,850 other book foods and the 86 other built-in rows (the
            # 85 estimates that remain and 馒头; the 264 that book foods replace are not added)
            assert count("SELECT count(*) FROM nutrition_food") == 3 + 1850 + 86
            # the rows that were there keep their ids, names and the 13 values
            assert one("SELECT code, name, energy_kcal, protein_g, certainty FROM nutrition_food "
                       "WHERE id = 1") == ("012001x", "大米", 346, 7.9, "reference")
            # ... and get the book's other columns; 大米 keeps its name
            rice = one("SELECT water_g, book_group, hidden, remark FROM nutrition_food "
                       "WHERE id = 1")
            assert rice[1] == "谷类及其制品" and rice[2] in (False, 0) and rice[0] is not None
            # the estimate whose name the book has is renamed; the local food keeps its name
            # and the book's 豆浆 shows its code
            assert one("SELECT name FROM nutrition_food WHERE id = 2") == ("韭菜（估算）",)
            assert one("SELECT name FROM nutrition_food WHERE id = 3") == ("豆浆",)
            assert count("SELECT count(*) FROM nutrition_food WHERE name LIKE '豆浆（0%'") == 1
            assert count("SELECT count(*) FROM nutrition_food WHERE name = '韭菜' AND "
                         "certainty = 'book'") == 1
            # everything that pointed at a food still points at the same one
            assert conn.execute(text("SELECT food_id FROM menus_dish_ingredient ORDER BY id")
                                ).scalars().all() == [1, 2]
            assert conn.execute(text("SELECT food_id FROM procurement_item_mapping ORDER BY id")
                                ).scalars().all() == [1, 2]
            # unknown stays unknown: a book food printing "—" for energy has NULL
            assert count("SELECT count(*) FROM nutrition_food WHERE energy_kcal IS NULL") == 17
            assert count("SELECT count(*) FROM nutrition_food WHERE hidden = :t", t=True) == 192
            if conn.dialect.name == "sqlite":
                assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
                fks = conn.execute(text("PRAGMA foreign_key_list(menus_dish_ingredient)")).all()
                assert {fk[2] for fk in fks} == {"menus_dish", "nutrition_food"}
        with engine.begin() as conn:  # a new food still gets a fresh id
            new_id = conn.execute(text(
                "INSERT INTO nutrition_food (code, name, aliases, food_group, dark_vegetable, "
                "liver, edible_fraction, energy_kcal, trace, source, certainty, notes, builtin, "
                "active, updated_at, book_group, book_subgroup, remark, check_flags, hidden) "
                "VALUES ('U002', '本地豆腐', '', 'soy_nuts', :f, :f, 1.0, 80, '', '', 'user', '', "
                ":f, :t, :at, '', '', '', '', :f) RETURNING id"),
                {"f": False, "t": True, "at": NOW}).scalar()
            assert new_id == 1939 + 1
    finally:
        engine.dispose()
