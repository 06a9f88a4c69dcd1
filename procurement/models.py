"""Tables of the procurement plugin: suppliers, deliveries with inspection, the stock ledger,
stocktakes and learned item-name mappings."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, Numeric,
                        String, Text, UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from suite.db import Base, one_of, utcnow

UNITS = ("kg", "jin", "g", "piece", "box")
MOVE_KINDS = ("receipt", "issue", "adjust", "void")


class Supplier(Base):
    __tablename__ = "procurement_supplier"
    __audited__ = True
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    credit_code: Mapped[str] = mapped_column(String(18), unique=True)
    licence_no: Mapped[str] = mapped_column(String(40))
    licence_expiry: Mapped[date] = mapped_column(Date, index=True)
    contact: Mapped[str] = mapped_column(String(60), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    food_groups: Mapped[str] = mapped_column(String(300), default="",  # comma-separated
                                             info={"values": "nutrition.labels:GROUP_LABELS"})
    approved: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    notes: Mapped[str] = mapped_column(Text, default="")

    @property
    def group_list(self) -> list[str]:
        return [g for g in self.food_groups.split(",") if g]


class Delivery(Base):
    """入库单: one delivery to one school, with its lines and the acceptance inspection."""

    __tablename__ = "procurement_delivery"
    __audited__ = True
    __audit_exclude__ = ("invoice_key",)  # the number as compared: the log shows the number
    __table_args__ = (Index("ix_procurement_delivery_school_date", "school_id", "delivery_date"),
                      Index("ix_procurement_delivery_supplier_invoice", "supplier_id",
                            "invoice_key"))
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("suite_school.id"))
    supplier_id: Mapped[int] = mapped_column(ForeignKey("procurement_supplier.id"), index=True)
    delivery_date: Mapped[date] = mapped_column(Date)
    invoice_no: Mapped[str] = mapped_column(String(60))
    # the number as compared (procurement.invoices.invoice_key): entered once per supplier
    invoice_key: Mapped[str] = mapped_column(Text, default="", server_default="")
    checker: Mapped[str] = mapped_column(String(60))
    total: Mapped[Decimal] = mapped_column(Numeric(12, 2))  # sum of the line amounts
    accepted_total: Mapped[Decimal] = mapped_column(Numeric(12, 2))  # of accepted lines
    created_by: Mapped[int | None] = mapped_column(ForeignKey("suite_user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    voided_at: Mapped[datetime | None] = mapped_column()
    void_reason: Mapped[str] = mapped_column(String(200), default="")
    supplier: Mapped[Supplier] = relationship()
    lines: Mapped[list["DeliveryLine"]] = relationship(
        back_populates="delivery", order_by="DeliveryLine.line_no", cascade="all, delete-orphan")


class DeliveryLine(Base):
    __tablename__ = "procurement_delivery_line"
    __audited__ = True
    __table_args__ = (
        UniqueConstraint("delivery_id", "line_no"),
        CheckConstraint(one_of("unit", UNITS), name="unit"),
        CheckConstraint("quantity > 0", name="quantity"),
        CheckConstraint("unit_price > 0", name="unit_price"),
        CheckConstraint("grams > 0", name="grams"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("procurement_delivery.id"), index=True)
    line_no: Mapped[int] = mapped_column(Integer)
    food_id: Mapped[int] = mapped_column(ForeignKey("nutrition_food.id"), index=True)
    item_name: Mapped[str] = mapped_column(String(60))  # as written on the ticket
    quantity: Mapped[Decimal] = mapped_column(Numeric(12, 3))
    unit: Mapped[str] = mapped_column(String(5))
    unit_weight_g: Mapped[Decimal | None] = mapped_column(Numeric(10, 1))  # piece or box
    grams: Mapped[Decimal] = mapped_column(Numeric(14, 1))
    unit_price: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    accepted: Mapped[bool] = mapped_column(Boolean, default=True)
    reject_reason: Mapped[str] = mapped_column(String(200), default="")
    temperature_c: Mapped[Decimal | None] = mapped_column(Numeric(4, 1))
    delivery: Mapped[Delivery] = relationship(back_populates="lines")


class StockMove(Base):
    """The stock ledger: receipts (+), issues (−), stocktake adjustments (±), void reversals.
    Append-only; the balance of a school and food is the sum of its moves."""

    __tablename__ = "procurement_stock_move"
    __audited__ = True
    __table_args__ = (
        CheckConstraint(one_of("kind", MOVE_KINDS), name="kind"),
        Index("ix_procurement_stock_move_school_food_date", "school_id", "food_id", "move_date"),
        Index("ix_procurement_stock_move_school_date", "school_id", "move_date"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("suite_school.id"))
    food_id: Mapped[int] = mapped_column(ForeignKey("nutrition_food.id"))
    move_date: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(8))
    grams: Mapped[Decimal] = mapped_column(Numeric(14, 1))  # signed
    value: Mapped[Decimal] = mapped_column(Numeric(12, 2))  # signed, CNY
    meal: Mapped[str | None] = mapped_column(String(10))
    delivery_line_id: Mapped[int | None] = mapped_column(
        ForeignKey("procurement_delivery_line.id"), index=True)
    stocktake_id: Mapped[int | None] = mapped_column(ForeignKey("procurement_stocktake.id"))
    note: Mapped[str] = mapped_column(String(200), default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("suite_user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class StockBalance(Base):
    """The stock of one food at one school now: the sum of its moves, kept with every move.
    Whatever changes that food's moves at that school locks this row first, so two requests
    never both spend the same grams."""

    __tablename__ = "procurement_stock_balance"
    school_id: Mapped[int] = mapped_column(ForeignKey("suite_school.id"), primary_key=True)
    food_id: Mapped[int] = mapped_column(ForeignKey("nutrition_food.id"), primary_key=True)
    grams: Mapped[Decimal] = mapped_column(Numeric(14, 1), default=Decimal("0.0"))
    value: Mapped[Decimal] = mapped_column(Numeric(12, 2), default=Decimal("0.00"))


class Stocktake(Base):
    """盘点: counted quantities against the ledger; variances become adjustments."""

    __tablename__ = "procurement_stocktake"
    __audited__ = True
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("suite_school.id"), index=True)
    take_date: Mapped[date] = mapped_column(Date)
    counted_by: Mapped[str] = mapped_column(String(60))
    note: Mapped[str] = mapped_column(String(200), default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("suite_user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    lines: Mapped[list["StocktakeLine"]] = relationship(cascade="all, delete-orphan")


class StocktakeLine(Base):
    __tablename__ = "procurement_stocktake_line"
    __audited__ = True
    id: Mapped[int] = mapped_column(primary_key=True)
    stocktake_id: Mapped[int] = mapped_column(ForeignKey("procurement_stocktake.id"), index=True)
    food_id: Mapped[int] = mapped_column(ForeignKey("nutrition_food.id"))
    book_grams: Mapped[Decimal] = mapped_column(Numeric(14, 1))
    counted_grams: Mapped[Decimal] = mapped_column(Numeric(14, 1))
    variance_grams: Mapped[Decimal] = mapped_column(Numeric(14, 1))
    variance_value: Mapped[Decimal] = mapped_column(Numeric(12, 2))


class ItemMapping(Base):
    """A name written on tickets (e.g. 土豆（黄心）) mapped once to a food of the table."""

    __tablename__ = "procurement_item_mapping"
    __audited__ = True
    id: Mapped[int] = mapped_column(primary_key=True)
    item_name: Mapped[str] = mapped_column(String(60), unique=True)
    food_id: Mapped[int] = mapped_column(ForeignKey("nutrition_food.id"))
