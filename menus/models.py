"""Tables of the menus plugin: dishes (quantified recipes) and weekly menus with revisions."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import (JSON, Boolean, CheckConstraint, Date, ForeignKey, Index, Integer,
                        Numeric, String, Text, UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from suite.db import Base, one_of, utcnow
from suite.vocabulary import MEALS

from .labels import CATEGORY_LABELS, MEALS_VALUES, ROLE_LABELS, TAG_LABELS, WEEKDAY_VALUES

CATEGORIES = ("staple", "meat", "vegetable", "soup", "egg", "milk", "fruit", "other")
ROLES = ("staple", "main", "vegetable", "soup", "fruit", "milk", "other")  # the solver's slots
STATUSES = ("draft", "submitted", "approved", "published", "superseded")


def role_of(category: str) -> str:
    """The role a dish of this category plays in a meal (the backfill of migration 0019)."""
    return "main" if category in ("meat", "egg") else category


def _default_role(context) -> str:
    """A dish written without a role plays its category's (rows made outside save_dish)."""
    return role_of(context.get_current_parameters().get("category"))


class Dish(Base):
    """带量食谱 entry: raw grams per serving, entered for one age band and scaled to the
    others by a factor, or entered per band (rows with `band` set override the scaling)."""

    __tablename__ = "menus_dish"
    __audited__ = True
    __table_args__ = (CheckConstraint(one_of("category", CATEGORIES), name="category"),
                      CheckConstraint(one_of("role", ROLES), name="role"))
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), index=True)
    category: Mapped[str] = mapped_column(String(10), info={"values": CATEGORY_LABELS})
    role: Mapped[str] = mapped_column(String(10), default=_default_role,
                                      info={"values": ROLE_LABELS})
    spicy: Mapped[bool] = mapped_column(Boolean, default=False,  # set by hand
                                        info={"label": _l("Spicy")})
    aliases: Mapped[str] = mapped_column(String(200), default="")  # "、" or "," separated
    meals: Mapped[str] = mapped_column(String(40), default="lunch,dinner",  # it suits
                                       info={"values": MEALS_VALUES})
    main_food_id: Mapped[int | None] = mapped_column(ForeignKey("nutrition_food.id"),
                                                     info={"label": _l("Main ingredient")})
    tags: Mapped[list] = mapped_column(JSON, default=list,  # computed on save: a cache
                                       info={"label": _l("Dish tags"),
                                             "values": TAG_LABELS})
    cooking_method: Mapped[str] = mapped_column(String(60), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    base_band: Mapped[str] = mapped_column(String(5), default="9-11")
    band_factors: Mapped[dict] = mapped_column(JSON, default=dict)  # band -> factor
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("suite_user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    ingredients: Mapped[list["DishIngredient"]] = relationship(
        back_populates="dish", cascade="all, delete-orphan", order_by="DishIngredient.position")

    @property
    def meal_list(self) -> list[str]:
        return [m for m in MEALS if m in (self.meals or "").split(",")]

    @property
    def alias_list(self) -> list[str]:
        return [a for a in (self.aliases or "").replace("、", ",").split(",") if a.strip()]


class DishIngredient(Base):
    __tablename__ = "menus_dish_ingredient"
    __audited__ = True
    __table_args__ = (CheckConstraint("grams > 0 AND grams <= 2000", name="grams"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    dish_id: Mapped[int] = mapped_column(ForeignKey("menus_dish.id"), index=True)
    food_id: Mapped[int] = mapped_column(ForeignKey("nutrition_food.id"))
    band: Mapped[str | None] = mapped_column(String(5))  # None: the base band, scaled
    grams: Mapped[Decimal] = mapped_column(Numeric(7, 1))
    position: Mapped[int] = mapped_column(Integer, default=0)
    dish: Mapped[Dish] = relationship(back_populates="ingredients")


class WeekMenu(Base):
    """One school's (or a county template's) menu for a week starting on a Monday. A
    published menu is never edited: a change makes a new revision, the old one superseded."""

    __tablename__ = "menus_week"
    __audited__ = True
    __table_args__ = (
        CheckConstraint(one_of("status", STATUSES), name="status"),
        UniqueConstraint("school_id", "week_start", "revision"),
        Index("ix_menus_week_school_week", "school_id", "week_start"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    county_id: Mapped[int] = mapped_column(ForeignKey("suite_county.id"))
    school_id: Mapped[int | None] = mapped_column(ForeignKey("suite_school.id"))  # None: template
    name: Mapped[str] = mapped_column(String(60), default="")  # templates are named
    week_start: Mapped[date] = mapped_column(Date)
    days: Mapped[str] = mapped_column(String(20), default="0,1,2,3,4",  # weekday numbers
                                      info={"values": WEEKDAY_VALUES})
    meals: Mapped[str] = mapped_column(String(40), default="lunch", info={"values": MEALS_VALUES})
    status: Mapped[str] = mapped_column(String(10), default="draft")
    revision: Mapped[int] = mapped_column(Integer, default=1)
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("menus_week.id"))
    adopted_from_id: Mapped[int | None] = mapped_column(ForeignKey("menus_week.id"))
    submitted_by: Mapped[int | None] = mapped_column(ForeignKey("suite_user.id"))
    submitted_at: Mapped[datetime | None] = mapped_column()
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("suite_user.id"))
    approved_at: Mapped[datetime | None] = mapped_column()
    published_by: Mapped[int | None] = mapped_column(ForeignKey("suite_user.id"))
    published_at: Mapped[datetime | None] = mapped_column()
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    items: Mapped[list["MenuItem"]] = relationship(
        back_populates="menu", cascade="all, delete-orphan",
        order_by="(MenuItem.day, MenuItem.meal, MenuItem.position)")

    @property
    def day_numbers(self) -> list[int]:
        return [int(d) for d in self.days.split(",") if d != ""]

    @property
    def meal_list(self) -> list[str]:
        return [m for m in MEALS if m in self.meals.split(",")]


class MenuItem(Base):
    __tablename__ = "menus_item"
    __audited__ = True
    __table_args__ = (CheckConstraint(one_of("meal", MEALS), name="meal"),
                      CheckConstraint("servings >= 0", name="servings"))
    id: Mapped[int] = mapped_column(primary_key=True)
    menu_id: Mapped[int] = mapped_column(ForeignKey("menus_week.id"), index=True)
    day: Mapped[date] = mapped_column(Date)
    meal: Mapped[str] = mapped_column(String(10))
    dish_id: Mapped[int] = mapped_column(ForeignKey("menus_dish.id"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    servings: Mapped[int] = mapped_column(Integer, default=0)
    menu: Mapped[WeekMenu] = relationship(back_populates="items")
    dish: Mapped[Dish] = relationship()


class SchoolRule(Base):
    """What a school's canteen may not serve: 清真 (no pork, no lard, none of the
    halal-doubtful meats) and the tags it avoids (allergies). No row: no restriction."""

    __tablename__ = "menus_school_rule"
    __audited__ = True
    __audit_label__ = _l("Dietary rule of a school")
    school_id: Mapped[int] = mapped_column(ForeignKey("suite_school.id"), primary_key=True,
                                           autoincrement=False)
    halal: Mapped[bool] = mapped_column(Boolean, default=False, info={"label": _l("Halal")})
    avoid: Mapped[list] = mapped_column(JSON, default=list, info={
        "label": _l("Dish tags to avoid"), "values": TAG_LABELS})
    note: Mapped[str] = mapped_column(Text, default="")
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("suite_user.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
