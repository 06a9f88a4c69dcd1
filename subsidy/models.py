"""Tables of the subsidy plugin (prefix `subsidy_`): the month close of a school with the
ledger as it was closed, the bureau's explanations of anomaly flags, and inspections with
their team, findings and the school's rectification."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (JSON, BigInteger, CheckConstraint, Date, ForeignKey, Index, Integer,
                        String, Text, UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from suite.db import Base, one_of, utcnow

CLOSE_STATUSES = ("open", "submitted", "closed")
INSPECTION_KINDS = ("special", "spot", "self", "cross")  # 专项检查 / 抽查 / 自查 / 交叉互查
INSPECTION_SCOPES = ("aid", "archives", "canteen_accounts", "food_safety")
INSPECTION_STATUSES = ("open", "rectified", "closed")


class MonthClose(Base):
    """月结 of one school's month: submitted by the canteen manager, closed by the bureau. A
    closed month's canteen records and deliveries are read-only; `snapshot` is the ledger as
    it was closed (plain JSON: money as strings), so a later change shows as a difference."""

    __tablename__ = "subsidy_month_close"
    __audited__ = True
    __table_args__ = (
        UniqueConstraint("school_id", "year", "month"),
        CheckConstraint(one_of("status", CLOSE_STATUSES), name="status"),
        CheckConstraint("month BETWEEN 1 AND 12", name="month"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("suite_school.id"))
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10), default="open")
    submitted_by: Mapped[int | None] = mapped_column(ForeignKey("suite_user.id"))
    submitted_at: Mapped[datetime | None] = mapped_column()
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("suite_user.id"))
    closed_at: Mapped[datetime | None] = mapped_column()
    reopen_reason: Mapped[str] = mapped_column(String(200), default="")
    snapshot: Mapped[dict | None] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class DayCost(Base):
    """What the ledger reads of one school's day, kept up to date whenever the stock moves,
    meal counts or supplied servings of that day are written (subsidy/day_costs.py), so a
    county's month reads one row per school and day instead of every issue line. Money in
    whole fen; a day whose records were all taken back keeps a row of zeros."""

    __tablename__ = "subsidy_day_cost"
    school_id: Mapped[int] = mapped_column(ForeignKey("suite_school.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    plan_students: Mapped[int] = mapped_column(Integer, default=0)  # largest of the meals'
    meals: Mapped[int] = mapped_column(Integer, default=0)  # meal counts recorded
    issued_fen: Mapped[int] = mapped_column(BigInteger, default=0)  # food issued to meals
    supplied_fen: Mapped[int] = mapped_column(BigInteger, default=0)  # supplied servings
    teacher_fen: Mapped[int] = mapped_column(BigInteger, default=0)  # teachers' share
    # the share of pupils outside the nutrition plan (they pay for their own meals)
    outside_fen: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    net_fen: Mapped[int] = mapped_column(BigInteger, default=0)  # every stock move's value
    adjust_fen: Mapped[int] = mapped_column(BigInteger, default=0)  # stocktake adjustments


class FlagNote(Base):
    """The bureau's explanation of one anomaly flag of a school's month (the flag stays
    visible, marked explained). `record_key` names the day, meal, food or delivery the flag
    is about ("" for a flag of the whole month)."""

    __tablename__ = "subsidy_flag_note"
    __audited__ = True
    __table_args__ = (UniqueConstraint("school_id", "year", "month", "code", "record_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("suite_school.id"))
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(40), info={"values": "subsidy.flags:FLAG_LABELS"})
    record_key: Mapped[str] = mapped_column(String(80), default="")
    note: Mapped[str] = mapped_column(Text)
    explained_by: Mapped[int | None] = mapped_column(ForeignKey("suite_user.id"))
    explained_at: Mapped[datetime] = mapped_column(default=utcnow)


class Inspection(Base):
    """An inspection of a school by a bureau team (or a school's self-check)."""

    __tablename__ = "subsidy_inspection"
    __audited__ = True
    __table_args__ = (
        CheckConstraint(one_of("kind", INSPECTION_KINDS), name="kind"),
        CheckConstraint(one_of("status", INSPECTION_STATUSES), name="status"),
        Index("ix_subsidy_inspection_school_day", "school_id", "day"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("suite_school.id"))
    kind: Mapped[str] = mapped_column(String(10))
    day: Mapped[date] = mapped_column(Date)
    scopes: Mapped[str] = mapped_column(String(80),  # comma-separated INSPECTION_SCOPES
                                        info={"values": "subsidy.forms:SCOPE_LABELS"})
    findings: Mapped[str] = mapped_column(Text, default="")
    due_date: Mapped[date | None] = mapped_column(Date)  # rectification due
    status: Mapped[str] = mapped_column(String(10), default="open")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("suite_user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("suite_user.id"))
    closed_at: Mapped[datetime | None] = mapped_column()

    members: Mapped[list[InspectionMember]] = relationship(cascade="all, delete-orphan")
    rectifications: Mapped[list[Rectification]] = relationship(
        cascade="all, delete-orphan", order_by="Rectification.recorded_at")


class InspectionMember(Base):
    """A member of the inspection team, who confirms the record under their own login."""

    __tablename__ = "subsidy_inspection_member"
    __audited__ = True
    __table_args__ = (UniqueConstraint("inspection_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("subsidy_inspection.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("suite_user.id"))
    confirmed_at: Mapped[datetime | None] = mapped_column()


class Rectification(Base):
    """What the school did about the findings, with an uploaded evidence file (kept in the
    instance folder under its SHA-256, never served from a user-given name)."""

    __tablename__ = "subsidy_rectification"
    __audited__ = True
    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("subsidy_inspection.id"), index=True)
    note: Mapped[str] = mapped_column(Text)
    filename: Mapped[str] = mapped_column(String(200), default="")
    sha256: Mapped[str] = mapped_column(String(64), default="")
    size: Mapped[int] = mapped_column(Integer, default=0)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("suite_user.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
