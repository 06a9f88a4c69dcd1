"""A school's dietary rule (清真, tags to avoid): who may set it and who may only read it, the
exact refusals in Chinese and English, nothing changed after a refusal, and the audit log."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from menus import services
from menus.models import SchoolRule
from suite.models import AuditEntry

from .helpers import audit

PEANUT_NOTE = "三年级两名学生花生过敏。"


def _rule_url(school) -> str:
    return f"/menus/schools/{school.id}/rule"


def _form(halal=True, avoid=("peanut_nuts",), note=PEANUT_NOTE) -> dict:
    data = {"avoid": list(avoid), "note": note}
    if halal:
        data["halal"] = "y"
    return data


def _state(db):
    """(rules, their audit entries) afresh: what a refusal must leave as it was."""
    db.expire_all()
    rules = [(r.school_id, r.halal, r.avoid, r.note) for r in
             db.scalars(select(SchoolRule).order_by(SchoolRule.school_id))]
    entries = db.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.record_type == "menus_school_rule"))
    return rules, entries


def _errors(response) -> list[str]:
    return re.findall(r'<p class="error" role="alert">([^<]*)</p>', response.get_data(as_text=True))


def test_a_school_without_a_rule_has_none(db, org):
    assert services.school_rule(db, org.schools[0].id) == {"halal": False, "avoid": [],
                                                            "note": ""}
    assert services.school_rules(db, [org.schools[0].id]) == {
        org.schools[0].id: {"halal": False, "avoid": [], "note": ""}}


@pytest.mark.parametrize("role", ["nutritionist", "bureau"])
def test_a_nutritionist_or_bureau_officer_sets_the_rule(app, client, login, db, org, role):
    app.config["BABEL_DEFAULT_LOCALE"] = "zh_Hans_CN"
    school = org.schools[0]
    user = login(role)
    response = client.post(_rule_url(school), data=_form(avoid=["egg", "peanut_nuts"]))
    assert response.status_code == 302 and response.location.endswith(_rule_url(school))
    page = client.get(_rule_url(school)).get_data(as_text=True)
    assert "学校饮食禁忌已保存。" in page and "清真学校" in page and PEANUT_NOTE in page
    for label in ("含猪肉", "清真存疑", "含花生或坚果", "含蛋"):
        assert f'<span class="badge badge-warn">{label}</span>' in page
    assert services.school_rule(db, school.id) == {
        "halal": True, "avoid": ["peanut_nuts", "egg"], "note": PEANUT_NOTE}
    assert services.banned_tags(**{k: v for k, v in services.school_rule(db, school.id).items()
                                   if k != "note"}) == {"pork", "halal_doubtful", "peanut_nuts",
                                                        "egg"}
    (entry,) = db.scalars(select(AuditEntry).where(AuditEntry.record_type == "menus_school_rule"))
    assert (entry.action, entry.user_id, entry.record_id) == ("create", user.id, str(school.id))
    assert audit(db, "menus_school_rule", school.id)[0][1]["avoid"] == ["peanut_nuts", "egg"]
    # the audit log reads it in Chinese: the record, the fields and the tags
    login("admin")
    log = client.get("/audit?record_type=menus_school_rule").get_data(as_text=True)
    for words in ("学校饮食禁忌", "清真", "避免的菜品标签", "含花生或坚果、含蛋"):
        assert words in log, words
    assert "peanut_nuts" not in log


def test_setting_the_same_rule_again_writes_nothing(db, org, nutritionist):
    school = org.schools[1]
    for _ in range(2):
        services.set_school_rule(db, school.id, halal=True, avoid=[], note="清真",
                                 user_id=nutritionist.id)
        db.commit()
    assert [a for a, _v in audit(db, "menus_school_rule", school.id)] == ["create"]
    services.set_school_rule(db, school.id, halal=False, avoid=[], note="清真",
                             user_id=nutritionist.id)
    db.commit()
    assert audit(db, "menus_school_rule", school.id)[-1] == ("update", {"halal": False})


def test_the_canteen_manager_reads_the_rule_but_cannot_change_it(app, client, login, db, org,
                                                                 nutritionist):
    app.config["BABEL_DEFAULT_LOCALE"] = "zh_Hans_CN"
    school = org.schools[0]
    services.set_school_rule(db, school.id, halal=True, avoid=[], note="回族学生较多。",
                             user_id=nutritionist.id)
    db.commit()
    before = _state(db)
    login("canteen_manager", school=school)
    page = client.get(_rule_url(school))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "清真学校" in html and "回族学生较多。" in html
    assert f'action="{_rule_url(school)}"' not in html  # no form to change it
    assert client.post(_rule_url(school), data=_form(halal=False)).status_code == 403
    assert _state(db) == before
    # another school's rule is not there for them, read or written
    assert client.get(_rule_url(org.schools[1])).status_code == 404


def test_a_school_of_another_county_is_not_found(client, login, db, org, factory):
    other = factory.school(factory.township(factory.county(), "外县镇"), "外县小学")
    db.commit()
    before = _state(db)
    login("nutritionist")
    assert client.get(_rule_url(other)).status_code == 404
    assert client.post(_rule_url(other), data=_form()).status_code == 404
    assert client.get("/menus/schools/999999/rule").status_code == 404
    assert _state(db) == before


@pytest.mark.parametrize("lang,data,errors", [
    ("en", _form(avoid=["peanut_nuts", "chocolate"]), ["Unknown tag: chocolate."]),
    ("zh_Hans_CN", _form(avoid=["chocolate"]), ["未知标签：chocolate。"]),
    ("en", _form(note="注" * 501), ["The note is at most 500 characters."]),
    ("zh_Hans_CN", _form(note="注" * 501), ["备注最多500个字。"]),
])
def test_wrong_input_is_refused_with_exact_messages_and_nothing_changes(
        app, client, login, db, org, nutritionist, lang, data, errors):
    app.config["BABEL_DEFAULT_LOCALE"] = lang
    school = org.schools[0]
    services.set_school_rule(db, school.id, halal=False, avoid=["egg"], note="",
                             user_id=nutritionist.id)
    db.commit()
    before = _state(db)
    login("nutritionist")
    response = client.post(_rule_url(school), data=data)
    assert response.status_code == 400
    assert _errors(response) == errors
    assert _state(db) == before


def test_the_service_refuses_unknown_tags_and_schools(db, org):
    with pytest.raises(services.MenuError) as exc:
        services.set_school_rule(db, 999999, halal=True, avoid=["pork", "cake"], note="",
                                 user_id=None)
    assert exc.value.errors.keys() == {"avoid", "school_id"}
    db.rollback()
    assert _state(db) == ([], 0)


def test_the_menus_pages_link_the_rule(client, login, db, org, planned, nutritionist):
    school = org.schools[0]
    services.set_school_rule(db, school.id, halal=True, avoid=[], note="",
                             user_id=nutritionist.id)
    db.commit()
    login("nutritionist")
    link = f'href="{_rule_url(school)}"'
    assert link in client.get(f"/menus/weeks/{planned.id}").get_data(as_text=True)
    weeks = client.get(f"/menus/weeks?school={school.id}").get_data(as_text=True)
    assert weeks.count(link) == 2  # the filter's link and the halal badge of its menu
