"""History of the estimates retired in favour of the book's foods (migration 0016): one record
per estimate, kept for good. The retired row itself stays in nutrition_food, inactive."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from suite.db import Base, utcnow


class FoodReplacement(Base):
    """`old_code` (an estimate) replaced by the book food `new_code`: the estimate's values
    when it was retired (`old_values`, its FoodRow columns) and how many rows of each table
    were repointed (`counts`, table name -> rows; merged rows count once)."""

    __tablename__ = "nutrition_food_replacement"
    id: Mapped[int] = mapped_column(primary_key=True)
    old_code: Mapped[str] = mapped_column(String(20), unique=True)
    old_name: Mapped[str] = mapped_column(String(60))
    new_code: Mapped[str] = mapped_column(String(20), index=True)
    new_name: Mapped[str] = mapped_column(String(60))
    old_values: Mapped[dict] = mapped_column(JSON)
    counts: Mapped[dict] = mapped_column(JSON)
    at: Mapped[datetime] = mapped_column(default=utcnow)
