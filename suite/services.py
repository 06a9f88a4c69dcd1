"""Host services over the org model: school days, the subsidy rate in force, enrolment.
Plain functions over a session; menus, subsidy and roster call them."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from .errors import ServiceError
from .holidays import official_days
from .memo import once_per_transaction
from .models import County, Enrolment, School, SubsidyRate, Term, TermDay, Township
from .vocabulary import AGE_BANDS, SEXES


MAX_HEAD_COUNT = 2000  # per grade, age band and sex: far above any real school


class OrgError(ServiceError):
    """A refused change to the org model; the message is for the user, on the form field
    `field` (none: the whole form). str() is the message alone, as callers show it."""

    def __init__(self, message, field: str = ""):
        super().__init__({field: message})
        self.args = (str(message),)


def _dates(start: date, end: date):
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


def school_days(session: Session, term: Term) -> list[date]:
    """Weekdays of the term minus holidays, plus make-up days."""
    exceptions = {d.day: d.kind for d in session.scalars(
        select(TermDay).where(TermDay.term_id == term.id))}
    days = []
    for day in _dates(term.start_date, term.end_date):
        kind = exceptions.get(day)
        if kind == "makeup" or (day.weekday() < 5 and kind != "holiday"):
            days.append(day)
    return days


def school_days_between(session: Session, county_id: int, first: date,
                        last: date) -> list[date]:
    """The county's school days from `first` to `last`, over every term they overlap."""
    terms = session.scalars(select(Term).where(
        Term.county_id == county_id, Term.start_date <= last, Term.end_date >= first))
    return sorted({d for t in terms for d in school_days(session, t) if first <= d <= last})


def term_on(session: Session, county_id: int, day: date) -> Term | None:
    """The county's term holding the day (asked once per transaction: a meal's save asks it
    from four places)."""
    return once_per_transaction(session, "term_on", (county_id, day), lambda: session.scalar(
        select(Term).where(Term.county_id == county_id, Term.start_date <= day,
                           Term.end_date >= day)))


def current_term(session: Session, county_id: int, today: date) -> Term | None:
    """The term in progress, else the next one, else the latest past one."""
    term = term_on(session, county_id, today)
    if term is None:
        term = session.scalar(select(Term).where(Term.county_id == county_id,
                                                 Term.start_date > today)
                              .order_by(Term.start_date))
    if term is None:
        term = session.scalar(select(Term).where(Term.county_id == county_id)
                              .order_by(Term.end_date.desc()))
    return term


def is_school_day(session: Session, county_id: int, day: date) -> bool:
    term = term_on(session, county_id, day)
    if term is None:
        return False
    kind = session.scalar(select(TermDay.kind).where(TermDay.term_id == term.id,
                                                     TermDay.day == day))
    return kind == "makeup" or (day.weekday() < 5 and kind != "holiday")


def set_day_kind(session: Session, term: Term, day: date, kind: str | None, note: str = ""):
    """Mark a date of the term a holiday or a make-up day; kind None removes the mark."""
    from flask_babel import gettext as _
    if not term.start_date <= day <= term.end_date:
        raise OrgError(_("The date %(day)s is outside the term.", day=day.isoformat()), "day")
    existing = session.scalar(select(TermDay).where(TermDay.term_id == term.id,
                                                    TermDay.day == day))
    if kind is None:
        if existing is not None:
            session.delete(existing)
    elif kind == "makeup" and day.weekday() < 5:
        raise OrgError(_("A make-up day must fall on a weekend."), "day")
    elif kind == "holiday" and day.weekday() >= 5:
        raise OrgError(_("A weekend day is not a school day already."), "day")
    elif existing is None:
        session.add(TermDay(term_id=term.id, day=day, kind=kind, note=note))
    else:
        existing.kind, existing.note = kind, note
    session.flush()


def fill_official_days(session: Session, term: Term) -> list[int]:
    """Mark the term's weekday public holidays and weekend make-up days as the State Council
    published them; the marks stay editable. Returns the years of the term whose schedule is
    not known (nothing is marked for them: the caller says they must be entered by hand)."""
    days, unknown = official_days(term.start_date, term.end_date)
    for mark in days:
        set_day_kind(session, term, mark.day, mark.kind, mark.note)
    return unknown


def unknown_holiday_years(term: Term) -> list[int]:
    """The years of the term whose official holidays the calendar library does not know yet:
    the term page keeps saying so until the days are entered by hand or the library learns."""
    return official_days(term.start_date, term.end_date)[1]


def refuse_overlap(session: Session, county_id: int, start_date: date, end_date: date,
                   term_id: int | None = None) -> None:
    """Terms decide the school days, enrolment and the subsidy: two of a county may not share
    a day (a mistyped date would double the calendar)."""
    query = select(Term).where(Term.county_id == county_id, Term.start_date <= end_date,
                               Term.end_date >= start_date)
    if term_id is not None:
        query = query.where(Term.id != term_id)
    other = session.scalars(query.order_by(Term.start_date)).first()
    if other is not None:
        from flask_babel import gettext as _
        raise OrgError(_("These dates overlap the term “%(name)s” (%(start)s to %(end)s): "
                         "terms may not share a day.", name=other.name,
                         start=other.start_date.isoformat(), end=other.end_date.isoformat()),
                       "start_date")


def edit_term(session: Session, term: Term, name: str, start_date: date,
              end_date: date) -> Term:
    refuse_overlap(session, term.county_id, start_date, end_date, term.id)
    term.name, term.start_date, term.end_date = name, start_date, end_date
    session.flush()
    return term


def create_term(session: Session, county_id: int, name: str, start_date: date,
                end_date: date) -> tuple[Term, list[int]]:
    """A new term with its official calendar filled in; also the years left to fill by hand."""
    refuse_overlap(session, county_id, start_date, end_date)
    term = Term(county_id=county_id, name=name, start_date=start_date, end_date=end_date)
    session.add(term)
    session.flush()
    return term, fill_official_days(session, term)


def subsidy_rate_on(session: Session, day: date, county_id: int | None = None) -> Decimal | None:
    """National rate in force on `day`, plus the county's top-ups in force; None if no rate."""
    return subsidy_rates_on(session, [day], county_id)[day]


def subsidy_rates_on(session: Session, days, county_id: int | None = None) -> dict:
    """day -> `subsidy_rate_on` of each of `days`, from one query over the rates in force
    anywhere between the first and the last day (a planner's week asks for five)."""
    days = sorted(set(days))
    if not days:
        return {}
    whose = SubsidyRate.county_id.is_(None)
    if county_id is not None:
        whose = or_(whose, SubsidyRate.county_id == county_id)
    rows = session.execute(select(
        SubsidyRate.county_id, SubsidyRate.start_date, SubsidyRate.end_date,
        SubsidyRate.amount).where(whose, SubsidyRate.start_date <= days[-1], or_(
            SubsidyRate.end_date.is_(None), SubsidyRate.end_date >= days[0]))).all()
    rates = {}
    for day in days:
        live = [r for r in rows if r.start_date <= day and (r.end_date is None
                                                            or r.end_date >= day)]
        national = max((r for r in live if r.county_id is None), default=None,
                       key=lambda r: r.start_date)
        top_up = sum((Decimal(r.amount) for r in live if r.county_id is not None),
                     Decimal("0.00"))
        rates[day] = None if national is None else (
            Decimal(national.amount) + top_up).quantize(Decimal("0.01"))
    return rates


def enrolment_mix(session: Session, school_id: int, term_id: int) -> list[tuple[str, str, int]]:
    """(age band, sex, head count) of a school's enrolment, summed over grades."""
    rows = session.execute(
        select(Enrolment.age_band, Enrolment.sex, func.sum(Enrolment.student_count))
        .where(Enrolment.school_id == school_id, Enrolment.term_id == term_id)
        .group_by(Enrolment.age_band, Enrolment.sex)
    ).all()
    order = {(b, s): i for i, (b, s) in enumerate((b, s) for b in AGE_BANDS for s in SEXES)}
    return sorted(((b, s, int(n)) for b, s, n in rows if n), key=lambda r: order[(r[0], r[1])])


def enrolment_totals(session: Session, term_id: int, school_ids=None) -> dict[int, int]:
    stmt = (select(Enrolment.school_id, func.sum(Enrolment.student_count))
            .where(Enrolment.term_id == term_id).group_by(Enrolment.school_id))
    if school_ids is not None:
        stmt = stmt.where(Enrolment.school_id.in_(list(school_ids)))
    return {sid: int(n or 0) for sid, n in session.execute(stmt)}


def enrolment_table(session: Session, school_id: int, term_id: int) -> dict:
    """{(grade, age_band, sex): count} for the edit form."""
    rows = session.scalars(select(Enrolment).where(Enrolment.school_id == school_id,
                                                   Enrolment.term_id == term_id))
    return {(e.grade, e.age_band, e.sex): e.student_count for e in rows}


def set_enrolment(session: Session, school_id: int, term_id: int, counts: dict,
                  source: str = "manual") -> None:
    """Replace a school's enrolment for a term with {(grade, age_band, sex): count}."""
    from flask_babel import gettext as _
    clean = {}
    for (grade, band, sex), count in counts.items():
        if not 1 <= int(grade) <= 9 or band not in AGE_BANDS or sex not in SEXES:
            raise OrgError(_("Invalid enrolment row: grade %(g)s, %(b)s, %(s)s.",
                             g=grade, b=band, s=sex))
        if count is None or not 0 <= int(count) <= MAX_HEAD_COUNT:
            raise OrgError(_("Head counts must be whole numbers from 0 to %(max)d.",
                             max=MAX_HEAD_COUNT))
        if int(count):
            clean[(int(grade), band, sex)] = int(count)
    existing = {(e.grade, e.age_band, e.sex): e for e in session.scalars(
        select(Enrolment).where(Enrolment.school_id == school_id, Enrolment.term_id == term_id))}
    for key, row in existing.items():
        if key not in clean:
            session.delete(row)
        elif row.student_count != clean[key] or row.source != source:
            row.student_count, row.source = clean[key], source
    for key, count in clean.items():
        if key not in existing:
            grade, band, sex = key
            session.add(Enrolment(school_id=school_id, term_id=term_id, grade=grade,
                                  age_band=band, sex=sex, student_count=count, source=source))
    session.flush()


def county_of(session: Session, school: School | None = None) -> County | None:
    """The school's county, or without a school the county this installation runs."""
    if school is not None:
        return session.scalar(select(County).join(Township).where(
            Township.id == school.township_id))
    return session.scalar(select(County).order_by(County.id))
