"""Tables of the canteen plugin (prefix `canteen_`): each meal's head count with the dishes
served, company-supplied servings, and the food-safety logs (samples, accompanying meals,
morning checks of staff, pesticide-residue tests, tableware disinfection).

Food issued to a meal is not kept here: it is procurement's stock ledger (`StockMove` of kind
"issue" with the school, date and meal), written through `procurement.services.issue_stock`."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import (Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, Numeric,
                        String, Text, UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from suite.db import Base, one_of, utcnow
from suite.vocabulary import AGE_BANDS, MEALS

RATINGS = ("excellent", "good", "fair", "poor")  # 优 / 良 / 中 / 差
RESIDUE_RESULTS = ("pass", "fail")
DISINFECTION_METHODS = ("steam", "boiling", "cabinet", "chemical")


class MealCount(Base):
    """Who ate one meal at one school on one day: students (by grade, below), of whom
    nutrition-plan students, and teachers and staff (who pay for themselves). One row per
    school, day and meal; `version` refuses a save made on an older copy."""

    __tablename__ = "canteen_meal_count"
    __audited__ = True
    __table_args__ = (
        UniqueConstraint("school_id", "day", "meal"),
        CheckConstraint(one_of("meal", MEALS), name="meal"),
        CheckConstraint("students >= 0 AND plan_students >= 0 AND teachers >= 0 "
                        "AND plan_students <= students", name="counts"),
        Index("ix_canteen_meal_count_day", "day"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("suite_school.id"))
    day: Mapped[date] = mapped_column(Date)
    meal: Mapped[str] = mapped_column(String(10))
    students: Mapped[int] = mapped_column(Integer, default=0)       # sum of the grade rows
    plan_students: Mapped[int] = mapped_column(Integer, default=0)  # sum of the grade rows
    teachers: Mapped[int] = mapped_column(Integer, default=0)       # teachers and staff
    menu_id: Mapped[int | None] = mapped_column(ForeignKey("menus_week.id"))  # menu followed
    menu_changed: Mapped[bool] = mapped_column(Boolean, default=False)  # dishes differ
    menu_revised: Mapped[bool] = mapped_column(Boolean, default=False)  # newer menu since
    change_note: Mapped[str] = mapped_column(String(200), default="")
    make_up_reason: Mapped[str] = mapped_column(String(200), default="")  # not a school day
    repeat_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("suite_user.id"))
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("suite_user.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    grades: Mapped[list[GradeCount]] = relationship(
        back_populates="meal_count", cascade="all, delete-orphan", order_by="GradeCount.grade")
    dishes: Mapped[list[ServedDish]] = relationship(
        back_populates="meal_count", cascade="all, delete-orphan",
        order_by="ServedDish.position")

    __mapper_args__ = {"version_id_col": version}


class GradeCount(Base):
    """Students of one grade served at one meal, and the plan students among them."""

    __tablename__ = "canteen_grade_count"
    __audited__ = True
    __table_args__ = (
        UniqueConstraint("meal_count_id", "grade"),
        CheckConstraint("grade BETWEEN 1 AND 9", name="grade"),
        CheckConstraint("students >= 0 AND plan_students >= 0 AND plan_students <= students",
                        name="counts"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    meal_count_id: Mapped[int] = mapped_column(ForeignKey("canteen_meal_count.id"))
    grade: Mapped[int] = mapped_column(Integer)
    students: Mapped[int] = mapped_column(Integer)
    plan_students: Mapped[int] = mapped_column(Integer)

    meal_count: Mapped[MealCount] = relationship(back_populates="grades")


class ServedDish(Base):
    """A dish actually served at a meal (the published menu's by default)."""

    __tablename__ = "canteen_served_dish"
    __audited__ = True
    __table_args__ = (UniqueConstraint("meal_count_id", "dish_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    meal_count_id: Mapped[int] = mapped_column(ForeignKey("canteen_meal_count.id"))
    dish_id: Mapped[int] = mapped_column(ForeignKey("menus_dish.id"))
    position: Mapped[int] = mapped_column(Integer, default=0)

    meal_count: Mapped[MealCount] = relationship(back_populates="dishes")


class SupplyContract(Base):
    """A catering company's (or host family's) price per serving for a school, a meal and an
    age band (None: every band), from a date to a date (None: open)."""

    __tablename__ = "canteen_supply_contract"
    __audited__ = True
    __table_args__ = (
        CheckConstraint(one_of("meal", MEALS), name="meal"),
        CheckConstraint("price_per_serving > 0", name="price"),
        Index("ix_canteen_supply_contract_school", "school_id", "start_date"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("suite_school.id"))
    supplier_id: Mapped[int] = mapped_column(ForeignKey("procurement_supplier.id"))
    meal: Mapped[str] = mapped_column(String(10))
    age_band: Mapped[str | None] = mapped_column(String(5))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    price_per_serving: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    contract_no: Mapped[str] = mapped_column(String(60), default="")


class SuppliedMeal(Base):
    """Servings a supplier delivered for one meal, with the slip that came with them."""

    __tablename__ = "canteen_supplied_meal"
    __audited__ = True
    __table_args__ = (
        UniqueConstraint("school_id", "day", "meal"),
        CheckConstraint(one_of("meal", MEALS), name="meal"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("suite_school.id"))
    day: Mapped[date] = mapped_column(Date)
    meal: Mapped[str] = mapped_column(String(10))
    supplier_id: Mapped[int] = mapped_column(ForeignKey("procurement_supplier.id"))
    slip_no: Mapped[str] = mapped_column(String(60), default="")  # empty: no slip, flagged
    servings: Mapped[int] = mapped_column(Integer)
    cost: Mapped[Decimal] = mapped_column(Numeric(12, 2))  # Σ band servings × contract price
    created_by: Mapped[int | None] = mapped_column(ForeignKey("suite_user.id"))

    lines: Mapped[list[SuppliedLine]] = relationship(cascade="all, delete-orphan",
                                                     order_by="SuppliedLine.age_band")


class SuppliedLine(Base):
    """Servings of one age band in a supplied meal, at the contract price of that day."""

    __tablename__ = "canteen_supplied_line"
    __audited__ = True
    __table_args__ = (
        UniqueConstraint("supplied_meal_id", "age_band"),
        CheckConstraint(one_of("age_band", AGE_BANDS), name="age_band"),
        CheckConstraint("servings >= 0", name="servings"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    supplied_meal_id: Mapped[int] = mapped_column(ForeignKey("canteen_supplied_meal.id"))
    age_band: Mapped[str] = mapped_column(String(5))
    servings: Mapped[int] = mapped_column(Integer)
    price_per_serving: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    contract_id: Mapped[int] = mapped_column(ForeignKey("canteen_supply_contract.id"))


class Sample(Base):
    """A retained sample (留样) of one dish of one meal, kept at least 48 h."""

    __tablename__ = "canteen_sample"
    __audited__ = True
    __table_args__ = (
        CheckConstraint(one_of("meal", MEALS), name="meal"),
        CheckConstraint("grams > 0", name="grams"),
        Index("ix_canteen_sample_school_day", "school_id", "day"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("suite_school.id"))
    day: Mapped[date] = mapped_column(Date)
    meal: Mapped[str] = mapped_column(String(10))
    dish_id: Mapped[int | None] = mapped_column(ForeignKey("menus_dish.id"))
    dish_name: Mapped[str] = mapped_column(String(60))
    grams: Mapped[Decimal] = mapped_column(Numeric(7, 1))
    taken_at: Mapped[datetime] = mapped_column()
    taken_by: Mapped[str] = mapped_column(String(40))
    disposed_at: Mapped[datetime | None] = mapped_column()
    disposed_by: Mapped[str] = mapped_column(String(40), default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("suite_user.id"))


class AccompaniedMeal(Base):
    """The accompanying-meal log (陪餐): a school leader and teachers who ate with the pupils
    (and paid for themselves), their ratings and any adverse reaction."""

    __tablename__ = "canteen_accompanied_meal"
    __audited__ = True
    __table_args__ = (
        UniqueConstraint("school_id", "day", "meal"),
        CheckConstraint(one_of("meal", MEALS), name="meal"),
        *(CheckConstraint(one_of(c, RATINGS), name=c)
          for c in ("quality", "hygiene", "dining_order", "service")),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("suite_school.id"))
    day: Mapped[date] = mapped_column(Date)
    meal: Mapped[str] = mapped_column(String(10))
    leader: Mapped[str] = mapped_column(String(40))
    companions: Mapped[str] = mapped_column(String(200), default="")
    quality: Mapped[str] = mapped_column(String(10))
    hygiene: Mapped[str] = mapped_column(String(10))
    dining_order: Mapped[str] = mapped_column(String(10))
    service: Mapped[str] = mapped_column(String(10))
    reactions: Mapped[str] = mapped_column(Text, default="")  # adverse reactions, if any
    created_by: Mapped[int | None] = mapped_column(ForeignKey("suite_user.id"))


class Worker(Base):
    """A member of the canteen staff, checked every morning."""

    __tablename__ = "canteen_worker"
    __audited__ = True
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("suite_school.id"), index=True)
    name: Mapped[str] = mapped_column(String(40))
    health_certificate_expiry: Mapped[date | None] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class HealthCheck(Base):
    """The morning health check (晨检) of one worker on one day."""

    __tablename__ = "canteen_health_check"
    __audited__ = True
    __table_args__ = (
        UniqueConstraint("worker_id", "day"),
        Index("ix_canteen_health_check_school_day", "school_id", "day"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("suite_school.id"))
    worker_id: Mapped[int] = mapped_column(ForeignKey("canteen_worker.id"))
    day: Mapped[date] = mapped_column(Date)
    present: Mapped[bool] = mapped_column(Boolean, default=True)
    temperature_c: Mapped[Decimal | None] = mapped_column(Numeric(3, 1))
    hands_ok: Mapped[bool] = mapped_column(Boolean, default=True)  # no wounds, clean
    symptoms: Mapped[str] = mapped_column(String(200), default="")
    fit: Mapped[bool] = mapped_column(Boolean, default=True)  # False: sent home
    checked_by: Mapped[str] = mapped_column(String(40), info={"label": _l("Health check by")})


class ResidueTest(Base):
    """A rapid pesticide-residue test (农残快检) of a vegetable from a delivery line."""

    __tablename__ = "canteen_residue_test"
    __audited__ = True
    __table_args__ = (
        CheckConstraint(one_of("result", RESIDUE_RESULTS), name="result"),
        Index("ix_canteen_residue_test_school_day", "school_id", "day"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("suite_school.id"))
    day: Mapped[date] = mapped_column(Date)
    delivery_line_id: Mapped[int] = mapped_column(
        ForeignKey("procurement_delivery_line.id"), index=True)
    sample: Mapped[str] = mapped_column(String(60))
    inhibition_rate: Mapped[Decimal] = mapped_column(Numeric(5, 1))  # percent
    result: Mapped[str] = mapped_column(String(4))
    tested_by: Mapped[str] = mapped_column(String(40))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("suite_user.id"))


class Disinfection(Base):
    """Tableware disinfection (餐具消毒) after a meal."""

    __tablename__ = "canteen_disinfection"
    __audited__ = True
    __table_args__ = (
        CheckConstraint(one_of("method", DISINFECTION_METHODS), name="method"),
        CheckConstraint(one_of("meal", MEALS), name="meal"),
        CheckConstraint("minutes > 0", name="minutes"),
        Index("ix_canteen_disinfection_school_day", "school_id", "day"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("suite_school.id"))
    day: Mapped[date] = mapped_column(Date)
    meal: Mapped[str] = mapped_column(String(10))
    method: Mapped[str] = mapped_column(String(10))
    started_at: Mapped[datetime] = mapped_column()
    minutes: Mapped[int] = mapped_column(Integer)
    person: Mapped[str] = mapped_column(String(40))
