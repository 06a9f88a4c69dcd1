"""The nutritionist's review of the food table against the printed book: one record per
confirmation or correction, append-only (a mistake is put right by a newer record)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column

from suite.db import Base, one_of, utcnow

REVIEW_ACTIONS = ("confirm", "correct")


class FoodReview(Base):
    """"confirm": the whole row matches the book (column None); "correct": one column's value
    set to `new_value` ("—" not measured, "Tr" trace, else a number; edible portion in %),
    `book_value` being what the book file said. `page` is the book's page."""

    __tablename__ = "nutrition_food_review"
    __audited__ = True
    __table_args__ = (
        CheckConstraint(one_of("action", REVIEW_ACTIONS), name="action"),
        CheckConstraint("page > 0", name="page"),
        CheckConstraint("(action = 'confirm') = (\"column\" IS NULL)", name="column"),
        Index("ix_nutrition_food_review_food", "food_id", "id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    food_id: Mapped[int] = mapped_column(ForeignKey("nutrition_food.id"))
    action: Mapped[str] = mapped_column(String(10))
    column: Mapped[str | None] = mapped_column(String(40))
    book_value: Mapped[str] = mapped_column(String(40), default="")
    new_value: Mapped[str | None] = mapped_column(String(40))
    page: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("suite_user.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)


@event.listens_for(FoodReview, "before_update")
@event.listens_for(FoodReview, "before_delete")
def _append_only(_mapper, _connection, target) -> None:
    raise ValueError(f"review record {target.id} is append-only")
