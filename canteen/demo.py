"""Demo data: every school day from the demo's first day (the first school day of last month)
up to yesterday has its lunch counted, food issued from stock (the ledger now goes down),
samples, an accompanying meal, the morning check, disinfection and residue tests — mostly
complete, with planted problems for the bureau to find in last month (the month it closes): a
few missing samples, one school whose counts are identical every day, one day where the rice
issued is twice what the menu explains, and one company-supplied school. Today is left open,
and so is the first school's last school day before today (only its morning check is done): the
canteen manager's work at hand on the home page."""
from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select

from procurement import services as procurement
from roster import services as roster
from suite import clock
from suite import services as org
from suite.models import User

from . import services
from .residue import TESTED_GROUPS

WORKERS = ("王秀英", "李建国", "张丽")
LEADERS = ("校长", "副校长", "教导主任")
GRAM = Decimal("0.1")
RICE = "012001x"


def _at(day, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=clock.zone())


def build(session, context) -> None:
    today, rng, term = context["today"], context["rng"], context["term"]
    schools = context["schools"]
    first = context["first_day"]  # the first school day of last month (or of the term)
    calendar = [first + timedelta(days=n) for n in range((today - first).days)]
    days = [d for d in org.school_days(session, term) if first <= d < today]
    if not days:
        return
    managers = dict(session.execute(select(User.school_id, User.id).where(
        User.role == "canteen_manager")).all())
    # the planted problems fall in the first month (last month): the one the bureau closes
    month = [d for d in days if (d.year, d.month) == (first.year, first.month)] or days
    repeating = schools[3].id if len(schools) > 3 else None  # identical counts every day
    doubled = (schools[0].id, month[len(month) // 2])        # rice issued twice the menu's
    no_sample = {(s.id, rng.choice(month)) for s in rng.sample(schools, min(3, len(schools)))}
    caterer = None
    for school in schools:
        user_id = managers.get(school.id)
        workers = [services.save_worker(session, school_id=school.id, name=name,
                                        health_certificate_expiry=today + timedelta(days=200))
                   for name in WORKERS]
        if school.supply_mode != "canteen":
            caterer = caterer or _caterer(session, today)
            _contracts(session, school, caterer, days[0])
        fixed = None
        delivered = _vegetables_by_day(session, school.id, first, today)
        served = days if not school.boarding else \
            [d for d in calendar if services.served_on_day(session, school.id, d)]
        for day in served:
            if school is schools[0] and day == days[-1]:
                # the manager's work at hand: only the morning check is done that day
                _morning_check(session, rng, school.id, day, workers, today)
                continue
            grades = fixed or _grades(session, rng, school.id, day)
            if school.id == repeating:
                fixed = grades
            count = services.save_counts(
                session, school_id=school.id, day=day, meal="lunch", grades=grades,
                teachers=3 if school.id == repeating else rng.randint(2, 6),
                confirm_repeat=True, user_id=user_id, today=today)
            if school.supply_mode == "canteen":
                _issue(session, rng, school.id, day, user_id, today,
                       double_rice=(school.id, day) == doubled)
            else:
                eaters = count.students + count.teachers
                services.save_supplied_meal(
                    session, school_id=school.id, day=day, meal="lunch",
                    supplier_id=caterer.id, slip_no="" if day == days[-2] else f"PS{day:%m%d}",
                    servings_by_band=_bands(session, school.id, term.id, eaters),
                    user_id=user_id, today=today)
            _logs(session, rng, school.id, day, workers, user_id, today, delivered,
                  sample=(school.id, day) not in no_sample)
        session.flush()


def _grades(session, rng, school_id, day) -> dict:
    """Most pupils eat; a few are absent in each grade."""
    grades = {}
    for grade, (enrolled, plan) in sorted(roster.enrolled_by_grade(session, school_id,
                                                                    day).items()):
        absent = min(enrolled, rng.randint(0, 2))
        grades[grade] = (enrolled - absent, max(0, min(plan, enrolled - absent)))
    return grades


def _issue(session, rng, school_id, day, user_id, today, double_rice=False) -> None:
    """What the menu asks for, give or take 3 %, as far as the stock goes."""
    quantities = {}
    for row in services.propose_issues(session, school_id, day, "lunch"):
        want = Decimal(row["planned_grams"]) * Decimal(str(round(rng.uniform(0.97, 1.03), 3)))
        if double_rice and row["code"] == RICE:
            want = Decimal(row["planned_grams"]) * 2
        grams = min(want, Decimal(row["on_hand_grams"])).quantize(GRAM, ROUND_HALF_UP)
        if grams > 0:
            quantities[row["food_id"]] = grams
    if quantities:
        services.issue_to_meal(session, school_id=school_id, day=day, meal="lunch",
                               quantities=quantities, user_id=user_id, today=today)


def _morning_check(session, rng, school_id, day, workers, today) -> None:
    services.record_health_checks(session, school_id=school_id, day=day, checked_by="王秀英",
                                  today=today, checks=[
        {"worker_id": w.id, "present": True, "fit": True, "hands_ok": True, "symptoms": "",
         "temperature_c": f"36.{rng.randint(1, 8)}"} for w in workers])


def _logs(session, rng, school_id, day, workers, user_id, today, delivered,
          sample=True) -> None:
    now = clock.utcnow()
    _morning_check(session, rng, school_id, day, workers, today)
    if sample:
        for dish in services.served_dishes(session, school_id, day, "lunch"):
            taken = _at(day, 11, 50)
            kept = services.record_sample(
                session, school_id=school_id, day=day, meal="lunch", dish_id=dish["id"],
                grams=str(rng.randint(125, 160)), taken_at=taken, taken_by="李建国",
                user_id=user_id, today=today, now=now)
            if taken + timedelta(hours=49) <= now:
                services.dispose_sample(session, kept.id, disposed_at=taken + timedelta(hours=49),
                                        disposed_by="李建国", now=now)
    services.save_accompanied_meal(
        session, school_id=school_id, day=day, meal="lunch", leader=rng.choice(LEADERS),
        companions="值周教师", quality=rng.choice(("excellent", "excellent", "good")),
        hygiene="excellent", dining_order=rng.choice(("excellent", "good")), service="good",
        user_id=user_id, today=today)
    services.record_disinfection(session, school_id=school_id, day=day, meal="lunch",
                                 method=rng.choice(("steam", "cabinet")),
                                 started_at=_at(day, 13, 10), minutes=30, person="张丽",
                                 today=today, now=now)
    for line in delivered.get(day, ()):
        if line["accepted"]:
            services.record_residue_test(
                session, school_id=school_id, delivery_line_id=line["id"],
                sample=line["food_name"], inhibition_rate=str(rng.randint(5, 30)),
                tested_by="张丽", day=day, user_id=user_id, today=today)


def _vegetables_by_day(session, school_id, first, today) -> dict:
    """The vegetable and fruit lines delivered to the school, by delivery day (one query)."""
    by_day: dict = {}
    for line in procurement.delivery_lines(session, school_id, first, today, TESTED_GROUPS):
        by_day.setdefault(line["delivery_date"], []).append(line)
    return by_day


def _caterer(session, today):
    return procurement.save_supplier(session, {
        "name": "示范县阳光餐饮管理有限公司", "credit_code": "91350881MA000CT099",
        "licence_no": "JY23508810000099", "licence_expiry": today + timedelta(days=420),
        "approved": True, "food_groups": [], "contact": "周经理", "phone": "13805930099"})


def _contracts(session, school, caterer, start) -> None:
    for band, price in (("6-8", "4.60"), ("9-11", "4.90"), ("12-14", "5.20")):
        services.save_contract(session, school_id=school.id, supplier_id=caterer.id,
                               meal="lunch", age_band=band, start_date=start, end_date=None,
                               price_per_serving=price, contract_no="GC-2026-003")


def _bands(session, school_id, term_id, eaters: int) -> dict:
    """The servings by age band in the school's enrolment mix, adding up to `eaters`."""
    mix = {}
    for band, _sex, n in org.enrolment_mix(session, school_id, term_id):
        mix[band] = mix.get(band, 0) + n
    total = sum(mix.values()) or 1
    bands = {b: eaters * n // total for b, n in mix.items()}
    biggest = max(mix, key=mix.get)
    bands[biggest] += eaters - sum(bands.values())
    return bands
