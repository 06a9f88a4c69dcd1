"""Helpers of the inspection tests: a team of users, files of each kind (and impostors), an
inspection recorded through the service, row counts and logging in as a given user."""
from __future__ import annotations

import io
import zipfile
from datetime import date

from sqlalchemy import func, select

from subsidy import services
from subsidy.models import Inspection, InspectionMember, Rectification
from tests.factories import PASSWORD, TODAY

DAY = date(2026, 11, 20)   # a Friday before TODAY (and before the real today of the tests)
DUE = date(2026, 12, 4)

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 56 + b"This program cannot be run in DOS mode"


def office(part: str) -> bytes:
    """A minimal Office Open XML package holding `part` (xl/workbook.xml, word/document.xml)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("run.bat", "echo hi")
    return buffer.getvalue()


def team(factory, org) -> dict:
    """Users: two bureau officers, a township officer of each township, a canteen manager of
    the first two schools, an administrator."""
    t1, t2 = org.townships
    s0, s1 = org.schools[0], org.schools[1]
    users = {
        "bureau1": factory.user("bureau", username="bureau-li"),
        "bureau2": factory.user("bureau", username="bureau-wang"),
        "town1": factory.user("township_officer", township=t1, username="town-east"),
        "town2": factory.user("township_officer", township=t2, username="town-west"),
        "school0": factory.user("canteen_manager", school=s0, username="canteen-zero"),
        "school0b": factory.user("canteen_manager", school=s0, username="canteen-zero-b"),
        "school1": factory.user("canteen_manager", school=s1, username="canteen-one"),
        "admin": factory.user("admin", username="admin-zhao"),
    }
    names = {"bureau1": "李科长", "bureau2": "王干事", "town1": "东镇张专干",
             "town2": "西乡赵专干", "school0": "刘管理员", "school0b": "陈管理员",
             "school1": "周管理员", "admin": "赵管理员"}
    for key, user in users.items():
        user.display_name = names[key]
    factory.session.commit()
    return users


def record(db, users, school, **overrides):
    """A special inspection by bureau1 with bureau1 and town1 on the team (committed)."""
    values = dict(school_id=school.id, kind="special", day=DAY, scopes=["aid", "food_safety"],
                  findings="留样不足48小时；陪餐记录缺三天。", due_date=DUE,
                  member_ids=[users["bureau1"].id, users["town1"].id],
                  user_id=users["bureau1"].id, today=TODAY)
    values.update(overrides)
    inspection = services.record_inspection(db, **values)
    db.commit()
    return inspection


def counts(db) -> tuple:
    """Inspections, members, confirmed members, rectifications, and (id, status) of each."""
    db.expire_all()
    return (db.scalar(select(func.count()).select_from(Inspection)),
            db.scalar(select(func.count()).select_from(InspectionMember)),
            db.scalar(select(func.count(InspectionMember.confirmed_at))),
            db.scalar(select(func.count()).select_from(Rectification)),
            tuple(db.execute(select(Inspection.id, Inspection.status)
                             .order_by(Inspection.id)).all()))


def log_in(client, user) -> None:
    """Log in as this user through the real login view."""
    client.post("/logout")
    response = client.post("/login", data={"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.data
