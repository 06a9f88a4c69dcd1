"""Company- and family-supplied schools (supply mode `company` / `family`): no stock, the
supplier delivers servings at a contract price per serving (per period, per age band).
A contract without an age band covers every band that has no contract of its own."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from procurement.models import Supplier
from suite.cells import ascii_digits
from suite.models import School
from suite.money import CENT, money, parse_money
from suite.vocabulary import AGE_BANDS, MEALS

from .errors import CanteenError
from .locks import one_record, write_lock_first
from .models import SuppliedLine, SuppliedMeal, SupplyContract
from .signals import before_save

MAX_SERVINGS = 5000


def _school_errors(session: Session, school_id) -> dict:
    school = session.get(School, school_id) if isinstance(school_id, int) else None
    if school is None:
        return {"school_id": _("Unknown school.")}
    if school.supply_mode == "canteen":
        return {"school_id": _("This school runs its own canteen: its meals are costed from "
                               "the food issued, not from a catering contract.")}
    return {}


def _overlapping(session: Session, school_id, meal, band, start, end, own_id=None):
    stmt = select(SupplyContract).where(
        SupplyContract.school_id == school_id, SupplyContract.meal == meal,
        or_(SupplyContract.end_date.is_(None), SupplyContract.end_date >= start))
    if end is not None:
        stmt = stmt.where(SupplyContract.start_date <= end)
    if band is not None:
        stmt = stmt.where(or_(SupplyContract.age_band == band, SupplyContract.age_band.is_(None)))
    if own_id is not None:
        stmt = stmt.where(SupplyContract.id != own_id)
    return session.scalars(stmt.order_by(SupplyContract.start_date)).first()


def save_contract(session: Session, *, school_id: int, supplier_id: int, meal: str,
                  age_band: str | None, start_date: date, end_date: date | None,
                  price_per_serving, contract_no: str = "") -> SupplyContract:
    """A new catering contract (the view checks the canteen.contracts permission). Refused:
    an overlap with a contract of the same school, meal and band (a contract for every band
    overlaps them all), a price that is not an amount above 0, an end before the start."""
    errors = _school_errors(session, school_id)
    if session.get(Supplier, supplier_id) is None if isinstance(supplier_id, int) else True:
        errors["supplier_id"] = _("Choose the supplier.")
    if meal not in MEALS:
        errors["meal"] = _("Choose the meal.")
    if age_band is not None and age_band not in AGE_BANDS:
        errors["age_band"] = _("Choose the age band.")
    if not isinstance(start_date, date):
        errors["start_date"] = _("Enter the date.")
    elif end_date is not None and end_date < start_date:
        errors["end_date"] = _("The end date is before the start date.")
    price = parse_money(price_per_serving)
    if price is None or price <= 0:
        errors["price_per_serving"] = _("Enter the price per serving, an amount above 0.")
    elif price != price.quantize(CENT) or price >= Decimal("10000"):
        errors["price_per_serving"] = _("Enter the price per serving in yuan to the fen.")
    if not errors:
        other = _overlapping(session, school_id, meal, age_band, start_date, end_date)
        if other is not None:
            errors["start_date"] = _(
                "A contract for this meal and age band is already in force from %(start)s "
                "(contract %(number)s).", start=other.start_date.isoformat(),
                number=other.contract_no or "-")
    if errors:
        raise CanteenError(errors)
    contract = SupplyContract(school_id=school_id, supplier_id=supplier_id, meal=meal,
                              age_band=age_band, start_date=start_date, end_date=end_date,
                              price_per_serving=money(price),
                              contract_no=(contract_no or "").strip()[:60])
    session.add(contract)
    session.flush()
    return contract


def contract_on(session: Session, school_id: int, supplier_id: int, meal: str, band: str,
                day: date) -> SupplyContract | None:
    """The supplier's contract price in force that day for the band (its own, else the
    contract for every band)."""
    rows = session.scalars(select(SupplyContract).where(
        SupplyContract.school_id == school_id, SupplyContract.supplier_id == supplier_id,
        SupplyContract.meal == meal, SupplyContract.start_date <= day,
        or_(SupplyContract.end_date.is_(None), SupplyContract.end_date >= day),
        or_(SupplyContract.age_band == band, SupplyContract.age_band.is_(None)))).all()
    return sorted(rows, key=lambda c: c.age_band is None)[0] if rows else None


def _servings(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and ascii_digits(value.strip()):
        value = int(value.strip())
    return value if isinstance(value, int) and 0 <= value <= MAX_SERVINGS else None


def save_supplied_meal(session: Session, *, school_id: int, day: date, meal: str,
                       supplier_id: int, slip_no: str, servings_by_band: dict, user_id=None,
                       today: date) -> SuppliedMeal:
    """Record (or correct) the servings delivered for a meal, each band at the contract price
    in force that day; cost = Σ servings × price, exact to the fen."""
    write_lock_first(session)
    errors = _school_errors(session, school_id)
    if not isinstance(day, date):
        errors["day"] = _("Enter the date.")
    elif day > today:
        errors["day"] = _("Servings cannot be recorded for a future day.")
    if meal not in MEALS:
        errors["meal"] = _("Choose the meal.")
    if session.get(Supplier, supplier_id) is None if isinstance(supplier_id, int) else True:
        errors["supplier_id"] = _("Choose the supplier.")
    lines = []
    for band, raw in servings_by_band.items():
        n = _servings(raw)
        if band not in AGE_BANDS:
            errors[f"servings[{band}]"] = _("Unknown age band.")
        elif n is None:
            errors[f"servings[{band}]"] = _("Servings are whole numbers from 0 to %(most)s.",
                                            most=MAX_SERVINGS)
        elif n and not errors:
            contract = contract_on(session, school_id, supplier_id, meal, band, day)
            if contract is None:
                errors[f"servings[{band}]"] = _(
                    "No contract with this supplier gives a price for age band %(band)s on "
                    "%(day)s: count these servings in a band that has one (teachers' servings "
                    "are put in the oldest band), or ask the education bureau to add a price "
                    "for this band.", band=band, day=day.isoformat())
            else:
                lines.append((band, n, contract))
    if not errors and not lines:
        errors["servings"] = _("Enter the servings delivered.")
    if errors:
        raise CanteenError(errors)
    before_save(session, school_id, day, "supplied")  # a closed month refuses here
    supplied = session.scalar(select(SuppliedMeal).where(
        SuppliedMeal.school_id == school_id, SuppliedMeal.day == day, SuppliedMeal.meal == meal))
    with one_record(session):
        if supplied is None:
            supplied = SuppliedMeal(school_id=school_id, day=day, meal=meal, created_by=user_id)
            session.add(supplied)
        supplied.supplier_id, supplied.slip_no = supplier_id, (slip_no or "").strip()[:60]
        old = {line.age_band: line for line in supplied.lines}
        for band, n, contract in lines:  # lines of a band kept in place: (meal, band) is unique
            line = old.pop(band, None) or SuppliedLine(age_band=band)
            line.servings, line.price_per_serving = n, contract.price_per_serving
            line.contract_id = contract.id
            if line not in supplied.lines:
                supplied.lines.append(line)
        for line in old.values():
            supplied.lines.remove(line)
        supplied.servings = sum(n for _b, n, _c in lines)
        supplied.cost = money(sum((n * c.price_per_serving for _b, n, c in lines), Decimal(0)))
    return supplied


def supply_flags(supplied: SuppliedMeal | None, counted: int | None) -> list[str]:
    """Codes of what is wrong with a supplied meal: "servings" (none recorded, or fewer than
    the students and teachers counted), "slip" (no delivery slip number)."""
    flags = []
    if supplied is None or (counted is not None and counted > supplied.servings):
        flags.append("servings")
    if supplied is not None and not supplied.slip_no:
        flags.append("slip")
    return flags
