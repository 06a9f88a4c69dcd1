"""Migration 0016 on a database in use (SQLite, or PostgreSQL under TEST_DATABASE_URL): the
estimates that book foods replace are retired. Dishes, delivery lines, stock moves and balances,
a stocktake line, item mappings and flag notes that used them point at the book food; a dish is
analysed with the book's values, prices and money stay on the moves; two estimates of one book
food merge their balances by sum; the estimate that remains is untouched; a reload of the
built-in foods brings no retired estimate back."""
from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy import text
from sqlalchemy.orm import Session

from menus.dishes import dish_facts
from menus.models import Dish
from nutrition.book_sync import sync_rows
from nutrition.retire_sync import retire_estimates
from nutrition.services import get_standard, resolve_food
from suite import migrate
from suite.db import make_engine

from .helpers_migration import FOOD_COLUMNS, NOW, scratch_database

# as 0013 held them: four estimates the book replaces (菜心 and 白菜薹 by one book food), the
# salt that remains (energy and protein as data/foods.csv has them; one source text for all)
ESTIMATES = [
    (1, "L0052", "韭菜", "", "vegetables", True, False, 0.9, 25, 104.6, 2.4),
    (2, "L0104", "圣女果", "樱桃番茄|小番茄|小西红柿", "vegetables", True, False, 0.98, 25,
     104.6, 1.0),
    (3, "L0072", "菜心", "菜薹|广东菜心|菜苔", "vegetables", True, False, 0.84, 28, 117.2, 2.8),
    (4, "L0135", "白菜薹", "菜苔（白）|白菜苔", "vegetables", True, False, 0.85, 25, 104.6, 2.5),
    (5, "L0001", "食盐", "精盐|盐|碘盐|加碘盐", "salt", False, False, 1.0, 0, 0.0, 0.0),
]
SOURCE = "估计值（参照旧版食物成分表数值，未核对第6版）"


def _foods(engine) -> None:
    marks = ", ".join(f":p{i}" for i in range(17)) + ", :at"
    with engine.begin() as conn:
        for row in ESTIMATES:
            conn.execute(text(f"INSERT INTO nutrition_food ({FOOD_COLUMNS}) VALUES ({marks})"),
                         {f"p{i}": v for i, v in enumerate(
                             (*row, "", SOURCE, "estimate", "", True, True))} | {"at": NOW})
        # vitamin C and iron as the estimates had them: 24 mg and 1.6 mg in 韭菜
        conn.execute(text("UPDATE nutrition_food SET vitamin_c_mg = 24, iron_mg = 1.6, "
                          "calcium_mg = 42 WHERE id = 1"))
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT setval(pg_get_serial_sequence('nutrition_food', 'id'), 5)"))


def _ids(conn) -> dict[str, int]:
    return dict(conn.execute(text("SELECT code, id FROM nutrition_food WHERE code IN "
                                  "('044404', '043120', '045108')")).all())


def _populate(engine) -> dict[str, int]:
    """The records of a school's month that use the estimates (ids 1-4) and the book foods."""
    with engine.begin() as conn:
        book = _ids(conn)
        run = lambda sql, **p: conn.execute(text(sql), {"t": True, "f": False, "at": NOW} | p)
        run("INSERT INTO suite_county (id, code, name, nutrition_standard, "
            "second_approver_required) VALUES (1, '350100', '县', 'wst554_2017', :f)")
        run("INSERT INTO suite_township (id, county_id, code, name) VALUES (1, 1, '35010001', "
            "'镇')")
        for sid in (1, 2):
            run("INSERT INTO suite_school (id, township_id, code, name, kind, rural, boarding, "
                "supply_mode, in_plan, active) VALUES (:id, 1, :code, :name, 'primary', :t, :f, "
                "'canteen', :t, :t)", id=sid, code=f"S{sid}", name=f"第{sid}小学")
        run("INSERT INTO procurement_supplier (id, name, credit_code, licence_no, licence_expiry, "
            "contact, phone, food_groups, approved, active, notes) VALUES (1, '菜店', "
            "'91350100M000100Y43', 'JY1', '2027-06-30', '', '', 'vegetables', :t, :t, '')")
        run("INSERT INTO procurement_delivery (id, school_id, supplier_id, delivery_date, "
            "invoice_no, checker, total, accepted_total, created_at, void_reason) VALUES "
            "(1, 1, 1, '2026-11-02', 'NO.1', '王老师', 12.00, 12.00, :at, '')")
        run("INSERT INTO procurement_delivery_line (id, delivery_id, line_no, food_id, item_name, "
            "quantity, unit, grams, unit_price, amount, accepted, reject_reason) VALUES "
            "(1, 1, 1, 1, '韭菜', 2, 'kg', 2000, 6.00, 12.00, :t, '')")
        for i, (sid, fid, grams, value) in enumerate([
                (1, 1, 2000, "12.00"), (1, 3, 2000, "12.00"), (1, 4, 500, "3.50"),
                (1, book["045108"], 1000, "5.00"), (2, 3, 800, "4.80")], start=1):
            run("INSERT INTO procurement_stock_move (id, school_id, food_id, move_date, kind, "
                "grams, value, note, created_at) VALUES (:id, :s, :f_id, '2026-11-02', "
                "'receipt', :g, :v, '', :at)", id=i, s=sid, f_id=fid, g=grams, v=value)
            run("INSERT INTO procurement_stock_balance (school_id, food_id, grams, value) "
                "VALUES (:s, :f_id, :g, :v)", s=sid, f_id=fid, g=grams, v=value)
        run("INSERT INTO procurement_stocktake (id, school_id, take_date, counted_by, note, "
            "created_at) VALUES (1, 1, '2026-11-03', '王老师', '', :at)")
        run("INSERT INTO procurement_stocktake_line (id, stocktake_id, food_id, book_grams, "
            "counted_grams, variance_grams, variance_value) VALUES (1, 1, 1, 2000, 1900, -100, "
            "-0.60)")
        run("INSERT INTO procurement_item_mapping (id, item_name, food_id) VALUES "
            "(1, '韭菜（散装）', 1), (2, '小番茄（盒）', 2)")
        for i, (key, note) in enumerate([
                ("2026-11-03|lunch|L0052", "韭菜当天用完"), ("1|1", "节日涨价"),
                ("2026-11-04|lunch|L0072", "菜心备用"), ("2026-11-04|lunch|L0135", "菜薹备用"),
                ("2026-11-03|lunch|3", "三年级")], start=1):
            code = "price_above_median" if key == "1|1" else "unexplained_issue"
            run("INSERT INTO subsidy_flag_note (id, school_id, year, month, code, record_key, "
                "note, explained_at) VALUES (:id, 1, 2026, 11, :c, :k, :n, :at)",
                id=i, c=code, k=key, n=note)
        run("INSERT INTO menus_dish (id, name, category, cooking_method, notes, base_band, "
            "band_factors, active, created_at) VALUES (1, '炒韭菜', 'vegetable', '炒', '', "
            "'9-11', '{}', :t, :at), (2, '圣女果', 'fruit', '', '', '9-11', '{}', :t, :at)")
        run("INSERT INTO menus_dish_ingredient (id, dish_id, food_id, grams, position) VALUES "
            "(1, 1, 1, 120, 0), (2, 1, :jiucai, 30, 1), (3, 2, 2, 100, 0)",
            jiucai=book["044404"])
    return book


def _nutrients(session, dish_id) -> dict:
    facts = dish_facts(session, session.get(Dish, dish_id), "9-11",
                       get_standard(session, None), 1, date(2026, 11, 5))
    return {n["nutrient"]: n["amount"] for n in facts["nutrients"]} | {"cost": facts["cost"]}


def test_migration_0016_retires_the_estimates(tmp_path):
    url = scratch_database(tmp_path)
    migrate.upgrade(url, "0013")
    engine = make_engine(url)
    try:
        _foods(engine)
        migrate.upgrade(url, "0015")
        book = _populate(engine)
        migrate.upgrade(url)
        with engine.connect() as conn:
            rows = lambda sql, **p: [tuple(float(v) if isinstance(v, Decimal) else v for v in r)
                                     for r in conn.execute(text(sql), p)]
            one = lambda sql, **p: conn.execute(text(sql), p).one()
            jc, tomato, cx = book["044404"], book["043120"], book["045108"]
            # the dish listing both 韭菜 keeps the book's line: 120 + 30 = 150 g
            assert rows("SELECT dish_id, food_id, grams FROM menus_dish_ingredient ORDER BY id"
                        ) == [(1, jc, 150), (2, tomato, 100)]
            assert rows("SELECT food_id, amount, unit_price FROM procurement_delivery_line"
                        ) == [(jc, 12, 6)]
            assert rows("SELECT food_id, grams, value FROM procurement_stock_move ORDER BY id"
                        ) == [(jc, 2000, 12), (cx, 2000, 12), (cx, 500, 3.5), (cx, 1000, 5),
                              (cx, 800, 4.8)]
            assert rows("SELECT food_id FROM procurement_stocktake_line") == [(jc,)]
            assert rows("SELECT item_name, food_id FROM procurement_item_mapping ORDER BY id"
                        ) == [("韭菜（散装）", jc), ("小番茄（盒）", tomato)]
            # 菜心 and 白菜薹 merge into 045108 by sum: school 1 1,000 + 2,000 + 500 g, CNY
            # 5.00 + 12.00 + 3.50; school 2's 菜心 balance moves as it is
            assert rows("SELECT school_id, food_id, grams, value FROM procurement_stock_balance "
                        "ORDER BY school_id, food_id") == [(1, jc, 2000, 12), (1, cx, 3500, 20.5),
                                                           (2, cx, 800, 4.8)]
            assert rows("SELECT record_key, note FROM subsidy_flag_note ORDER BY id") == [
                ("2026-11-03|lunch|044404", "韭菜当天用完"), (f"1|{jc}", "节日涨价"),
                ("2026-11-04|lunch|045108", "菜心备用\n菜薹备用"), ("2026-11-03|lunch|3", "三年级")]
            # the estimates stay, inactive, their notes as they were (the page names what
            # replaced them from the record, in the reader's language); salt remains as it was
            assert rows("SELECT code, active, notes FROM nutrition_food WHERE id < 6 ORDER BY id"
                        ) == [("L0052", False, ""), ("L0104", False, ""), ("L0072", False, ""),
                              ("L0135", False, ""), ("L0001", True, "")]
            assert one("SELECT name, source, certainty, energy_kcal FROM nutrition_food "
                       "WHERE id = 5") == ("食盐", SOURCE, "estimate", 0)
            # the names they carried are the book food's aliases now
            assert "圣女果" in one("SELECT aliases FROM nutrition_food WHERE id = :i",
                                   i=tomato)[0].split("|")
            log = {r.old_code: r for r in conn.execute(text(
                "SELECT * FROM nutrition_food_replacement ORDER BY old_code"))}
            assert [(c, r.new_code) for c, r in log.items()] == [
                ("L0052", "044404"), ("L0072", "045108"), ("L0104", "043120"),
                ("L0135", "045108")]
            counts = log["L0052"].counts
            counts = counts if isinstance(counts, dict) else json.loads(counts)
            assert counts == {"menus_dish_ingredient": 1, "procurement_delivery_line": 1,
                              "procurement_stock_move": 1, "procurement_stocktake_line": 1,
                              "procurement_item_mapping": 1, "procurement_stock_balance": 1,
                              "subsidy_flag_note": 2}
            values = log["L0052"].old_values
            values = values if isinstance(values, dict) else json.loads(values)
            assert (values["vitamin_c_mg"], values["iron_mg"], values["name"]) == (
                24, 1.6, "韭菜（估算）")
        with Session(engine) as session:
            # 150 g of 韭菜 at 90 % edible = 135 g edible, the book's values per 100 g:
            # energy 25 → 33.75 kcal; vitamin C 2 → 2.7 mg (the estimate said 24: 120 g of it
            # gave 120 × 0.9 × 24 / 100 = 25.92 mg); iron 0.7 → 0.945 mg;
            # calcium 44 → 59.4 mg; vitamin A 133 → 179.55 µg
            dish = _nutrients(session, 1)
            assert abs(dish["energy_kcal"] - 33.75) < 0.01
            assert abs(dish["vitamin_c_mg"] - 2.7) < 0.01
            assert abs(dish["iron_mg"] - 0.945) < 0.01
            assert abs(dish["calcium_mg"] - 59.4) < 0.01
            assert abs(dish["vitamin_a_ug_rae"] - 179.55) < 0.01
            # the price of the book food is the delivery's: CNY 12.00 / 2 kg = 6.00 per kg;
            # 150 g cost 6.00 × 0.150 = 0.90
            assert dish["cost"].amount == Decimal("0.90") and dish["cost"].complete
            # 圣女果 100 g → 樱桃番茄 043120 at 98 %: vitamin A 28 × 0.98 = 27.44 µg (was 46)
            assert abs(_nutrients(session, 2)["vitamin_a_ug_rae"] - 27.44) < 0.01
            # the dish editor and the delivery form find the book food by the old name
            for name, food_id in [("圣女果", tomato), ("菜心", cx), ("白菜苔", cx)]:
                assert resolve_food(session, name)[0].id == food_id, name
        with engine.begin() as conn:  # a reload of the built-in foods brings nothing back
            table = sa.Table("nutrition_food", sa.MetaData(), autoload_with=conn)
            for name in ("marks", "book_cells"):
                table.c[name].type = sa.JSON(none_as_null=True)
            before = conn.execute(text("SELECT count(*) FROM nutrition_food")).scalar()
            sync_rows(conn, table)
            assert conn.execute(text("SELECT count(*) FROM nutrition_food")).scalar() == before
            assert conn.execute(text("SELECT count(*) FROM nutrition_food WHERE active = :t "
                                     "AND id < 5"), {"t": True}).scalar() == 0
            # and retiring again finds nothing left to retire
            log = sa.Table("nutrition_food_replacement", sa.MetaData(), autoload_with=conn)
            assert retire_estimates(conn, log) == []
    finally:
        engine.dispose()


def test_a_new_database_gets_no_retired_estimate(foods):
    """The built-in foods of a new database: none of the 264 retired estimates; the names they
    carried find the book food."""
    from nutrition.models import FoodRow
    from nutrition.retired import replacements

    retired = replacements()
    assert len(retired) == 264 and len(set(retired.values())) == 259
    codes = set(foods.scalars(sa.select(FoodRow.code)))
    assert not codes & set(retired) and set(retired.values()) <= codes
    assert foods.scalar(sa.select(sa.func.count()).select_from(FoodRow).where(
        FoodRow.certainty == "estimate")) == 85
    for name, code in [("圣女果", "043120"), ("菜心", "045108"), ("白菜苔", "045108"),
                       ("紫菜（干）", "052008"), ("韭菜", "044404")]:
        food, _candidates = resolve_food(foods, name)
        assert food is not None and food.code == code, name
