"""Demo data: the bureau's month-end work half done, for the officer to finish in the browser.

Run after the canteen's and procurement's demos (which plant the problems: a day's rice issued
twice over, missing samples, identical counts, food short in the stores), it

- has schools submit last month (月结) and the bureau close some of them: the second school's
  month is left submitted for the bureau to close, the first school's stays open (its manager's
  work at hand may fall in that month), the third and fourth are closed;
- explains two of the planted flags of last month (where the canteen demo plants them: its
  data starts on the first school day of last month) with the bureau's note, before closing:
  the first missing sample and the first food issued short of the menu; the other flags, the
  doubled rice among them, stay open;
- records inspections: a special inspection of the first school by the bureau officer and the
  township's officer (the officer has confirmed, the township has not; findings due in two
  weeks), a spot check of the second school confirmed by both, rectified with an evidence
  picture and closed, and a self-check of the third school with a finding still open.

Deterministic: no randomness is drawn, every choice follows the data."""
from __future__ import annotations

import struct
import zlib
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import select

from suite.models import User

from . import services

NO_SAMPLE_NOTE = "经核实，当日留样由值班人员漏记；学校已完善留样管理制度，并对食堂人员进行了培训。"
SHORT_NOTE = "经核实，当天该食材库存不足，改用同类食材替代；已要求学校按实际就餐天数安排配送。"
INSPECTION_FINDINGS = ("1. 部分餐次无留样记录；\n2. 食堂出入库台账与库存盘点相差较大；\n"
                       "3. 陪餐记录签字不全。")
SPOT_FINDINGS = "食堂原料索证索票资料未按月装订归档，部分配送单缺少验收人签字。"
RECTIFIED_NOTE = "已将索证索票资料按月装订归档，补齐验收签字，并指定专人每周检查。"
SELF_FINDINGS = "消毒记录有两天漏填，已当场补记；今后由食堂管理员每日下班前核对。"


def previous_month(today: date) -> tuple[int, int]:
    """The month before today's: over, so a school may submit it."""
    last = today.replace(day=1) - timedelta(days=1)
    return last.year, last.month


def build(session, context) -> None:
    today, schools = context["today"], context["schools"]
    users = {u.username: u for u in session.scalars(select(User))}
    bureau = users["bureau"].id

    def manager(school):
        return users[f"canteen-{school.code.lower()}"].id

    year, month = previous_month(today)
    _explain(session, schools, year, month, bureau, today)  # reviewed before it is closed
    for k, school in enumerate(schools[1:4], start=1):
        services.submit_month(session, school_id=school.id, year=year, month=month,
                              user_id=manager(school), today=today)
        if k >= 2:
            services.close_month(session, school_id=school.id, year=year, month=month,
                                 user_id=bureau, today=today)
    _inspections(session, context, users, manager)
    session.flush()


def _explain(session, schools, year: int, month: int, bureau: int, today: date) -> None:
    """The first missing sample and the first food issued short of the menu, in school order
    (looking at the first ten schools at most), explained by the bureau."""
    settings = services.flag_settings(current_app.config)
    wanted = {"no_sample": NO_SAMPLE_NOTE, "short": SHORT_NOTE}
    for school in schools[:10]:
        for flag in services.month_flags(session, school.id, year, month, today=today,
                                         settings=settings):
            kind = flag["code"]
            if kind == "unexplained_issue" and \
                    flag["figures"]["issued_grams"] < flag["figures"]["planned_grams"]:
                kind = "short"
            if kind in wanted:
                services.explain_flag(session, school_id=school.id, year=year, month=month,
                                      code=flag["code"], record_key=flag["record_key"],
                                      note=wanted.pop(kind), user_id=bureau)
        if not wanted:
            return


def _officer_of(users: dict, context, school) -> int | None:
    """The township officer of the school's township (the roster demo makes one each)."""
    for k, township in enumerate(context["townships"], start=1):
        user = users.get(f"township-{k}")
        if township.id == school.township_id and user is not None:
            return user.id
    return None


def _inspections(session, context, users: dict, manager) -> None:
    today, schools = context["today"], context["schools"]
    bureau = users["bureau"].id
    first = schools[0]
    team = [bureau] + [i for i in [_officer_of(users, context, first)] if i]
    special = services.record_inspection(
        session, school_id=first.id, kind="special", day=today - timedelta(days=3),
        scopes=["aid", "canteen_accounts", "food_safety"], findings=INSPECTION_FINDINGS,
        due_date=today + timedelta(days=14), member_ids=team, user_id=bureau, today=today)
    services.confirm_inspection(session, special.id, user_id=bureau)
    if len(schools) < 2:
        return
    second = schools[1]
    team = [bureau] + [i for i in [_officer_of(users, context, second)] if i]
    spot = services.record_inspection(
        session, school_id=second.id, kind="spot", day=today - timedelta(days=25),
        scopes=["archives", "food_safety"], findings=SPOT_FINDINGS,
        due_date=today - timedelta(days=11), member_ids=team, user_id=bureau, today=today)
    for member in team:
        services.confirm_inspection(session, spot.id, user_id=member)
    services.record_rectification(
        session, spot.id, note=RECTIFIED_NOTE, file_bytes=evidence_png(),
        filename="索证索票归档照片.png", user_id=manager(second),
        instance_path=current_app.instance_path,
        max_bytes=current_app.config["SUBSIDY_EVIDENCE_MAX_BYTES"])
    services.close_inspection(session, spot.id, user_id=bureau)
    if len(schools) < 3:
        return
    third = schools[2]
    own = manager(third)
    check = services.record_inspection(
        session, school_id=third.id, kind="self", day=today - timedelta(days=10),
        scopes=["food_safety"], findings=SELF_FINDINGS, due_date=today + timedelta(days=7),
        member_ids=[own], user_id=own, today=today)
    services.confirm_inspection(session, check.id, user_id=own)


def evidence_png(width: int = 96, height: int = 64) -> bytes:
    """A small picture (a filing shelf in two colours) as a PNG, made here: the evidence."""
    rows = []
    for y in range(height):
        shelf = y % 16 < 2
        row = bytearray([0])  # no filter
        for x in range(width):
            binder = (x // 12) % 2
            row += bytes((90, 70, 50) if shelf else ((200, 60, 50) if binder else
                                                     (60, 110, 190)))
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + \
            struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b""))
