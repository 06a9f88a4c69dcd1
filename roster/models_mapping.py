"""The column mappings an officer chose for a county's files, remembered per file shape (a
hash of the normalised header row), so the same shape imports next time with no questions."""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from suite.db import Base, utcnow


class ColumnMapping(Base):
    """`mapping`: the file's column (normalised header) -> our field key, "" = not imported."""

    __tablename__ = "roster_column_mapping"
    __audited__ = True
    __table_args__ = (UniqueConstraint("county_id", "shape",
                                       name="uq_roster_column_mapping_county_shape"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    county_id: Mapped[int] = mapped_column(ForeignKey("suite_county.id"))
    shape: Mapped[str] = mapped_column(String(64), info={"label": _l("File shape")})
    header: Mapped[list] = mapped_column(JSON, default=list, info={"label": _l("Header row")})
    mapping: Mapped[dict] = mapped_column(JSON, default=dict)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("suite_user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
