"""Lists, clauses and labels in the reader's language: 午餐、晚餐 in Chinese, "Lunch, Dinner"
in English (the English pages once joined them with 、 and ；), the audit log's closed month
without ids, the 405 page explained, a student's sex as a person's, checks with ≥."""
from __future__ import annotations

import re

from flask_babel import refresh
from sqlalchemy import select

from suite.listing import join_clauses, join_items, labelled
from suite.models import AuditEntry


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def test_the_joins_follow_the_language(app):
    with app.test_request_context():
        assert (join_items(["午餐", "晚餐"]), join_clauses(["甲", "乙"]), labelled("乡镇", "白水乡")) \
            == ("午餐、晚餐", "甲；乙", "乡镇：白水乡")
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    refresh()  # the test's app context keeps the locale it worked out first
    with app.test_request_context():
        assert (join_items(["Lunch", "Dinner"]), join_clauses(["a", "b"]),
                labelled("Township", "Baishui")) == ("Lunch, Dinner", "a; b", "Township: Baishui")


def test_a_suppliers_groups_and_the_home_pages_role_in_each_language(client, login, supplier,
                                                                      app):
    login("bureau")
    page = _text(client.get("/procurement/suppliers"))
    assert "谷薯类、植物油" in page
    assert "角色：教育局工作人员" in _text(client.get("/"))
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    refresh()
    page = _text(client.get("/procurement/suppliers"))
    assert "Cereals and tubers, Vegetable oil" in page and "、" not in page
    assert "Role: Bureau officer" in _text(client.get("/"))


def test_a_closed_months_snapshot_names_its_township_not_its_id(client, login, db, org, app):
    from suite.audit_view import format_value
    township = org.schools[0].township
    snapshot = {"school_id": org.schools[0].id, "school": org.schools[0].name, "code": "S1",
                "township_id": township.id, "township": township.name, "year": 2026,
                "days": [{"day": "2026-11-02"}]}
    with app.test_request_context():
        assert format_value("snapshot", snapshot, {}) == \
            f"学校：{org.schools[0].name}；代码：S1；乡镇：{township.name}；年度：2026；另有 1 项"
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    refresh()
    with app.test_request_context():
        assert format_value("snapshot", snapshot, {}) == \
            f"School: {org.schools[0].name}; Code: S1; Township: {township.name}; Year: 2026; " \
            "1 more items"


def test_the_405_page_says_what_to_do(client):
    response = client.get("/logout")
    assert response.status_code == 405
    page = _text(response)
    assert "405 · 不能这样操作" in page
    assert "这个地址只接受提交的表单，不能直接打开。请使用页面上的按钮。" in page


def test_a_students_sex_is_a_persons_in_english(client, login, db, org, app):
    from roster.models import Student
    student = Student(student_no="G1", name="陈小红", sex="F", grade=5, school_id=org.schools[0].id)
    db.add(student)
    db.commit()
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    refresh()
    login("bureau")
    page = _text(client.get(f"/roster/students/{student.id}"))
    assert "Female" in page and "Girls" not in page
    assert db.scalar(select(AuditEntry.id).where(AuditEntry.record_type == "roster_student"))
