"""Demo data of the registration fields, added after the roster's other demo records (no
random draws: the other plugins' demo data stays as it was): every pupil's stage, month of
entry and household type; left-behind pupils (one parent or both away), migrant workers'
children, an orphan, a disabled pupil, a martyr's child; one pupil with a passport and no
resident ID; and family members for a share of the pupils."""
from __future__ import annotations

from datetime import date

from sqlalchemy import case, insert, select, update

from .models import Guardian, HouseholdChild, Student, StudentAid
from .synth import make_id

PASSPORT = "E12345678"
RELATIONS = ("父亲", "母亲", "祖父", "祖母")


def build(session, context) -> None:
    term = context["term"]
    year = term.start_date.year
    session.execute(update(Student).values(
        school_stage=case((Student.grade <= 6, "primary"), else_="junior"),
        household_type="agricultural", left_behind="no", entry_mode="就近入学",
        entry_month=case(*[(Student.grade == g, date(year - g + 1, 9, 1)) for g in range(1, 10)]),
        household_region="350881"))
    ids = session.scalars(select(Student.id).order_by(Student.id)).all()
    flags = {"left_behind": {"single": ids[3::9], "both": ids[5::23]},
             "migrant_child": ids[7::31], "orphan": ids[11:12], "martyr_child": ids[13:14]}
    for value, chosen in flags["left_behind"].items():
        session.execute(update(Student).where(Student.id.in_(chosen)).values(left_behind=value))
    for column in ("migrant_child", "orphan", "martyr_child"):
        session.execute(update(Student).where(Student.id.in_(flags[column]))
                        .values({column: True}))
    session.execute(update(Student).where(Student.id.in_(ids[17:18])).values(
        disability_type="视力残疾", inclusive_class=True))
    _passport(session)
    _guardians(session, ids)
    session.flush()


def _passport(session) -> None:
    """A pupil without aid, outside the ledger, holds a passport instead of a resident ID: a
    J-form student number, no ID number."""
    aided = select(StudentAid.student_id)
    in_ledger = select(HouseholdChild.id_number).where(HouseholdChild.id_number.is_not(None))
    student = session.scalar(select(Student).where(
        Student.id.not_in(aided), Student.id_number.not_in(in_ledger))
        .order_by(Student.id.desc()).limit(1))
    if student is None:
        return
    session.execute(update(Student).where(Student.id == student.id).values(
        student_no="J" + student.student_no[1:], id_number=None, document_type="A",
        document_number=PASSPORT))


def _guardians(session, ids) -> None:
    """Father or mother (the guardian on the roster) for every fourth pupil, and a
    grandparent as the second family member for every eighth."""
    rows = session.execute(select(Student.id, Student.guardian_name, Student.guardian_phone)
                           .where(Student.id.in_(ids[::4])).order_by(Student.id)).all()
    out = []
    for k, (sid, name, phone) in enumerate(rows):
        born = date(1984 + k % 8, 1 + k % 12, 1 + k % 28)
        out.append({"student_id": sid, "position": 1, "name": name, "relation": RELATIONS[k % 2],
                    "is_guardian": True, "document_type": "1", "phone": phone,
                    "id_number": make_id("350881", born, "MF"[k % 2], k % 400)})
        if k % 2 == 0:
            born = date(1958 + k % 8, 1 + k % 12, 1 + k % 28)
            out.append({"student_id": sid, "position": 2, "name": name[0] + "老",
                        "relation": RELATIONS[2 + k % 2], "is_guardian": False,
                        "document_type": "1", "phone": "",
                        "id_number": make_id("350881", born, "MF"[k % 2], k % 400)})
    for start in range(0, len(out), 5000):
        session.execute(insert(Guardian.__table__), out[start:start + 5000])

