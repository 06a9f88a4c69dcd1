"""The audit log reads as a person reads it in Chinese: record types, fields and values in
words, old → new, the record's name and a link (issue 9 #22, audit part)."""
from __future__ import annotations

import csv
import io
import re
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from roster import services as roster
from roster.models import Student
from roster.synth import students
from suite.audit import acting_as, record_view
from suite.audit_labels import FIELD_LABELS, RECORD_LABELS
from suite.collation import pinyin_order
from suite.models import SubsidyRate
from suite.tabular import read_table

from .helpers import school_form

FORBIDDEN = {"None", "True", "False", "update", "create", "delete", "view", "void", "enrolled",
             "left", "name", "boarding", "status", "amount", "rate", "school", "student"}


@pytest.fixture
def app_config():
    return {"BABEL_DEFAULT_LOCALE": "zh_Hans_CN"}


def _typical_changes(client, db, org, admin):
    school = org.schools[0]
    client.post(f"/schools/{school.id}/edit",
                data=school_form(school, name="东镇第一小学", boarding="y"))
    rows = students(2, [school.code], seed=3)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    data = out.getvalue().encode("utf-8-sig")
    roster.import_students(db, read_table(data, "r.csv"), filename="r.csv", data=data,
                           today=date(2026, 11, 22), user_id=admin.id)
    student = db.scalars(select(Student).order_by(Student.id)).first()
    student.status, student.status_date, student.class_name = "left", date(2026, 11, 20), "三班"
    record_view(db, "roster_student", student.id, note="full ID number and phone shown")
    db.add(SubsidyRate(county_id=org.county.id, amount=Decimal("5.5"),
                       start_date=date(2026, 9, 1)))
    db.commit()
    return school, student


def test_the_audit_log_shows_no_code_in_chinese(client, login, db, org):
    admin = login("admin")
    school, student = _typical_changes(client, db, org, admin)
    html = client.get("/audit").get_data(as_text=True)
    table = html[html.index('<table class="audit">'):html.index("</table>")]
    text = re.sub(r"<[^>]+>", " ", table).replace(admin.username, "")
    words = set(re.findall(r"[A-Za-z_]+", text))
    assert not words & FORBIDDEN, words & FORBIDDEN
    assert not [w for w in words if "_" in w], words
    assert not set(RECORD_LABELS) & words and "{" not in text and "}" not in text
    assert f'学校 · <a href="/schools/{school.id}">东镇第一小学</a>' in table
    assert "<dt>名称</dt><dd>东镇中心小学 → 东镇第一小学</dd>" in table
    assert "<dt>寄宿制</dt><dd>否 → 是</dd>" in table
    assert f'学生 · <a href="/roster/students/{student.id}">{student.name}</a>' in table
    assert "<dt>状态</dt><dd>在读 → 离校</dd>" in table
    assert "<dt>状态日期</dt><dd>2026-11-22 → 2026-11-20</dd>" in table
    assert "<dt>班级</dt>" in table and "→ 三班</dd>" in table
    assert ">查看</td>" in table and "查看了完整身份证号和电话" in table
    assert "<dt>金额</dt><dd>5.50</dd>" in table and "<dt>县</dt><dd>测试县</dd>" in table
    assert "<dt>来源</dt><dd>手工录入 → 名册</dd>" in table
    assert "<dt>数量统计</dt><dd>新增：2；已更新：0；无变化：0；转学：0</dd>" in table
    assert ">新建</td>" in table and ">修改</td>" in table
    assert not re.search(r"\d{14}[\dX]{4}", text)  # no full ID number


def test_the_filters_have_chinese_labels(client, login, db, org):
    login("admin")
    html = client.get("/audit").get_data(as_text=True)
    assert '<option value="suite_school">学校</option>' in html
    assert '<option value="update">修改</option>' in html
    assert '<option value="void">作废</option>' in html
    html = client.get("/audit?record_type=suite_school&action=update").get_data(as_text=True)
    assert '<option value="suite_school" selected>学校</option>' in html


def test_every_audited_column_has_a_label(app):
    from suite.audit_view import field_label
    from suite.db import Base
    missing = [f"{m.class_.__tablename__}.{a.key}" for m in Base.registry.mappers
               if getattr(m.class_, "__audited__", False) for a in m.column_attrs
               if a.key not in FIELD_LABELS and not a.columns[0].info.get("label")
               and a.key not in getattr(m.class_, "__audit_exclude__", ())]
    assert not missing
    assert field_label("suite_school", "no_such_column") == "其他字段"


def test_a_page_past_the_end_says_so_and_links_to_the_last(client, login, db, org):
    login("admin")
    html = client.get("/audit?page=99999").get_data(as_text=True)
    assert "没有第 99999 页：最后一页是第 1 页。" in html
    assert 'href="/audit?page=1"' in html and "最后一页" in html
    assert "第 99999 页，共" not in html


def test_a_date_filter_that_is_not_a_date_says_so(client, login, db, org):
    login("admin")
    html = client.get("/audit?from=notadate&to=2026-13-01").get_data(as_text=True)
    assert "“notadate”不是有效的日期（请写成 2026-09-01 的形式），已忽略该筛选条件。" in html
    assert "“2026-13-01”不是有效的日期" in html
    assert '<table class="audit">' in html  # the log is shown, unfiltered


def test_the_record_types_are_listed_in_pinyin_order(client, login, db, org):
    login("admin")
    html = client.get("/audit").get_data(as_text=True)
    select_ = html[html.index('name="record_type"'):]
    labels = re.findall(r'<option value="[a-z_]+">([^<]+)</option>',
                        select_[:select_.index("</select>")])
    assert labels == sorted(labels, key=pinyin_order)
    assert labels != sorted(labels), labels  # code-point order would differ: the test can fail


@pytest.mark.parametrize("reason", ["registration layout exported with full ID numbers|²",
                                    "registration layout exported with full ID numbers|5",
                                    "full ID number and phone shown"])
def test_a_users_words_that_read_like_a_system_note_stay_as_written(client, login, db,
                                                                     deliver, reason):
    """A void's reason is the entry's note: it was once read as the system's code (a 500 for
    "|²", a forged export line for "|5")."""
    from procurement import services as procurement
    delivery = deliver([("大米", "10", "kg", "5")])
    manager = login("canteen_manager")
    with acting_as(manager.id, manager.username):  # as the void page or API records it
        procurement.void_delivery(db, delivery, reason, user_id=manager.id)
        db.commit()
    login("admin")
    response = client.get("/audit")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert reason in page
    assert "名学生" not in page and "查看了完整身份证号和电话" not in page
