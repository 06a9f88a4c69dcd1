"""Demo data: each school's students (matching its enrolment), about a fifth with aid, boarders,
the term's living-subsidy payments (to aided boarders only), one township's household ledger with children studying
outside the county, and an outside list with planted omissions, duplicates and conflicts."""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import insert, select

from suite.models import Enrolment
from suite.tabular import write_xlsx

from . import demo_registration
from .aid import program_rate
from .models import (AidCategory, AidPayment, AidProgram, DifficultyLevel, HouseholdChild,
                     Student, StudentAid)
from .synth import GIVEN, SURNAMES, make_id

JUNIOR_GRADES = range(7, 10)


def _birth(rng, term_start: date, band: str) -> date:
    low, high = (int(x) for x in band.split("-"))
    age = rng.randint(low, high)
    return term_start - timedelta(days=365 * age + rng.randint(0, 360))


def build(session, context) -> None:
    rng, term, today = context["rng"], context["term"], context["today"]
    used: dict = {}
    students = []
    for school in context["schools"]:
        for e in session.scalars(select(Enrolment).where(Enrolment.school_id == school.id,
                                                         Enrolment.term_id == term.id)):
            for _n in range(e.student_count):
                born = _birth(rng, term.start_date, e.age_band)
                serial = used.get((born, e.sex), 0)
                used[(born, e.sex)] = serial + 1
                id_number = make_id("350881", born, e.sex, serial)
                students.append({
                    "student_no": "G" + id_number, "name": rng.choice(SURNAMES) + "".join(
                        rng.sample(GIVEN, rng.choice((1, 2)))), "sex": e.sex,
                    "birth_date": born, "id_number": id_number, "ethnicity": "汉族",
                    "school_id": school.id, "grade": e.grade, "class_name": "1班",
                    "boarding": school.boarding and rng.random() < 0.6,
                    "household_township": school.township.name, "household_village": "",
                    "guardian_name": rng.choice(SURNAMES) + "某",
                    "guardian_phone": f"139{rng.randint(10000000, 99999999)}",
                    "status": "enrolled", "status_date": term.start_date})
    for start in range(0, len(students), 5000):
        session.execute(insert(Student.__table__), students[start:start + 5000])
    session.flush()
    _aid(session, rng, term, today)
    _ledger(session, rng, context)
    _outside_list(session, rng)
    _policies(session)
    _officers(session, context)
    demo_registration.build(session, context)


def _aid(session, rng, term, today) -> None:
    categories = session.scalars(select(AidCategory).order_by(AidCategory.position)).all()
    levels = session.scalars(select(DifficultyLevel)).all()
    program = session.scalar(select(AidProgram).where(AidProgram.code == "living_subsidy"))
    paid_on = min(today, term.start_date + timedelta(days=45))
    for student in session.scalars(select(Student)):
        if rng.random() >= 0.2:
            continue
        session.add(StudentAid(student_id=student.id, category_id=rng.choice(categories[:5]).id,
                               level_id=rng.choice(levels).id, start_date=term.start_date,
                               evidence="乡镇审核表", confirmed_by="资助办"))
        card_tail = f"{rng.randint(0, 9999):04d}"
        if not student.boarding:  # the boarding living subsidy is for boarders only
            continue
        yearly = program_rate(program, term.start_date, student.boarding,
                              student.grade in JUNIOR_GRADES)
        session.add(AidPayment(student_id=student.id, program_id=program.id, term_id=term.id,
                               school_id=student.school_id, amount=yearly / 2, paid_on=paid_on,
                               card_tail=card_tail))
    session.flush()


def _ledger(session, rng, context) -> None:
    township = context["townships"][0]
    places = [("compulsory", "county", None), ("senior_high", "county", "示范县第一中学"),
              ("vocational", "city", "市职业技术学校"), ("higher", "outside", "福建师范大学"),
              ("senior_high", "outside", "厦门市第二中学"), ("preschool", "county", "城关幼儿园")]
    students = session.scalars(select(Student).where(Student.household_township ==
                                                     township.name).limit(8)).all()
    rows = []
    for k in range(14):
        stage, location, school_name = places[k % len(places)]
        if stage == "compulsory" and students:
            s = students.pop()
            name, id_number, born, school_name = s.name, s.id_number, s.birth_date, "本县学校"
        else:
            born = date(2026 - {"preschool": 5, "senior_high": 17, "vocational": 17,
                                "higher": 20}.get(stage, 12), 3, 1 + k)
            id_number = make_id("350881", born, "MF"[k % 2], 400 + k)
            name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        aided = None if k % 5 == 4 else (k % 3 != 2)
        rows.append(HouseholdChild(
            township_id=township.id, year=context["today"].year, name=name, id_number=id_number,
            birth_date=born, village="红星村", household_head=name[0] + "某", stage=stage,
            household_kind="poverty_alleviated", location=location, school_name=school_name,
            aided=aided, supplementary=aided is False,
            confirmed_by="乡镇扶贫办" if aided is not None else ""))
    session.add_all(rows)
    session.flush()


def _outside_list(session, rng) -> None:
    """An export of the poverty-alleviation register, as the demo county would receive it:
    every aided student with their category, and planted problems: two aided students
    missing (only in the roster), a child missing from the roster (a possible omission),
    one child listed twice, and one name and one category that differ."""
    aided = session.execute(select(Student, AidCategory.name).join(
        StudentAid, StudentAid.student_id == Student.id).join(AidCategory)
        .order_by(Student.id)).all()
    rows = [[s.name, s.id_number, s.birth_date.isoformat(), category] for s, category in aided]
    rows = rows[2:]                              # two aided students the list misses
    rows[3][0] = rows[3][0][0] + "错名"          # conflict: the name differs
    rows[4][3] = "其他"                           # conflict: the category differs
    rows.append(list(rows[5]))                  # the same child twice in the list
    born = date(2015, 6, 1)
    rows.append(["李未录", make_id("350881", born, "M", 480), born.isoformat(), "脱贫家庭学生"])
    folder = Path(current_app.instance_path) / "demo"
    folder.mkdir(parents=True, exist_ok=True)
    body = write_xlsx([("名单", ["姓名", "身份证号", "出生日期", "类别"], rows)],
                      text_columns=("身份证号",))
    (folder / "outside-list.xlsx").write_bytes(body)
    from suite.tabular import read_table

    from .reconciliation import run_reconciliation
    run_reconciliation(session, left="roster", right="list",
                       table=read_table(body, "outside-list.xlsx"), filename="outside-list.xlsx",
                       title="扶贫系统导出名单比对（示范）", aided_only=True)


POLICIES = [
    ("preschool", "学前教育资助", "家庭经济困难幼儿减免保育教育费。\n向就读幼儿园提出申请，提交家庭经济困难认定材料。"),
    ("compulsory", "义务教育阶段资助", "免除学杂费、免费提供教科书；家庭经济困难寄宿生生活补助：小学每生每年1250元，初中1500元；"
     "非寄宿生按50%补助。\n营养改善计划：每生每天5元膳食补助。\n每学期初向就读学校提出申请。"),
    ("senior_high", "普通高中资助", "国家助学金、免学杂费。\n开学后向就读学校学生资助中心申请。"),
    ("vocational", "中职教育资助", "免学费、国家助学金。\n向就读学校申请。"),
    ("higher", "高等教育资助", "生源地信用助学贷款、国家助学金、县级补充资助。\n就读地未享受资助的，可凭学校盖章的确认表向户籍所在乡镇申请县级补充资助。"),
]


def _policies(session) -> None:
    from .lookup import create_policy
    for stage, title, body in POLICIES:
        create_policy(session, stage, title, body, published=True)


def _officers(session, context) -> None:
    """One township officer per township (the role this plugin adds)."""
    from suite import accounts
    from suite.auth import roles
    for k, township in enumerate(context["townships"], start=1):
        username = f"township-{k}"
        accounts.create_user(session, username=username, password=context["password"],
                             role="township_officer", roles=roles(), township_id=township.id,
                             display_name=f"{township.name}资助专干")
        context["logins"].append((username, "township_officer", context["password"]))
