"""Audit log: changes made through the UI are recorded with who, what, old and new values;
secrets never reach it; the audit page lists and filters entries for admin and bureau only."""
from __future__ import annotations

import json
import re
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from suite.models import AuditEntry, School, User

from .helpers import school_form


def entries(db, **where):
    stmt = select(AuditEntry).order_by(AuditEntry.id)
    for key, value in where.items():
        stmt = stmt.where(getattr(AuditEntry, key) == value)
    return db.scalars(stmt).all()


def shown_entries(html: str) -> list[tuple[str, str, str]]:
    """(actor, action, record) of each row of the audit table."""
    rows = re.findall(r"<tr><td[^>]*>[^<]*</td><td[^>]*>([^<]*)</td><td[^>]*>([^<]*)</td>"
                      r"\s*<td>(.*?)</td>",
                      html)
    return [(actor, action, re.sub(r"<[^>]+>", "", record)) for actor, action, record in rows]


def test_school_edit_is_audited_with_actor_and_old_and_new_name(client, login, db, org):
    admin = login("admin")
    school = org.schools[0]
    response = client.post(f"/schools/{school.id}/edit",
                           data=school_form(school, name="东镇第一小学"))
    assert response.status_code == 302
    (entry,) = entries(db, record_type="suite_school", record_id=str(school.id),
                       action="update")
    assert (entry.actor, entry.user_id) == (admin.username, admin.id)
    assert entry.old_values == {"name": "东镇中心小学"}
    assert entry.new_values == {"name": "东镇第一小学"}
    assert db.scalar(select(School.name).where(School.id == school.id)) == "东镇第一小学"


def test_school_creation_is_audited_with_new_values(client, login, db, org):
    admin = login("admin")
    township = org.townships[1]
    response = client.post("/schools/new", data={
        "code": "S8001", "name": "西乡新小学", "township_id": str(township.id),
        "kind": "primary", "supply_mode": "family", "boarding": "y", "in_plan": "y",
        "active": "y"})
    assert response.status_code == 302
    school = db.scalar(select(School).where(School.code == "S8001"))
    (entry,) = entries(db, record_type="suite_school", record_id=str(school.id))
    assert (entry.action, entry.actor, entry.old_values) == ("create", admin.username, None)
    assert entry.new_values == {
        "id": school.id, "township_id": township.id, "code": "S8001", "name": "西乡新小学",
        "kind": "primary", "rural": False, "boarding": True, "supply_mode": "family",
        "in_plan": True, "active": True}


def test_removing_a_calendar_mark_is_audited_as_delete(client, login, db, org):
    admin = login("admin")
    assert client.post(f"/terms/{org.term.id}/days/2026-10-10/remove").status_code == 302
    (entry,) = entries(db, record_type="suite_term_day", action="delete")
    assert entry.actor == admin.username
    assert entry.new_values is None
    assert {k: entry.old_values[k] for k in ("term_id", "day", "kind", "note")} == {
        "term_id": org.term.id, "day": "2026-10-10", "kind": "makeup", "note": "调休"}


def test_password_hash_never_reaches_the_audit_log(client, login, db, org):
    admin = login("admin")
    response = client.post("/admin/users/new", data={
        "username": "cook1", "display_name": "厨师", "role": "nutritionist", "school_id": "0",
        "township_id": "0", "password": "longpassword1"})
    assert response.status_code == 302
    user = db.scalar(select(User).where(User.username == "cook1"))
    first_hash = user.password_hash
    response = client.post(f"/admin/users/{user.id}/password",
                           data={"password": "anotherpass22"})
    assert response.status_code == 302
    db.expire_all()
    second_hash = db.scalar(select(User.password_hash).where(User.id == user.id))
    assert second_hash != first_hash and second_hash.startswith("scrypt:")

    (created,) = entries(db, record_type="suite_user", record_id=str(user.id))
    assert (created.action, created.actor) == ("create", admin.username)
    assert created.new_values["username"] == "cook1"
    for entry in entries(db):
        assert "password_hash" not in (entry.old_values or {})
        assert "password_hash" not in (entry.new_values or {})
        text = json.dumps([entry.old_values, entry.new_values, entry.note])
        assert first_hash not in text and second_hash not in text and "scrypt:" not in text


def test_audit_page_lists_the_change(client, login, db, org, en):
    admin = login("admin")
    school = org.schools[0]
    client.post(f"/schools/{school.id}/edit", data=school_form(school, name="东镇第一小学"))
    response = client.get("/audit")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f"{len(entries(db))} entries" in html
    assert shown_entries(html)[0] == (admin.username, "Changed", "School · 东镇第一小学")
    assert f'<a href="/schools/{school.id}">东镇第一小学</a>' in html
    assert "<dt>Name</dt><dd>东镇中心小学 → 东镇第一小学</dd>" in html


def test_audit_page_filters_by_record_type(client, login, db, org, en):
    login("admin")
    expected = entries(db, record_type="suite_term_day")
    assert len(expected) == 2
    html = client.get("/audit?record_type=suite_term_day").get_data(as_text=True)
    assert "2 entries" in html
    assert [record for _a, _b, record in shown_entries(html)] == [
        f"Term calendar day · #{e.record_id}" for e in reversed(expected)]


def test_audit_page_filters_by_actor(client, login, db, org, en):
    admin = login("admin")
    school = org.schools[1]
    client.post(f"/schools/{school.id}/edit", data=school_form(school, name="东镇初级中学"))
    assert len(entries(db, actor="system")) > 1
    html = client.get(f"/audit?actor={admin.username}").get_data(as_text=True)
    assert "1 entries" in html
    assert shown_entries(html) == [(admin.username, "Changed", "School · 东镇初级中学")]


@pytest.mark.parametrize("role, status", [
    ("canteen_manager", 403), ("nutritionist", 403), ("bureau", 200), ("admin", 200)])
def test_audit_page_access_by_role(client, login, role, status):
    login(role)
    assert client.get("/audit").status_code == status


def test_audit_page_days_are_shanghai_days(client, login, db, org, en):
    login("admin")
    db.add(AuditEntry(at=datetime(2026, 11, 21, 20, 0, tzinfo=timezone.utc), actor="night",
                      action="view", record_type="suite_school", record_id="1"))
    db.flush()
    html = client.get("/audit?actor=night&from=2026-11-22&to=2026-11-22").get_data(as_text=True)
    assert "1 entries" in html and ">2026-11-22 04:00:00</td>" in html
    assert "0 entries" in client.get("/audit?actor=night&to=2026-11-21").get_data(as_text=True)


def test_a_record_is_linked_only_for_who_may_open_it(client, login, db, org, en, factory):
    """A bureau officer reads the log but may not open a user's page: the user is named,
    not linked (the link answered 403); the administrator gets the link."""
    cook = factory.user("nutritionist", username="cook1")
    cook.display_name = "厨师长"
    db.commit()
    login("bureau")
    html = client.get("/audit").get_data(as_text=True)
    assert "厨师长" in html and f'href="/admin/users/{cook.id}' not in html
    assert client.get(f"/admin/users/{cook.id}").status_code == 403
    client.get("/logout")
    login("admin")
    assert f'href="/admin/users/{cook.id}' in client.get("/audit").get_data(as_text=True)
