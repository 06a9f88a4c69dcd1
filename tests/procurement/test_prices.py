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
