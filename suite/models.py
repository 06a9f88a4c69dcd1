"""Host tables: the org model (county > township > school, terms, enrolment, subsidy rates),
accounts, API tokens, login failures and the audit log."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON, Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, Numeric, String,
    Text, UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .db import Base, one_of, utcnow
from .vocabulary import AGE_BANDS, SEXES

SCHOOL_KINDS = ("primary", "junior", "nine_year", "teaching_point")
SUPPLY_MODES = ("canteen", "company", "family")
DAY_KINDS = ("holiday", "makeup")



class County(Base):
    __tablename__ = "suite_county"
    __audited__ = True
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    # which nutrition standard the county uses (code of a standard shipped or loaded)
    nutrition_standard: Mapped[str] = mapped_column(String(40), default="WS/T 554-2017")
    # menus: may one person submit and approve the same menu?
    second_approver_required: Mapped[bool] = mapped_column(Boolean, default=True)
    townships: Mapped[list["Township"]] = relationship(back_populates="county")


class Township(Base):
    __tablename__ = "suite_township"
    __audited__ = True
    id: Mapped[int] = mapped_column(primary_key=True)
    county_id: Mapped[int] = mapped_column(ForeignKey("suite_county.id"), index=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    county: Mapped[County] = relationship(back_populates="townships")
    schools: Mapped[list["School"]] = relationship(back_populates="township")


class School(Base):
    __tablename__ = "suite_school"
    __audited__ = True
    __table_args__ = (
        CheckConstraint(one_of("kind", SCHOOL_KINDS), name="kind"),
        CheckConstraint(one_of("supply_mode", SUPPLY_MODES), name="supply_mode"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    township_id: Mapped[int] = mapped_column(ForeignKey("suite_township.id"), index=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20))
    rural: Mapped[bool] = mapped_column(Boolean, default=True)
    boarding: Mapped[bool] = mapped_column(Boolean, default=False)
    supply_mode: Mapped[str] = mapped_column(String(20), default="canteen")
    in_plan: Mapped[bool] = mapped_column(Boolean, default=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    township: Mapped[Township] = relationship(back_populates="schools")


class Term(Base):
    __tablename__ = "suite_term"
    __audited__ = True
    __table_args__ = (CheckConstraint("end_date >= start_date", name="dates"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    county_id: Mapped[int] = mapped_column(ForeignKey("suite_county.id"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    days: Mapped[list["TermDay"]] = relationship(
        back_populates="term", cascade="all, delete-orphan", order_by="TermDay.day"
    )


class TermDay(Base):
    """A calendar exception: a weekday that is a holiday, or a weekend make-up school day."""

    __tablename__ = "suite_term_day"
    __audited__ = True
    __table_args__ = (
        UniqueConstraint("term_id", "day"),
        CheckConstraint(one_of("kind", DAY_KINDS), name="kind"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("suite_term.id"), index=True)
    day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(String(80), default="")
    term: Mapped[Term] = relationship(back_populates="days")


class Enrolment(Base):
    """Head count of one school, term, grade, age band and sex."""

    __tablename__ = "suite_enrolment"
    __audited__ = True
    __table_args__ = (
        UniqueConstraint("school_id", "term_id", "grade", "age_band", "sex"),
        CheckConstraint("grade BETWEEN 1 AND 12", name="grade"),
        CheckConstraint(one_of("age_band", AGE_BANDS), name="age_band"),
        CheckConstraint(one_of("sex", SEXES), name="sex"),
        CheckConstraint("student_count >= 0", name="student_count"),
        Index("ix_suite_enrolment_term_school", "term_id", "school_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("suite_school.id"))
    term_id: Mapped[int] = mapped_column(ForeignKey("suite_term.id"))
    grade: Mapped[int] = mapped_column(Integer)
    age_band: Mapped[str] = mapped_column(String(5))
    sex: Mapped[str] = mapped_column(String(1))
    student_count: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(10), default="manual")  # manual | roster


class SubsidyRate(Base):
    """Meal subsidy per student per school day. county_id NULL: the national rate;
    otherwise a county top-up added on top for its period."""

    __tablename__ = "suite_subsidy_rate"
    __audited__ = True
    __table_args__ = (
        CheckConstraint("amount >= 0", name="amount"),
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="dates"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    county_id: Mapped[int | None] = mapped_column(ForeignKey("suite_county.id"), index=True)
    start_date: Mapped[date] = mapped_column(Date, index=True)
    end_date: Mapped[date | None] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    note: Mapped[str] = mapped_column(String(200), default="")


class User(Base):
    __tablename__ = "suite_user"
    __audited__ = True
    __audit_exclude__ = ("password_hash", "session_version")
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    display_name: Mapped[str] = mapped_column(String(60), default="")
    role: Mapped[str] = mapped_column(String(30))
    school_id: Mapped[int | None] = mapped_column(ForeignKey("suite_school.id"), index=True)
    township_id: Mapped[int | None] = mapped_column(ForeignKey("suite_township.id"), index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    locale: Mapped[str | None] = mapped_column(String(12), info={
        "values": "suite.audit_words:LOCALE_LABELS"})
    # raised by a password change or reset: every login (and remember cookie) made before ends
    session_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    school: Mapped[School | None] = relationship()
    township: Mapped[Township | None] = relationship()

    # Flask-Login protocol
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    # the login this request belongs to (LoginSession.nonce), set by the user loader
    login_nonce = ""

    def get_id(self) -> str:
        """What Flask-Login keeps in the session and the remember cookie: the id, the session
        version and the login's nonce, so a password change or a logout ends both."""
        return f"{self.id}:{self.session_version}:{self.login_nonce}"


class ApiToken(Base):
    __tablename__ = "suite_api_token"
    __audited__ = True
    __audit_exclude__ = ("token_hash", "last_used_at")
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("suite_user.id"), index=True)
    name: Mapped[str] = mapped_column(String(60), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column()
    last_used_at: Mapped[datetime | None] = mapped_column()
    user: Mapped[User] = relationship()


class LoginSession(Base):
    """One login (its session cookie and remember cookie), known to the server so that a
    logout or a password change ends it whatever copies of the cookies exist."""

    __tablename__ = "suite_login_session"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("suite_user.id"), index=True)
    nonce: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column()


class LoginFailure(Base):
    """One failed login, known user or not: the lockout counts these per user name and per
    IP (shared by workers)."""

    __tablename__ = "suite_login_failure"
    __table_args__ = (Index("ix_suite_login_failure_username_at", "username", "at"),
                      Index("ix_suite_login_failure_ip_at", "ip", "at"))
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    ip: Mapped[str] = mapped_column(String(45), default="")


class AuditEntry(Base):
    __tablename__ = "suite_audit"
    __table_args__ = (
        Index("ix_suite_audit_record", "record_type", "record_id"),
        Index("ix_suite_audit_at", "at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("suite_user.id"), index=True)
    actor: Mapped[str] = mapped_column(String(60), default="")
    action: Mapped[str] = mapped_column(String(20))  # create | update | void | delete | view
    record_type: Mapped[str] = mapped_column(String(60))
    record_id: Mapped[str] = mapped_column(String(40))
    old_values: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    new_values: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    note: Mapped[str] = mapped_column(Text, default="")
