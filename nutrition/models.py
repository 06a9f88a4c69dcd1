"""Tables of the nutrition plugin: the food composition table and loaded standards."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, CheckConstraint, Float, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from flask_babel import lazy_gettext

from suite.db import Base, one_of, utcnow

from .foods import CERTAINTIES, FOOD_GROUPS, NUTRIENTS



def _label(text: str) -> dict:
    """Column info naming the column in the audit log (translated when shown)."""
    return {"label": lazy_gettext(text)}


def _number(label: str):
    return mapped_column(Float, info=_label(label))


class FoodRow(Base):
    """One food, per 100 g edible portion. NULL nutrient: not measured; `trace` lists the
    nutrients printed as trace (stored as 0)."""

    __tablename__ = "nutrition_food"
    __audited__ = True
    __table_args__ = (
        CheckConstraint(one_of("food_group", FOOD_GROUPS), name="food_group"),
        CheckConstraint(one_of("certainty", CERTAINTIES), name="certainty"),
        CheckConstraint("edible_fraction > 0 AND edible_fraction <= 1", name="edible_fraction"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    aliases: Mapped[str] = mapped_column(String(400), default="")  # "|"-separated
    food_group: Mapped[str] = mapped_column(String(20), index=True)
    dark_vegetable: Mapped[bool] = mapped_column(Boolean, default=False)
    liver: Mapped[bool] = mapped_column(Boolean, default=False)
    edible_fraction: Mapped[float | None] = mapped_column(Float)  # None: the book prints "—"
    energy_kcal: Mapped[float | None] = mapped_column(Float)
    energy_kj: Mapped[float | None] = mapped_column(Float)  # as printed for book foods
    protein_g: Mapped[float | None] = mapped_column(Float)
    fat_g: Mapped[float | None] = mapped_column(Float)
    carbohydrate_g: Mapped[float | None] = mapped_column(Float)
    fibre_g: Mapped[float | None] = mapped_column(Float)
    calcium_mg: Mapped[float | None] = mapped_column(Float)
    iron_mg: Mapped[float | None] = mapped_column(Float)
    zinc_mg: Mapped[float | None] = mapped_column(Float)
    vitamin_a_ug_rae: Mapped[float | None] = mapped_column(Float)
    thiamin_mg: Mapped[float | None] = mapped_column(Float)
    riboflavin_mg: Mapped[float | None] = mapped_column(Float)
    vitamin_c_mg: Mapped[float | None] = mapped_column(Float)
    sodium_mg: Mapped[float | None] = mapped_column(Float)
    # the book's other columns, per 100 g edible portion (None: "—" or not read)
    water_g: Mapped[float | None] = _number("Water (g)")
    cholesterol_mg: Mapped[float | None] = _number("Cholesterol (mg)")
    ash_g: Mapped[float | None] = _number("Ash (g)")
    carotene_ug: Mapped[float | None] = _number("Carotene (µg)")
    retinol_ug: Mapped[float | None] = _number("Retinol (µg)")
    niacin_mg: Mapped[float | None] = _number("Niacin (mg)")
    vitamin_e_total_mg: Mapped[float | None] = _number("Vitamin E, total (mg)")
    vitamin_e_alpha_mg: Mapped[float | None] = _number("Vitamin E, α (mg)")
    vitamin_e_beta_gamma_mg: Mapped[float | None] = _number("Vitamin E, β+γ (mg)")
    vitamin_e_delta_mg: Mapped[float | None] = _number("Vitamin E, δ (mg)")
    phosphorus_mg: Mapped[float | None] = _number("Phosphorus (mg)")
    potassium_mg: Mapped[float | None] = _number("Potassium (mg)")
    magnesium_mg: Mapped[float | None] = _number("Magnesium (mg)")
    selenium_ug: Mapped[float | None] = _number("Selenium (µg)")
    copper_mg: Mapped[float | None] = _number("Copper (mg)")
    manganese_mg: Mapped[float | None] = _number("Manganese (mg)")
    trace: Mapped[str] = mapped_column(String(200), default="")  # comma-separated nutrients
    # the book's side of a book food (empty for estimates and local foods)
    book_group: Mapped[str] = mapped_column(String(40), default="", index=True,
                                            info=_label("Group in the book"))
    book_subgroup: Mapped[str] = mapped_column(String(80), default="",
                                               info=_label("Subgroup in the book"))
    remark: Mapped[str] = mapped_column(String(200), default="",  # a region, mostly
                                        info=_label("Remark in the book"))
    check_flags: Mapped[str] = mapped_column(String(200), default="",  # " "-separated
                                             info=_label("Checks of the book file"))
    marks: Mapped[dict | None] = mapped_column(  # column -> "—", "Tr", "?" or a footnote
        JSON(none_as_null=True), info=_label("Marks of the book"))
    book_cells: Mapped[dict | None] = mapped_column(  # the file's row, verbatim
        JSON(none_as_null=True), info=_label("The row as the book file has it"))
    hidden: Mapped[bool] = mapped_column(Boolean, default=False,  # infant foods
                                         info=_label("Hidden from food pickers"))
    source: Mapped[str] = mapped_column(String(120), default="")
    certainty: Mapped[str] = mapped_column(String(10), default="user")
    notes: Mapped[str] = mapped_column(Text, default="")
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # indexed: the food table's per-process caches ask for its latest value on every analysis
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow, index=True)

    @property
    def alias_list(self) -> list[str]:
        return [a for a in self.aliases.split("|") if a]

    @property
    def flag_list(self) -> list[str]:
        return [f for f in self.check_flags.split() if f]

    @property
    def mark_map(self) -> dict[str, str]:
        return dict(self.marks or {})

    @property
    def trace_set(self) -> set[str]:
        return {t for t in self.trace.split(",") if t}


assert all(hasattr(FoodRow, n) for n in NUTRIENTS)


class StandardRow(Base):
    """A nutrition standard loaded from a file (the built-in ones live in the package)."""

    __tablename__ = "nutrition_standard"
    __audited__ = True
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    data: Mapped[dict] = mapped_column(JSON)
    loaded_at: Mapped[datetime] = mapped_column(default=utcnow)


from .review_models import FoodReview  # noqa: E402,F401  (its table is nutrition's too)
from .replacement_models import FoodReplacement  # noqa: E402,F401  (its table too)
