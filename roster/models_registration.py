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
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column

from suite.db import Base, one_of_bulk

from .labels import (DOCUMENT_TYPE_LABELS, HOUSEHOLD_TYPE_LABELS, LEFT_BEHIND_LABELS,
                     SCHOOL_STAGE_LABELS)

# 身份证件类型 of the registration system: 1 居民身份证, 2-9 other permits, A 护照, Z 其他
DOCUMENT_TYPES = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "A", "B", "Z")  # as data/document_types.csv
RESIDENT_ID = "1"
SCHOOL_STAGES = ("", "primary", "junior")
HOUSEHOLD_TYPES = ("", "agricultural", "non_agricultural")
LEFT_BEHIND = ("", "no", "yes", "single", "both")  # "": not known; "yes": away, not said which
GUARDIAN_POSITIONS = (1, 2)

# the audit log's words for the new columns (`info`: label, and coded values in words)
INFO = {
    "document_type": {"label": _l("Document type"), "values": DOCUMENT_TYPE_LABELS},
    "document_number": {"label": _l("Document number")},
    "aux_student_no": {"label": _l("Auxiliary student number")},
    "class_no": {"label": _l("Number in class")},
    "entry_month": {"label": _l("Month of entry")},
    "school_stage": {"label": _l("School stage"), "values": SCHOOL_STAGE_LABELS},
    "entry_mode": {"label": _l("Way of entry")},
    "household_type": {"label": _l("Household registration type"),
                       "values": HOUSEHOLD_TYPE_LABELS},
    "household_region": {"label": _l("Area of household registration")},
    "left_behind": {"label": _l("Left-behind child"), "values": LEFT_BEHIND_LABELS},
    "migrant_child": {"label": _l("Child of migrant workers")},
    "orphan": {"label": _l("Orphan")},
    "martyr_child": {"label": _l("Child of a martyr or of a family under preferential care")},
    "inclusive_class": {"label": _l("Learning in a regular class")},
    "disability_type": {"label": _l("Disability type")},
    "needs_aid": {"label": _l("Needs to apply for aid")},
    "one_subsidy": {"label": _l("Receives the living subsidy")},
    "household_no": {"label": _l("Household number")},
    "household_head": {"label": _l("Head of household")},
    "relation": {"label": _l("Relation")},
    "is_guardian": {"label": _l("Legal guardian")},
    "recognised_reason": {"label": _l("Reason for recognition")},
}

REGISTRATION_CHECKS = (
    CheckConstraint(one_of_bulk("document_type", DOCUMENT_TYPES), name="document_type"),
    CheckConstraint("(document_type = '1' AND document_number IS NULL) OR "
                    "(document_type <> '1' AND id_number IS NULL "
                    "AND document_number IS NOT NULL)", name="document"),
    CheckConstraint(one_of_bulk("school_stage", SCHOOL_STAGES), name="school_stage"),
    CheckConstraint(one_of_bulk("household_type", HOUSEHOLD_TYPES), name="household_type"),
    CheckConstraint(one_of_bulk("left_behind", LEFT_BEHIND), name="left_behind"),
    CheckConstraint("length(household_region) IN (0, 6, 12)", name="household_region"),
)
REGISTRATION_INDEXES = (
    UniqueConstraint("document_type", "document_number", name="uq_roster_student_document"),
    Index("ix_roster_student_left_behind", "left_behind"),
)


def _column(kind, key: str, **kwargs):
    return mapped_column(kind, info=INFO[key], **kwargs)


class RegistrationFields:
    """Columns of a pupil from the registration system (keys of the import's contract)."""

    document_type: Mapped[str] = _column(String(1), "document_type", default=RESIDENT_ID)
    document_number: Mapped[str | None] = _column(String(40), "document_number")
    aux_student_no: Mapped[str] = _column(String(30), "aux_student_no", default="")  # 学籍辅号
    class_no: Mapped[str] = _column(String(10), "class_no", default="")  # 班内学号
    entry_month: Mapped[date | None] = _column(Date, "entry_month")  # 入学年月, the 1st
    school_stage: Mapped[str] = _column(String(10), "school_stage", default="")  # 学段
    entry_mode: Mapped[str] = _column(String(20), "entry_mode", default="")  # 入学方式
    household_type: Mapped[str] = _column(String(20), "household_type", default="")  # 户口性质
    household_region: Mapped[str] = _column(String(12), "household_region", default="")
    left_behind: Mapped[str] = _column(String(6), "left_behind", default="")  # 是否留守儿童
    migrant_child: Mapped[bool] = _column(Boolean, "migrant_child", default=False)  # 随迁子女
    orphan: Mapped[bool] = _column(Boolean, "orphan", default=False)
    martyr_child: Mapped[bool] = _column(Boolean, "martyr_child", default=False)
    inclusive_class: Mapped[bool] = _column(Boolean, "inclusive_class", default=False)
    disability_type: Mapped[str] = _column(String(20), "disability_type", default="")
    needs_aid: Mapped[bool] = _column(Boolean, "needs_aid", default=False)  # 需要申请资助
    one_subsidy: Mapped[bool] = _column(Boolean, "one_subsidy", default=False)  # 享受一补
    # the household in the poverty-alleviation register (户编号, 户主姓名), from the aid list:
    # one household per pupil, shared by siblings, the same for every aid category
    household_no: Mapped[str] = _column(String(30), "household_no", default="")
    household_head: Mapped[str] = _column(String(40), "household_head", default="")


class Guardian(Base):
    """One of a pupil's two family members of the registration export (position 1 or 2);
    `Student.guardian_name` / `guardian_phone` mirror position 1. The ID number is masked
    wherever it is shown, whatever the document type."""

    __tablename__ = "roster_guardian"
    __audited__ = True
    __audit_label__ = _l("Family member of a student")
    __table_args__ = (
        CheckConstraint("position IN (1, 2)", name="position"),
        CheckConstraint(one_of_bulk("document_type", DOCUMENT_TYPES), name="document_type"),
        UniqueConstraint("student_id", "position", name="uq_roster_guardian_student_position"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("roster_student.id"))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(40), default="")
    relation: Mapped[str] = _column(String(20), "relation", default="")
    is_guardian: Mapped[bool] = _column(Boolean, "is_guardian", default=False)
    document_type: Mapped[str] = _column(String(1), "document_type", default=RESIDENT_ID)
    id_number: Mapped[str | None] = mapped_column(String(40))
    phone: Mapped[str] = mapped_column(String(20), default="")
