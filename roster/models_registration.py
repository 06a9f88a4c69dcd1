"""The registration system's fields of a pupil (全国中小学生学籍信息管理系统) that the roster keeps
beside its own, and the pupil's two family members (guardians) of that system's export.

`RegistrationFields` is mixed into `roster.models.Student`; `REGISTRATION_CHECKS` and
`REGISTRATION_INDEXES` go into its table arguments. A pupil without a resident ID: a document
type other than "1" (居民身份证), no `id_number`, the number in `document_number` (unique per
type); a resident ID stays in `id_number`, where the ID check applies."""
from __future__ import annotations

from datetime import date

from sqlalchemy import (Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column

from suite.db import Base, one_of

# 身份证件类型 of the registration system: 1 居民身份证, 2-9 other permits, A 护照, Z 其他
DOCUMENT_TYPES = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "A", "Z")
RESIDENT_ID = "1"
SCHOOL_STAGES = ("", "primary", "junior")
HOUSEHOLD_TYPES = ("", "agricultural", "non_agricultural")
LEFT_BEHIND = ("", "no", "yes", "single", "both")  # "": not known; "yes": away, not said which
GUARDIAN_POSITIONS = (1, 2)

REGISTRATION_CHECKS = (
    CheckConstraint(one_of("document_type", DOCUMENT_TYPES), name="document_type"),
    CheckConstraint("(document_type = '1' AND document_number IS NULL) OR "
                    "(document_type <> '1' AND id_number IS NULL "
                    "AND document_number IS NOT NULL)", name="document"),
    CheckConstraint(one_of("school_stage", SCHOOL_STAGES), name="school_stage"),
    CheckConstraint(one_of("household_type", HOUSEHOLD_TYPES), name="household_type"),
    CheckConstraint(one_of("left_behind", LEFT_BEHIND), name="left_behind"),
    CheckConstraint("length(household_region) IN (0, 6, 12)", name="household_region"),
)
REGISTRATION_INDEXES = (
    UniqueConstraint("document_type", "document_number", name="uq_roster_student_document"),
    Index("ix_roster_student_left_behind", "left_behind"),
)


class RegistrationFields:
    """Columns of a pupil from the registration system (keys of the import's contract)."""

    document_type: Mapped[str] = mapped_column(String(1), default=RESIDENT_ID)
    document_number: Mapped[str | None] = mapped_column(String(40))
    aux_student_no: Mapped[str] = mapped_column(String(30), default="")        # 学籍辅号
    class_no: Mapped[str] = mapped_column(String(10), default="")              # 班内学号
    entry_month: Mapped[date | None] = mapped_column(Date)                     # 入学年月, day 1
    school_stage: Mapped[str] = mapped_column(String(10), default="")          # 学段
    entry_mode: Mapped[str] = mapped_column(String(20), default="")            # 入学方式
    household_type: Mapped[str] = mapped_column(String(20), default="")        # 户口性质
    household_region: Mapped[str] = mapped_column(String(12), default="")     # 户口所在地
    left_behind: Mapped[str] = mapped_column(String(6), default="")            # 是否留守儿童
    migrant_child: Mapped[bool] = mapped_column(Boolean, default=False)        # 随迁子女
    orphan: Mapped[bool] = mapped_column(Boolean, default=False)               # 是否孤儿
    martyr_child: Mapped[bool] = mapped_column(Boolean, default=False)         # 烈士或优抚子女
    inclusive_class: Mapped[bool] = mapped_column(Boolean, default=False)      # 随班就读
    disability_type: Mapped[str] = mapped_column(String(20), default="")       # 残疾类型
    needs_aid: Mapped[bool] = mapped_column(Boolean, default=False)            # 需要申请资助
    one_subsidy: Mapped[bool] = mapped_column(Boolean, default=False)          # 享受一补
    # the household in the poverty-alleviation register (户编号, 户主姓名), from the aid list:
    # one household per pupil, shared by siblings, the same for every aid category
    household_no: Mapped[str] = mapped_column(String(30), default="")
    household_head: Mapped[str] = mapped_column(String(40), default="")


class Guardian(Base):
    """One of a pupil's two family members of the registration export (position 1 or 2);
    `Student.guardian_name` / `guardian_phone` mirror position 1. The ID number is masked
    wherever it is shown, whatever the document type."""

    __tablename__ = "roster_guardian"
    __audited__ = True
    __table_args__ = (
        CheckConstraint("position IN (1, 2)", name="position"),
        CheckConstraint(one_of("document_type", DOCUMENT_TYPES), name="document_type"),
        UniqueConstraint("student_id", "position", name="uq_roster_guardian_student_position"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("roster_student.id"))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(40), default="")
    relation: Mapped[str] = mapped_column(String(20), default="")
    is_guardian: Mapped[bool] = mapped_column(Boolean, default=False)
    document_type: Mapped[str] = mapped_column(String(1), default=RESIDENT_ID)
    id_number: Mapped[str | None] = mapped_column(String(40))
    phone: Mapped[str] = mapped_column(String(20), default="")
