"""Recent prices for menu costing and the county price table."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from procurement import services

from ..factories import food_id


def test_recent_price_prefers_the_schools_latest_delivery(deliver, db, org):
    deliver([("大米", "10", "kg", "5.00")], day=date(2026, 11, 2))
    deliver([("大米", "10", "kg", "5.40")], day=date(2026, 11, 9))
    deliver([("大米", "10", "kg", "9.99")], day=date(2026, 11, 10), school=org.schools[1])
    price = services.recent_price(db, org.schools[0].id, food_id(db, "012001x"),
                                  date(2026, 11, 20))
    assert price == services.Price(Decimal("5.40"), date(2026, 11, 9), "school")


def test_recent_price_falls_back_to_the_county_median(deliver, db, org):
    deliver([("大米", "10", "kg", "5.00")], day=date(2026, 11, 2), school=org.schools[1])
    deliver([("大米", "10", "kg", "6.00")], day=date(2026, 11, 3), school=org.schools[1])
    deliver([("大米", "2", "jin", "3.50")], day=date(2026, 11, 4), school=org.schools[2])
    # per kg: 5.00, 6.00 and 3.50 a jin = 7.00 a kg; the median is 6.00
    price = services.recent_price(db, org.schools[0].id, food_id(db, "012001x"),
                                  date(2026, 11, 20))
    assert price == services.Price(Decimal("6.00"), date(2026, 11, 4), "county")


def test_no_price_older_than_60_days_or_rejected_or_void(deliver, db, org):
    from procurement.services import LineIn
    deliver([("大米", "10", "kg", "5.00")], day=date(2026, 9, 10))
    deliver([LineIn("土豆", "10", "kg", "2", accepted=False, reject_reason="烂")],
            day=date(2026, 11, 2))
    void = deliver([("豆油", "10", "kg", "12")], day=date(2026, 11, 2))
    services.void_delivery(db, void, "录错")
    ids = [food_id(db, c) for c in ("012001x", "021101", "192004")]
    assert services.recent_prices(db, org.schools[0].id, ids, date(2026, 11, 20)) == {}


def test_own_prices_and_county_medians_of_a_week_at_once(deliver, db, org):
    """Each food: the school's own latest price where it has one, else the county's median; an
    own line that was rejected, or is older than 60 days, leaves the food to the county (the
    county's lines are read only for those foods)."""
    from procurement.services import LineIn
    deliver([("大米", "10", "kg", "5.00"),
             LineIn("土豆", "10", "kg", "2", accepted=False, reject_reason="烂")])
    deliver([("豆油", "10", "kg", "12")], day=date(2026, 9, 1))
    deliver([("大米", "10", "kg", "9.00"), ("土豆", "10", "kg", "3.00"),
             ("豆油", "10", "kg", "14")], day=date(2026, 11, 3), school=org.schools[1])
    deliver([("土豆", "10", "kg", "4.00"), ("豆油", "10", "kg", "16")],
            day=date(2026, 11, 5), school=org.schools[2])
    rice, potato, oil = (food_id(db, c) for c in ("012001x", "021101", "192004"))
    assert services.recent_prices(db, org.schools[0].id, [rice, potato, oil],
                                  date(2026, 11, 20)) == {
        rice: services.Price(Decimal("5.00"), date(2026, 11, 2), "school"),
        potato: services.Price(Decimal("3.50"), date(2026, 11, 5), "county"),
        oil: services.Price(Decimal("15.00"), date(2026, 11, 5), "county")}
    # a county template's week (no school) takes every food's county median
    assert services.recent_prices(db, None, [rice], date(2026, 11, 20)) == {
        rice: services.Price(Decimal("7.00"), date(2026, 11, 3), "county")}


def test_price_table_flags_schools_more_than_30_percent_above_median(deliver, db, org):
    deliver([("大米", "10", "kg", "5.00")], school=org.schools[0])
    deliver([("大米", "10", "kg", "5.20")], school=org.schools[1])
    deliver([("大米", "10", "kg", "6.80")], school=org.schools[2])  # 6.80 > 1.3 × 5.20 = 6.76
    (row,) = services.price_table(db, date(2026, 11, 20))
    assert (row["median"], row["min"], row["max"]) == (Decimal("5.20"), Decimal("5.00"),
                                                       Decimal("6.80"))
    assert row["schools_above"] == [(org.schools[2].name, Decimal("6.80"))]


def test_county_median_is_the_median_of_every_lines_rounded_price(deliver, db, org):
    """The median is ranked in SQL and only the middle lines are read: it must equal the
    median of every line's price per kg (rounded to the fen) for an even count (half a fen
    rounds up), ties, units that make the order differ from the amounts' (jin) and lines
    whose amount and weight are whole numbers (stored as integers by SQLite)."""
    import random
    from statistics import median

    from sqlalchemy import select

    from procurement.models import Delivery, DeliveryLine
    from procurement.prices import per_kg
    from suite.money import money
    rng = random.Random(554)
    deliver([("大米", "10", "kg", "5.00"), ("土豆", "2", "kg", "3.00")],
            day=date(2026, 11, 2), school=org.schools[1])
    deliver([("大米", "10", "kg", "5.01"), ("土豆", "4", "kg", "2.00")],
            day=date(2026, 11, 6), school=org.schools[2])
    for day, school, price in ((3, 1, "3.00"), (4, 2, "9.00"), (5, 1, "2.50")):
        deliver([("土豆", "1", "kg", price)], day=date(2026, 11, day), school=org.schools[school])
    for i in range(15):  # oil: odd quantities, kg and jin, prices to the fen
        deliver([("豆油", f"{rng.randint(1, 40) / 10}", rng.choice(("kg", "jin")),
                  f"{rng.randint(700, 1600) / 100:.2f}")],
                day=date(2026, 10, 1 + i), school=org.schools[1 + i % 2])
    rice, potato, oil = (food_id(db, c) for c in ("012001x", "021101", "192004"))
    oil_lines = db.execute(select(Delivery.delivery_date, DeliveryLine.amount, DeliveryLine.grams)
                           .join(Delivery).where(DeliveryLine.food_id == oil)).all()

    def oil_median(until):
        prices = [per_kg(amount, grams) for day, amount, grams in oil_lines if day <= until]
        return money(median(prices)), len(prices)

    got = services.recent_prices(db, None, [rice, potato, oil], date(2026, 11, 20))
    assert got[rice] == services.Price(Decimal("5.01"), date(2026, 11, 6), "county")
    assert got[potato] == services.Price(Decimal("3.00"), date(2026, 11, 6), "county")
    assert got[oil] == services.Price(oil_median(date(2026, 11, 20))[0],
                                      date(2026, 10, 15), "county")
    # a school with no line of its own, on a day that leaves out the last oil line: 14 lines
    price, count = oil_median(date(2026, 10, 14))
    assert count == 14 and services.recent_prices(db, org.schools[0].id, [oil], date(
        2026, 10, 14)) == {oil: services.Price(price, date(2026, 10, 14), "county")}
