"""A month built by hand for the ledger tests: October 2026 of the factory's county.

Rates: the national 5.00 from 2021-09-01 and a county top-up of 1.00 from 2026-10-16, so
2026-10-01 … 15 pay 5.00 and 2026-10-16 … 31 pay 6.00. School days: the 22 weekdays of
October less the holiday of 10-01, plus the make-up Saturday 10-10 = 22.

schools[0] (canteen, 东镇): rice bought at 5.00 a kg (every issue costs 0.005 a gram)
  2026-09-29 delivery 10 kg rice = 50.00 (September)
  2026-09-30 lunch 40 pupils (38 plan), 0 teachers, 1000 g rice = 5.00
  2026-10-08 delivery 10 kg rice = 50.00; another of 2 kg oil = 20.00, voided the same day
  2026-10-09 breakfast 30 (30 plan) 0 teachers 1000 g = 5.00; lunch 40 (38) 2 teachers
             2000 g = 10.00
  2026-10-10 (make-up day) lunch 40 (38) 3 teachers 3000 g = 15.00
  2026-10-16 lunch 40 (36) 1 teacher 2000 g = 10.00
schools[1] (company-supplied, 东镇), 4.50 a serving for lunch
  2026-10-14 lunch 70 (70 plan) 4 teachers, 74 servings = 333.00
  2026-10-20 lunch 75 (72 plan) 5 teachers, 80 servings = 360.00
schools[2] (西乡): nothing at all."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from canteen import services as canteen
from procurement import services as procurement
from suite.models import SubsidyRate
from tests.canteen.helpers_issuing import OIL, RICE, contract, count, food
from tests.factories import TODAY

OCT = (2026, 10)


def rates(db, org):
    db.add(SubsidyRate(county_id=None, start_date=date(2021, 9, 1), amount=Decimal("5.00"),
                       note="national"))
    db.add(SubsidyRate(county_id=org.county.id, start_date=date(2026, 10, 16),
                       amount=Decimal("1.00"), note="county top-up"))
    db.flush()


def issue(db, school, day, meal, grams, code=RICE):
    db.commit()
    canteen.issue_to_meal(db, school_id=school.id, day=day, meal=meal, today=TODAY,
                          quantities={food(db, code).id: str(grams)})
    db.commit()


def build_october(db, org, deliver, supplier):
    """The month above; returns (canteen school, company school, empty school)."""
    own, company, empty = org.schools
    rates(db, org)
    deliver([("大米", "10", "kg", "5.00")], day=date(2026, 9, 29), school=own)
    count(db, own, day=date(2026, 9, 30), grades={1: (40, 38)})
    issue(db, own, date(2026, 9, 30), "lunch", 1000)
    deliver([("大米", "10", "kg", "5.00")], day=date(2026, 10, 8), school=own,
            invoice_no="NO.0002")
    oil = deliver([("大豆油", "2", "kg", "10.00")], day=date(2026, 10, 8), school=own,
                  invoice_no="NO.0003")
    db.commit()
    procurement.void_delivery(db, oil, "送错了")
    db.commit()
    count(db, own, day=date(2026, 10, 9), meal="breakfast", grades={1: (30, 30)})
    count(db, own, day=date(2026, 10, 9), grades={1: (40, 38)}, teachers=2)
    count(db, own, day=date(2026, 10, 10), grades={1: (40, 38)}, teachers=3)
    count(db, own, day=date(2026, 10, 16), grades={1: (40, 36)}, teachers=1)
    issue(db, own, date(2026, 10, 9), "breakfast", 1000)
    issue(db, own, date(2026, 10, 9), "lunch", 2000)
    issue(db, own, date(2026, 10, 10), "lunch", 3000)
    issue(db, own, date(2026, 10, 16), "lunch", 2000)
    company.supply_mode = "company"
    contract(db, company, supplier, price="4.50")
    for day, grades, teachers, servings in ((date(2026, 10, 14), {7: (70, 70)}, 4, 74),
                                            (date(2026, 10, 20), {7: (75, 72)}, 5, 80)):
        count(db, company, day=day, grades=grades, teachers=teachers)
        db.commit()
        canteen.save_supplied_meal(db, school_id=company.id, day=day, meal="lunch",
                                   supplier_id=supplier.id, slip_no="PS-1",
                                   servings_by_band={"12-14": servings}, today=TODAY)
        db.commit()
    return own, company, empty


__all__ = ["OCT", "OIL", "build_october", "issue", "rates"]
