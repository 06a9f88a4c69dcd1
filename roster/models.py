"""Tables of the roster plugin: students, their school history, aid categories and levels,
and import runs."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (JSON, Boolean, CheckConstraint, Date, ForeignKey, Index, Integer,
                        String, Text)
from sqlalchemy.orm import Mapped, mapped_column

from suite.db import Base, one_of, utcnow

STATUSES = ("enrolled", "transferred", "graduated", "left")


class Student(Base):
    """One pupil. The student number (学籍号) is text: leading zeros and letters survive."""

    __tablename__ = "roster_student"
    __audited__ = True
    __table_args__ = (
        CheckConstraint(one_of("sex", ("M", "F")), name="sex"),
        CheckConstraint(one_of("status", STATUSES), name="status"),
        CheckConstraint("grade BETWEEN 1 AND 9", name="grade"),
        Index("ix_roster_student_school_status", "school_id", "status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    student_no: Mapped[str] = mapped_column(String(19), unique=True)
    name: Mapped[str] = mapped_column(String(40))
    sex: Mapped[str] = mapped_column(String(1))
    birth_date: Mapped[date | None] = mapped_column(Date)
    id_number: Mapped[str | None] = mapped_column(String(18), unique=True)
    ethnicity: Mapped[str] = mapped_column(String(20), default="")
    school_id: Mapped[int] = mapped_column(ForeignKey("suite_school.id"))
    grade: Mapped[int] = mapped_column(Integer)
    class_name: Mapped[str] = mapped_column(String(20), default="")
    boarding: Mapped[bool] = mapped_column(Boolean, default=False)
    household_township: Mapped[str] = mapped_column(String(40), default="")
    household_village: Mapped[str] = mapped_column(String(40), default="")
    guardian_name: Mapped[str] = mapped_column(String(40), default="")
    guardian_phone: Mapped[str] = mapped_column(String(20), default="")
    status: Mapped[str] = mapped_column(String(12), default="enrolled")
    status_date: Mapped[date | None] = mapped_column(Date)
    import_run_id: Mapped[int | None] = mapped_column(ForeignKey("roster_import_run.id"))


class SchoolHistory(Base):
    """Schools a student has left: a transfer records the stay that ended (the current school
    and its start are on the student: `school_id`, `status_date`)."""

    __tablename__ = "roster_school_history"
    __audited__ = True
    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("roster_student.id"), index=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("suite_school.id"))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(60), default="")


class ImportRun(Base):
    """One roster import: who, when, which file, what it changed (or why it was refused)."""

    __tablename__ = "roster_import_run"
    __audited__ = True
    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    rows: Mapped[int] = mapped_column(Integer)
    dry_run: Mapped[bool] = mapped_column(Boolean, default=False)
    accepted: Mapped[bool] = mapped_column(Boolean, default=False)
    counts: Mapped[dict] = mapped_column(JSON, default=dict)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("suite_user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    note: Mapped[str] = mapped_column(Text, default="")
