"""The checks of a school's month that read money: spend per student-day against the rate and
the year's surplus (from the ledger), deliveries from suppliers whose licence had expired, and
prices far above the county median of the month."""
from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from statistics import median

from sqlalchemy import select
from sqlalchemy.orm import Session

from procurement.models import Delivery, DeliveryLine, Supplier
from procurement.services import LINE_PAID, per_kg
from suite.cells import N_
from suite.models import School, Township
from suite.money import money

from .flag_counts import flag

HUNDRED = Decimal(100)


def share(value) -> Decimal:
    return Decimal(str(value))


def percent(value) -> str:
    return f"{(share(value) * HUNDRED).normalize():f}"


def _month_link(school_id: int, year: int, month: int):
    return "canteen.days", {"school_id": school_id, "month": f"{year:04d}-{month:02d}"}


def spend_flags(ledger: dict, school_id: int, year: int, month: int, settings: dict) -> list:
    """Spend per student-day below SUBSIDY_SPEND_LOW or above SUBSIDY_SPEND_HIGH of the month's
    rate (the entitlement per student-day: a rate change inside the month weighs each day)."""
    spend, days = ledger.get("spend_per_student_day"), ledger.get("student_days") or 0
    if spend is None or not days:
        return []
    rate = money(Decimal(ledger["entitlement"]) / days)
    low = money(rate * share(settings["SUBSIDY_SPEND_LOW"]))
    high = money(rate * share(settings["SUBSIDY_SPEND_HIGH"]))
    figures = {"spend_per_student_day": spend, "rate": rate, "student_days": days,
               "student_spend": ledger["student_spend"], "entitlement": ledger["entitlement"]}
    link = _month_link(school_id, year, month)
    if spend < low:
        return [flag("spend_low", "", N_(
            "Food for students cost %(spend)s yuan per student-day, below %(share)s%% of the "
            "rate of %(rate)s yuan (%(limit)s yuan): %(student_spend)s yuan spent for "
            "%(days)s student-days entitled to %(entitlement)s yuan."),
            {"spend": spend, "share": percent(settings["SUBSIDY_SPEND_LOW"]), "rate": rate,
             "limit": low, "student_spend": ledger["student_spend"], "days": days,
             "entitlement": ledger["entitlement"]}, {**figures, "limit": low}, link)]
    if spend > high:
        return [flag("spend_high", "", N_(
            "Food for students cost %(spend)s yuan per student-day, above %(share)s%% of the "
            "rate of %(rate)s yuan (%(limit)s yuan): other money may be mixed in, or prices "
            "inflated."),
            {"spend": spend, "share": percent(settings["SUBSIDY_SPEND_HIGH"]), "rate": rate,
             "limit": high}, {**figures, "limit": high}, link)]
    return []


def surplus_flags(ledger: dict, year_entitlement, school_id: int, year: int, month: int,
                  settings: dict) -> list:
    """The year's running balance above SUBSIDY_SURPLUS_SHARE of the year's entitlement."""
    balance = ledger.get("year_balance")
    if balance is None or balance <= 0 or not year_entitlement:
        return []
    limit = money(Decimal(year_entitlement) * share(settings["SUBSIDY_SURPLUS_SHARE"]))
    if balance <= limit:
        return []
    return [flag("surplus_high", "", N_(
        "The year's surplus to the end of the month is %(balance)s yuan, more than %(share)s%% "
        "of the year's entitlement of %(entitlement)s yuan (%(limit)s yuan)."),
        {"balance": balance, "share": percent(settings["SUBSIDY_SURPLUS_SHARE"]),
         "entitlement": year_entitlement, "limit": limit},
        {"year_balance": balance, "year_entitlement": year_entitlement, "limit": limit},
        _month_link(school_id, year, month))]


def licence_flags(session: Session, school_ids, first: date, last: date) -> dict[int, list]:
    """school id -> the flags of its deliveries of the month (not voided) from a supplier
    whose licence had expired on the delivery date; one query for every school."""
    out: dict[int, list] = {sid: [] for sid in school_ids}
    rows = session.execute(
        select(Delivery.school_id, Delivery.id, Delivery.delivery_date, Delivery.invoice_no,
               Supplier.name, Supplier.licence_no, Supplier.licence_expiry)
        .join(Supplier, Supplier.id == Delivery.supplier_id)
        .where(Delivery.school_id.in_(list(out)), Delivery.voided_at.is_(None),
               Delivery.delivery_date.between(first, last),
               Supplier.licence_expiry < Delivery.delivery_date)
        .order_by(Delivery.delivery_date, Delivery.id)).all()
    for sid, d_id, day, invoice, name, licence, expiry in rows:
        out[sid].append(flag("expired_licence", str(d_id), N_(
            "Delivery %(invoice)s of %(day)s came from %(supplier)s, whose food business "
            "licence %(licence)s had expired on %(expiry)s."),
            {"invoice": invoice, "day": day.isoformat(), "supplier": name, "licence": licence,
             "expiry": expiry.isoformat()},
            {"delivery_id": d_id, "day": day.isoformat(), "supplier": name,
             "licence_no": licence, "licence_expiry": expiry.isoformat()},
            ("procurement.delivery_detail", {"delivery_id": d_id})))
    return out


def price_flags(session: Session, county_of: dict[int, int], first: date, last: date,
                settings: dict) -> dict[int, list]:
    """school id -> its accepted delivery lines of the month priced per kg more than
    SUBSIDY_PRICE_ABOVE_MEDIAN above the median of that food over its county's accepted lines
    of the month (voided deliveries left out); `county_of`: school id -> county id. One query
    per county, the medians in Python."""
    out: dict[int, list] = {sid: [] for sid in county_of}
    above = share(settings["SUBSIDY_PRICE_ABOVE_MEDIAN"])
    for county_id in sorted(set(county_of.values())):
        rows = session.execute(
            select(Delivery.school_id, Delivery.id, Delivery.delivery_date, Delivery.invoice_no,
                   DeliveryLine.food_id, DeliveryLine.item_name, LINE_PAID, DeliveryLine.grams)
            .join(Delivery, Delivery.id == DeliveryLine.delivery_id)
            .join(School, School.id == Delivery.school_id)
            .join(Township, Township.id == School.township_id)
            .where(Township.county_id == county_id, DeliveryLine.accepted.is_(True),
                   Delivery.voided_at.is_(None), Delivery.delivery_date.between(first, last))
            .order_by(Delivery.delivery_date, Delivery.id, DeliveryLine.line_no)).all()
        prices: dict[int, list] = defaultdict(list)
        own = []
        for sid, d_id, day, invoice, food_id, item, paid, grams in rows:
            price = per_kg(paid, grams)
            prices[food_id].append(price)
            if sid in out:
                own.append((sid, d_id, day, invoice, food_id, item, price))
        medians = {food_id: money(Decimal(median(p))) for food_id, p in prices.items()}
        for sid, d_id, day, invoice, food_id, item, price in own:
            mid = medians[food_id]
            limit = money(mid * (1 + above))
            if price <= limit:
                continue
            out[sid].append(flag("price_above_median", f"{d_id}|{food_id}", N_(
                "Delivery %(invoice)s of %(day)s: %(item)s at %(price)s yuan per kg, more than "
                "%(share)s%% above the county median of %(median)s yuan per kg this month."),
                {"invoice": invoice, "day": day.isoformat(), "item": item, "price": price,
                 "share": percent(above), "median": mid},
                {"delivery_id": d_id, "food_id": food_id, "item": item, "price_per_kg": price,
                 "median_per_kg": mid, "limit": limit, "lines": len(prices[food_id])},
                ("procurement.delivery_detail", {"delivery_id": d_id})))
    return out
