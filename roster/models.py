"""Tables of the roster plugin: students, school history, aid, import runs, column mappings."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (JSON, Boolean, CheckConstraint, Date, ForeignKey, Index, Integer,
                        Numeric, String, Text)
from sqlalchemy.orm import Mapped, mapped_column

from suite.db import Base, one_of, one_of_bulk, utcnow

from .models_mapping import ColumnMapping  # noqa: F401
from .models_registration import (REGISTRATION_CHECKS, REGISTRATION_INDEXES,  # noqa: F401
                                  Guardian, RegistrationFields, _column)

STATUSES = ("enrolled", "transferred", "graduated", "left")
PROGRAM_STAGES = ("", "primary", "junior")  # any compulsory grade, grades 1-6, grades 7-9
STAGES = ("preschool", "compulsory", "senior_high", "vocational", "higher")
LOCATIONS = ("county", "city", "outside")  # in the county, elsewhere in the city, outside
VISIT_CONCLUSIONS = ("confirmed", "level_changed", "aid_withdrawn")
RECON_KINDS = ("matched", "only_left", "only_right", "duplicate", "conflict")


class Student(RegistrationFields, Base):
    """One pupil. The student number (学籍号) is text: leading zeros and letters survive.
    The registration system's fields come from `RegistrationFields`."""

    __tablename__ = "roster_student"
    __audited__ = True
    __table_args__ = (
        CheckConstraint(one_of("sex", ("M", "F")), name="sex"),
        CheckConstraint(one_of_bulk("status", STATUSES), name="status"),
        CheckConstraint("grade BETWEEN 1 AND 9", name="grade"),
        Index("ix_roster_student_school_status", "school_id", "status"),
        *REGISTRATION_CHECKS, *REGISTRATION_INDEXES,
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


class AidCategory(Base):
    """A configurable aid category (脱贫家庭, 低保, 孤儿 ...), seeded from DOMAIN.md."""

    __tablename__ = "roster_aid_category"
    __audited__ = True
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    name: Mapped[str] = mapped_column(String(60))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class DifficultyLevel(Base):
    """Configurable difficulty levels (特别困难 / 比较困难 / 一般困难 by default)."""

    __tablename__ = "roster_difficulty_level"
    __audited__ = True
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    name: Mapped[str] = mapped_column(String(60))
    position: Mapped[int] = mapped_column(Integer, default=0)


class StudentAid(Base):
    """A student's aid category and level for a period, with the evidence and who confirmed."""

    __tablename__ = "roster_student_aid"
    __audited__ = True
    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("roster_student.id"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("roster_aid_category.id"), index=True)
    level_id: Mapped[int | None] = mapped_column(ForeignKey("roster_difficulty_level.id"))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    evidence: Mapped[str] = mapped_column(String(200), default="")
    confirmed_by: Mapped[str] = mapped_column(String(60), default="")
    withdrawn_at: Mapped[datetime | None] = mapped_column()
    withdraw_reason: Mapped[str] = mapped_column(String(200), default="")
    recognised_reason: Mapped[str] = _column(String(200), "recognised_reason", default="")


class PlanExclusion(Base):
    """A plan school's enrolled student left out of the nutrition plan for a term, and why."""

    __tablename__ = "roster_plan_exclusion"
    __audited__ = True
    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("roster_student.id"), index=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("suite_term.id"), index=True)
    reason: Mapped[str] = mapped_column(String(200))


class AidProgram(Base):
    """An aid programme (e.g. 寄宿生生活补助) with date-effective yearly rates."""

    __tablename__ = "roster_aid_program"
    __audited__ = True
    __table_args__ = (CheckConstraint(one_of("stage", PROGRAM_STAGES), name="stage"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    name: Mapped[str] = mapped_column(String(60))
    rates: Mapped[list] = mapped_column(JSON, default=list)  # [{from, primary, junior, ...}]
    # Who may receive it (checked on every payment): boarders only, one stage, and aid of one
    # of these category codes in force on the day paid (empty: any student).
    boarders_only: Mapped[bool] = mapped_column(Boolean, default=False)
    stage: Mapped[str] = mapped_column(String(10), default="")  # "" | primary | junior
    category_codes: Mapped[list] = mapped_column(JSON, default=list)


class AidPayment(Base):
    """Money paid to one student: programme, term, amount, date and the card's last digits."""

    __tablename__ = "roster_aid_payment"
    __audited__ = True
    __table_args__ = (CheckConstraint("amount > 0", name="amount"),
                      Index("ix_roster_aid_payment_term_student", "term_id", "student_id"))
    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("roster_student.id"))
    program_id: Mapped[int] = mapped_column(ForeignKey("roster_aid_program.id"))
    term_id: Mapped[int] = mapped_column(ForeignKey("suite_term.id"))
    school_id: Mapped[int] = mapped_column(ForeignKey("suite_school.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    paid_on: Mapped[date] = mapped_column(Date)
    card_tail: Mapped[str] = mapped_column(String(4), default="")
    voided_at: Mapped[datetime | None] = mapped_column()
    void_reason: Mapped[str] = mapped_column(String(200), default="")


class HouseholdChild(Base):
    """The household-side ledger (摸底 → 建档 → 比对): a child of a registered-poor or
    monitored household, wherever they study, as the township recorded it."""

    __tablename__ = "roster_household_child"
    __audited__ = True
    __table_args__ = (
        CheckConstraint(one_of("stage", STAGES), name="stage"),
        CheckConstraint(one_of("location", LOCATIONS), name="location"),
        Index("ix_roster_household_child_township", "township_id", "year"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    township_id: Mapped[int] = mapped_column(ForeignKey("suite_township.id"))
    year: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(40))
    id_number: Mapped[str | None] = mapped_column(String(18), index=True)
    document_number: Mapped[str | None] = _column(String(40), "document_number", index=True)
    birth_date: Mapped[date | None] = mapped_column(Date)
    village: Mapped[str] = mapped_column(String(40), default="")
    household_head: Mapped[str] = mapped_column(String(40), default="")
    household_kind: Mapped[str] = mapped_column(String(30), default="", info={  # category code
        "values": "roster.labels:HOUSEHOLD_KIND_LABELS"})
    stage: Mapped[str] = mapped_column(String(12), info={"values": "roster.labels:STAGE_LABELS"})
    location: Mapped[str] = mapped_column(String(12),
                                          info={"values": "roster.labels:LOCATION_LABELS"})
    school_name: Mapped[str] = mapped_column(String(120), default="")
    aided: Mapped[bool | None] = mapped_column(Boolean)  # None: not yet confirmed
    aid_program: Mapped[str] = mapped_column(String(60), default="")
    aid_amount: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    confirmed_by: Mapped[str] = mapped_column(String(60), default="")
    confirmed_on: Mapped[date | None] = mapped_column(Date)
    supplementary: Mapped[bool] = mapped_column(Boolean, default=False)  # county pays


class LedgerSignOff(Base):
    """A township's ledger for a year, signed off by its officer."""

    __tablename__ = "roster_ledger_signoff"
    __audited__ = True
    id: Mapped[int] = mapped_column(primary_key=True)
    township_id: Mapped[int] = mapped_column(ForeignKey("suite_township.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    signed_by: Mapped[int] = mapped_column(ForeignKey("suite_user.id"))
    signed_at: Mapped[datetime] = mapped_column(default=utcnow)
    children: Mapped[int] = mapped_column(Integer)


class HomeVisit(Base):
    """入户调查: a home visit and its conclusion."""

    __tablename__ = "roster_home_visit"
    __audited__ = True
    __table_args__ = (CheckConstraint(one_of("conclusion", VISIT_CONCLUSIONS),
                                      name="conclusion"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("roster_student.id"), index=True)
    visit_date: Mapped[date] = mapped_column(Date)
    visitors: Mapped[str] = mapped_column(String(120))
    findings: Mapped[str] = mapped_column(Text)
    conclusion: Mapped[str] = mapped_column(String(16))
    recover_amount: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))  # aid withdrawn


class LookupCounter(Base):
    """Family lookups counted per key in a fixed window, shared by all workers: the key is
    'ip:<address>' or 'idip:<keyed digest of the ID number and the address>' (never the
    number). One upsert both counts and reads the count, so concurrent lookups cannot pass
    the limit."""

    __tablename__ = "roster_lookup_counter"
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(index=True)
    n: Mapped[int] = mapped_column(Integer)


class Policy(Base):
    """A published aid policy of the county for one school stage, and how to apply."""

    __tablename__ = "roster_policy"
    __audited__ = True
    id: Mapped[int] = mapped_column(primary_key=True)
    stage: Mapped[str] = mapped_column(String(12), info={"values": "roster.labels:STAGE_LABELS"})
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text)
    published: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ReconRun(Base):
    """One reconciliation (比对) of two lists, with its counts; its cases are a work queue."""

    __tablename__ = "roster_recon_run"
    __audited__ = True
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(120))
    left: Mapped[str] = mapped_column(String(20))   # roster | ledger | list
    right: Mapped[str] = mapped_column(String(20))  # list | ledger
    filename: Mapped[str] = mapped_column(String(200), default="")
    mapping: Mapped[dict] = mapped_column(JSON, default=dict)
    counts: Mapped[dict] = mapped_column(JSON, default=dict)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("suite_user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ReconCase(Base):
    """One finding of a run that is not a clean match, to be resolved with a note."""

    __tablename__ = "roster_recon_case"
    __audited__ = True
    __table_args__ = (CheckConstraint(one_of("kind", RECON_KINDS), name="kind"),
                      Index("ix_roster_recon_case_run_kind", "run_id", "kind"))
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("roster_recon_run.id"))
    kind: Mapped[str] = mapped_column(String(16))
    rule: Mapped[str] = mapped_column(String(20), default="")  # id | name_birth
    name: Mapped[str] = mapped_column(String(40), default="")
    id_number: Mapped[str] = mapped_column(String(18), default="")
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    # where the case belongs, for the queue's filters: a roster student's school, a ledger
    # child's township (the school's township for a roster student); none for list-only rows
    school_id: Mapped[int | None] = mapped_column(ForeignKey("suite_school.id"))
    township_id: Mapped[int | None] = mapped_column(ForeignKey("suite_township.id"))
    resolved_at: Mapped[datetime | None] = mapped_column()
    resolved_by: Mapped[int | None] = mapped_column(ForeignKey("suite_user.id"))
    note: Mapped[str] = mapped_column(String(400), default="")
