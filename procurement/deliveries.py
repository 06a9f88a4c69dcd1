"""Deliveries: validation, unit conversion, money to the fen, receipts, voiding."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from nutrition import services as nutrition
from nutrition.models import FoodRow
from suite import services as org
from suite.db import utcnow, write_lock_first
from suite.money import money
from suite.models import School, Township

from . import signals
from .errors import AlreadyVoid, ProcurementError
from .invoices import entered_before, invoice_key, invoice_text
from .models import UNITS, Delivery, DeliveryLine, ItemMapping, StockMove, Supplier
from .moves import available, closed_by_stocktake, lock_balances, settle

UNIT_GRAMS = {"kg": Decimal(1000), "jin": Decimal(500), "g": Decimal(1)}
CHILLED_GROUPS = ("meat_poultry", "fish_shrimp", "dairy")
# bounds that keep every amount inside Numeric(12, 2) and every weight inside Numeric(14, 1)
MAX_QUANTITY = Decimal(100_000)
MAX_PRICE = Decimal(10_000)
MAX_UNIT_WEIGHT = Decimal(100_000)
MAX_ID = 2**31 - 1
TEXT_LIMITS = {"invoice_no": 60, "checker": 60, "item": 60, "reject_reason": 200}


def _decimal(text, places: int) -> Decimal | None:
    try:
        value = Decimal(str(text).strip())
    except (InvalidOperation, ValueError):
        return None
    if not value.is_finite() or value.as_tuple().exponent < -places:
        return None
    return value


@dataclass
class LineIn:
    """One line as entered; strings from forms or numbers from JSON."""

    item: str
    quantity: object
    unit: str
    unit_price: object
    unit_weight_g: object = None
    accepted: bool = True
    reject_reason: str = ""
    temperature_c: object = None
    food_code: str = ""  # a food chosen for an item the table does not know by that name


def resolve_item(session: Session, text: str) -> FoodRow | None:
    """The food a ticket's item name stands for: a code, name or alias, or a learned mapping."""
    food, _candidates = nutrition.resolve_food(session, text)
    if food is None:
        mapping = session.scalar(select(ItemMapping).where(ItemMapping.item_name == text.strip()))
        if mapping is not None:
            food = session.get(FoodRow, mapping.food_id)
    return food


def _line_errors(session, k, line: LineIn, parsed: list) -> dict:
    errors, key = {}, f"lines[{k}]"
    food = nutrition.get_food(session, line.food_code) if line.food_code else \
        resolve_item(session, line.item or "")
    if food is None:
        errors[f"{key}.item"] = _("\"%(item)s\" is not in the food table: map it to a food "
                                  "first.", item=line.item or "")
    quantity = _decimal(line.quantity, 3)
    if quantity is None or not Decimal(0) < quantity <= MAX_QUANTITY:
        errors[f"{key}.quantity"] = _("The quantity must be a number above 0 (at most 3 "
                                      "decimals).")
    price = _decimal(line.unit_price, 2)
    if price is None or not Decimal(0) < price <= MAX_PRICE:
        errors[f"{key}.unit_price"] = _("The unit price must be an amount above 0 in yuan "
                                        "(at most 2 decimals).")
    unit_grams = UNIT_GRAMS.get(line.unit)
    if line.unit not in UNITS:
        errors[f"{key}.unit"] = _("Unknown unit: %(unit)s.", unit=line.unit)
    elif unit_grams is None:
        unit_grams = _decimal(line.unit_weight_g, 1)
        if unit_grams is None or not Decimal(0) < unit_grams <= MAX_UNIT_WEIGHT:
            errors[f"{key}.unit_weight_g"] = _("Give the weight of one piece or box in grams.")
    temperature = None
    if line.temperature_c not in (None, ""):
        temperature = _decimal(line.temperature_c, 1)
        if temperature is None or not Decimal(-40) <= temperature <= Decimal(60):
            errors[f"{key}.temperature_c"] = _("The temperature must be between -40 and 60 °C.")
    elif food is not None and food.food_group in CHILLED_GROUPS and line.accepted:
        errors[f"{key}.temperature_c"] = _("Record the temperature of chilled or frozen food.")
    for field in ("item", "reject_reason"):
        if len((getattr(line, field) or "").strip()) > TEXT_LIMITS[field]:
            errors[f"{key}.{field}"] = _("At most %(n)d characters.", n=TEXT_LIMITS[field])
    if not line.accepted and not (line.reject_reason or "").strip():
        errors[f"{key}.reject_reason"] = _("Give the reason the line was rejected.")
    if not errors:
        grams = (quantity * unit_grams).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        parsed.append((food, quantity, unit_grams, grams, price, money(quantity * price),
                       temperature))
    return errors


def create_delivery(session: Session, *, school: School, supplier_id, delivery_date,
                    invoice_no: str, checker: str, lines: list[LineIn], today: date,
                    user_id: int | None = None) -> Delivery:
    """A whole delivery or nothing: every problem is reported at once."""
    write_lock_first(session)  # read below, written after: racing saves one after the other
    errors: dict[str, str] = {}
    valid_id = isinstance(supplier_id, int) and not isinstance(supplier_id, bool) \
        and 0 < supplier_id <= MAX_ID
    supplier = session.get(Supplier, supplier_id) if valid_id else None
    if supplier is None or not supplier.active:
        errors["supplier_id"] = _("Choose a supplier.")
    elif isinstance(delivery_date, date) and supplier.licence_expiry < delivery_date:
        errors["supplier_id"] = _("The food business licence of %(name)s expired on %(day)s: "
                                  "the delivery cannot be accepted.", name=supplier.name,
                                  day=supplier.licence_expiry.isoformat())
    if not isinstance(delivery_date, date):
        errors["delivery_date"] = _("Enter the delivery date.")
    elif delivery_date > today:
        errors["delivery_date"] = _("The delivery date cannot be in the future.")
    else:
        county_id = session.scalar(select(Township.county_id).where(
            Township.id == school.township_id))
        if org.term_on(session, county_id, delivery_date) is None:
            errors["delivery_date"] = _("The date %(day)s is outside every term.",
                                        day=delivery_date.isoformat())
    if not invoice_text(invoice_no):  # blank, or only characters that print as nothing
        errors["invoice_no"] = _("Enter the invoice or ticket number.")
    if not (checker or "").strip():
        errors["checker"] = _("Enter who inspected the delivery.")
    for field, value in (("invoice_no", invoice_text(invoice_no)), ("checker", checker)):
        if len((value or "").strip()) > TEXT_LIMITS[field]:
            errors[field] = _("At most %(n)d characters.", n=TEXT_LIMITS[field])
    if supplier is not None and "invoice_no" not in errors:
        twice = entered_before(session, supplier, school.id, invoice_no)
        if twice:
            errors["invoice_no"] = twice
    if not lines:
        errors["lines"] = _("A delivery needs at least one line.")
    parsed: list = []
    for k, line in enumerate(lines):
        errors.update(_line_errors(session, k, line, parsed))
    if not errors:
        errors.update(_closed_days(session, school.id, delivery_date, parsed, lines))
    if errors:
        raise ProcurementError(errors)
    signals.before_save(session, school.id, delivery_date, "delivery")  # a closed month
    delivery = Delivery(school_id=school.id, supplier_id=supplier.id, delivery_date=delivery_date,
                        invoice_no=invoice_text(invoice_no), invoice_key=invoice_key(invoice_no),
                        checker=checker.strip(), created_by=user_id,
                        total=sum((p[5] for p in parsed), Decimal("0.00")),
                        accepted_total=sum((p[5] for p, ln in zip(parsed, lines) if ln.accepted),
                                           Decimal("0.00")))
    session.add(delivery)
    session.flush()
    locked = lock_balances(session, school.id, [p[0].id for p, ln in zip(parsed, lines)
                                                if ln.accepted])
    for no, ((food, quantity, unit_grams, grams, price, amount, temp), line) in enumerate(
            zip(parsed, lines), start=1):
        row = DeliveryLine(delivery_id=delivery.id, line_no=no, food_id=food.id,
                           item_name=(line.item or "").strip()[:60], quantity=quantity,
                           unit=line.unit, grams=grams, unit_price=price, amount=amount,
                           unit_weight_g=None if line.unit in UNIT_GRAMS else unit_grams,
                           accepted=line.accepted, temperature_c=temp,
                           reject_reason="" if line.accepted else line.reject_reason.strip())
        session.add(row)
        session.flush()
        if line.food_code and resolve_item(session, row.item_name) is None:
            map_item(session, row.item_name, food)  # next time the name alone is enough
        if line.accepted:  # rejected lines never enter stock
            session.add(StockMove(school_id=school.id, food_id=food.id, move_date=delivery_date,
                                  kind="receipt", grams=grams, value=amount,
                                  delivery_line_id=row.id, created_by=user_id))
    for balance in locked.values():  # later issues are valued again with these goods
        settle(session, balance, delivery_date)
    session.flush()
    signals.delivery_saved.send(
        session, delivery_id=delivery.id, school_id=school.id, supplier_id=supplier.id,
        delivered_on=delivery_date, total=delivery.total,
        accepted_total=delivery.accepted_total, line_count=len(parsed))
    return delivery


def _closed_days(session, school_id: int, day: date, parsed: list, lines: list) -> dict:
    errors = {}
    for k, (p, line) in enumerate(zip(parsed, lines)):
        closed = closed_by_stocktake(session, school_id, p[0], day) if line.accepted else None
        if closed:
            errors[f"lines[{k}].item"] = closed
    return errors


def map_item(session: Session, item_name: str, food: FoodRow) -> ItemMapping:
    """Remember that a ticket's item name means this food."""
    name = item_name.strip()[:60]
    mapping = session.scalar(select(ItemMapping).where(ItemMapping.item_name == name))
    if mapping is None:
        mapping = ItemMapping(item_name=name, food_id=food.id)
        session.add(mapping)
    mapping.food_id = food.id
    session.flush()
    return mapping


def void_delivery(session: Session, delivery: Delivery, reason: str,
                  user_id: int | None = None) -> None:
    """Void with a reason: reversing moves take its goods out of stock again, refused when
    they have been issued already (the issues would lose their cost). The void is one guarded
    change (`UPDATE … WHERE voided_at IS NULL`): of two voids at once, one wins and the other
    is told the delivery is already void. On SQLite call this at the start of a transaction."""
    if not (reason or "").strip():
        raise ProcurementError({"reason": _("Give the reason for voiding.")})
    voided_at = utcnow()
    won = session.execute(update(Delivery).where(
        Delivery.id == delivery.id, Delivery.voided_at.is_(None)).values(
        voided_at=voided_at, void_reason=reason.strip()[:200])
        .execution_options(synchronize_session=False)).rowcount
    if not won:
        raise AlreadyVoid({"reason": _("The delivery is already void.")})
    signals.before_save(session, delivery.school_id, delivery.delivery_date, "void")
    accepted = [line for line in delivery.lines if line.accepted]
    locked = _take_back(session, delivery, accepted, "reason", reason, user_id)
    # the same values through the object, so the audit log records the void
    delivery.void_reason, delivery.voided_at = reason.strip()[:200], voided_at
    for balance in locked.values():
        settle(session, balance, delivery.delivery_date)
    session.flush()
    signals.delivery_voided.send(
        session, delivery_id=delivery.id, school_id=delivery.school_id,
        delivered_on=delivery.delivery_date, reason=delivery.void_reason,
        accepted_total=delivery.accepted_total)


def issues_since(session: Session, delivery: Delivery) -> int:
    """How many issues to meals of the delivery's accepted foods, at its school, are dated on
    or after its day: a void (or a rejected line) values each of them again without it."""
    foods = {ln.food_id for ln in delivery.lines if ln.accepted}
    if not foods or delivery.voided_at is not None:
        return 0
    return session.scalar(select(func.count()).select_from(StockMove).where(
        StockMove.school_id == delivery.school_id, StockMove.food_id.in_(foods),
        StockMove.kind == "issue", StockMove.move_date >= delivery.delivery_date)) or 0


def take_back_problem(session: Session, delivery: Delivery, lines=None) -> str | None:
    """Why the goods of these lines (default: the delivery's accepted ones) cannot leave the
    stock again on the delivery's day, or None: a stocktake closed that day, or some of them
    were issued since. The delivery page asks before offering a void; the void asks again
    with the balances locked."""
    lines = [ln for ln in delivery.lines if ln.accepted] if lines is None else lines
    taken: dict[int, Decimal] = {}
    for line in lines:
        taken[line.food_id] = taken.get(line.food_id, Decimal(0)) + line.grams
        closed = closed_by_stocktake(session, delivery.school_id, session.get(
            FoodRow, line.food_id), delivery.delivery_date)
        if closed:
            return closed
        on_hand = available(session, delivery.school_id, line.food_id, delivery.delivery_date,
                            "void")
        if on_hand < taken[line.food_id]:
            return _("Only %(on_hand)s g of line %(line)d (%(item)s) is still in stock: the "
                     "rest was issued. Record a stocktake instead.", on_hand=on_hand,
                     line=line.line_no, item=line.item_name)
    return None


def _take_back(session: Session, delivery: Delivery, lines: list[DeliveryLine], field: str,
               note: str, user_id: int | None) -> dict:
    """Lock the foods' balances and add a reversing "void" move for each line, dated like the
    delivery; refused (before any move is added) when a stocktake closed that day or the goods
    were issued since. Returns the locked balances, to settle once the caller is done."""
    locked = lock_balances(session, delivery.school_id, [ln.food_id for ln in lines])
    problem = take_back_problem(session, delivery, lines)
    if problem:
        raise ProcurementError({field: problem})
    for line in lines:
        session.add(StockMove(school_id=delivery.school_id, food_id=line.food_id,
                              move_date=delivery.delivery_date, kind="void", grams=-line.grams,
                              value=-line.amount, delivery_line_id=line.id, created_by=user_id,
                              note=note.strip()[:200]))
    return locked


def reject_line(session: Session, line_id: int, *, reason: str,
                user_id: int | None = None) -> DeliveryLine:
    """Reject an accepted line after the fact (e.g. a failed pesticide-residue test): its goods
    leave stock again by a reversing move of its grams and value, and the delivery's accepted
    total drops by its amount. Refused, with nothing changed, when the line is unknown, already
    rejected or its delivery void, or when its food was issued since (stock would go below 0).
    Locks the food's balance before reading the line, so two rejections never both pass."""
    reason = (reason or "").strip()
    if not reason:
        raise ProcurementError({"reason": _("Give the reason the line was rejected.")})
    valid_id = isinstance(line_id, int) and not isinstance(line_id, bool) \
        and 0 < line_id <= MAX_ID
    line = session.get(DeliveryLine, line_id) if valid_id else None
    if line is None:
        raise ProcurementError({"line": _("Unknown delivery line.")})
    delivery = line.delivery
    lock_balances(session, delivery.school_id, [line.food_id])
    session.refresh(line)  # as it is now that the balance is locked
    session.refresh(delivery)
    signals.before_save(session, delivery.school_id, delivery.delivery_date, "reject")
    if delivery.voided_at is not None:
        raise ProcurementError({"line": _("The delivery is already void.")})
    if not line.accepted:
        raise ProcurementError({"line": _("Line %(line)d (%(item)s) is already rejected.",
                                          line=line.line_no, item=line.item_name)})
    locked = _take_back(session, delivery, [line], "line", reason, user_id)
    line.accepted, line.reject_reason = False, reason[:TEXT_LIMITS["reject_reason"]]
    delivery.accepted_total = delivery.accepted_total - line.amount
    for balance in locked.values():
        settle(session, balance, delivery.delivery_date)
    session.flush()
    return line
