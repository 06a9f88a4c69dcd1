"""Subsidy rates: the national rate's boundaries, a county's top-up inside its own period
and county, and a week's rates across changes read in one query."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from suite import services
from suite.models import SubsidyRate

pytestmark = pytest.mark.usefixtures("en")


@pytest.mark.parametrize("day, expected", [
    (date(2011, 8, 31), None), (date(2011, 9, 1), "3.00"), (date(2014, 10, 31), "3.00"),
    (date(2014, 11, 1), "4.00"), (date(2021, 8, 31), "4.00"), (date(2021, 9, 1), "5.00"),
    (date(2030, 1, 1), "5.00"),
])
def test_national_rate_boundaries(db, day, expected):
    rate = services.subsidy_rate_on(db, day)
    if expected is None:
        assert rate is None
    else:
        assert isinstance(rate, Decimal) and str(rate) == expected


def test_county_top_up_only_inside_its_period_and_county(db, factory):
    county, other = factory.county(), factory.county()
    db.add(SubsidyRate(county_id=county.id, start_date=date(2022, 1, 1),
                       end_date=date(2022, 12, 31), amount=Decimal("0.50")))
    db.flush()
    on = services.subsidy_rate_on
    assert str(on(db, date(2021, 12, 31), county.id)) == "5.00"
    assert str(on(db, date(2022, 1, 1), county.id)) == "5.50"
    assert str(on(db, date(2022, 12, 31), county.id)) == "5.50"
    assert str(on(db, date(2023, 1, 1), county.id)) == "5.00"
    assert str(on(db, date(2022, 6, 1), other.id)) == "5.00"
    assert str(on(db, date(2022, 6, 1))) == "5.00"



def test_rates_of_days_across_changes_in_one_query(db, factory):
    """A week across the 2014 and 2021 national changes and two county top-ups (one ending,
    one starting inside it) gets each day's rate, as `subsidy_rate_on` gives it, from one
    query."""
    from sqlalchemy import event

    county, other = factory.county(), factory.county()
    db.add_all([SubsidyRate(county_id=county.id, start_date=date(2021, 8, 1),
                            end_date=date(2021, 8, 31), amount=Decimal("0.40")),
                SubsidyRate(county_id=county.id, start_date=date(2021, 9, 2),
                            amount=Decimal("0.25")),
                SubsidyRate(county_id=other.id, start_date=date(2021, 1, 1),
                            amount=Decimal("1.00"))])
    db.flush()
    days = [date(2021, 8, 30), date(2021, 8, 31), date(2021, 9, 1), date(2021, 9, 2),
            date(2014, 10, 31), date(2011, 8, 31)]
    statements = []
    engine = db.get_bind()
    listen = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listen)
    try:
        rates = services.subsidy_rates_on(db, days, county.id)
    finally:
        event.remove(engine, "before_cursor_execute", listen)
    assert len(statements) == 1
    assert {d: (str(r) if r is not None else None) for d, r in rates.items()} == {
        date(2021, 8, 30): "4.40", date(2021, 8, 31): "4.40", date(2021, 9, 1): "5.00",
        date(2021, 9, 2): "5.25", date(2014, 10, 31): "3.00", date(2011, 8, 31): None}
    assert rates == {d: services.subsidy_rate_on(db, d, county.id) for d in days}
    assert services.subsidy_rates_on(db, [], county.id) == {}
    assert str(services.subsidy_rates_on(db, [date(2021, 9, 2)])[date(2021, 9, 2)]) == "5.00"
