"""Family lookup (one student's own aid, one answer for every miss, limits per IP and per ID
number, no ID number stored) and the aid policies (public when published, bureau only)."""
from __future__ import annotations

import hashlib
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from roster import lookup
from roster.lookup_limits import id_key
from roster.models import (AidCategory, AidPayment, AidProgram, DifficultyLevel, LookupCounter,
                           Policy, Student, StudentAid)
from roster.synth import make_id, students
from suite.db import utcnow


pytestmark = pytest.mark.usefixtures("en")  # English pages and messages


def _student(db, row, school, name):
    s = Student(student_no=row["学籍号"], name=name, sex="M" if row["性别"] == "男" else "F",
                birth_date=date.fromisoformat(row["出生日期"]), id_number=row["身份证号"],
                school_id=school.id, grade=int(row["年级"]))
    db.add(s)
    db.flush()
    return s


@pytest.fixture
def people(db, org):
    """Two students with aid and payments; A's history has records that must not show."""
    today = lookup.local_date(utcnow())
    rows = students(2, [org.schools[0].code], seed=11)
    a = _student(db, rows[0], org.schools[0], "王小明")
    b = _student(db, rows[1], org.schools[1], "李小红")
    cat = {c.code: c for c in db.scalars(select(AidCategory))}
    lvl = {lv.code: lv for lv in db.scalars(select(DifficultyLevel))}
    living = db.scalar(select(AidProgram).where(AidProgram.code == "living_subsidy"))
    other = AidProgram(code="t_nutrition_top_up", name="县级营养补助", rates=[])
    db.add(other)
    db.flush()
    db.add_all([
        StudentAid(student_id=a.id, category_id=cat["poverty_alleviated"].id,
                   level_id=lvl["special"].id, start_date=date(2020, 9, 1)),
        StudentAid(student_id=a.id, category_id=cat["dibao"].id, start_date=date(2020, 9, 1),
                   withdrawn_at=utcnow(), withdraw_reason="核查不符"),
        StudentAid(student_id=a.id, category_id=cat["left_behind"].id,
                   start_date=date(2019, 9, 1), end_date=date(2020, 1, 1)),
        StudentAid(student_id=b.id, category_id=cat["orphan"].id, start_date=date(2021, 3, 1)),
    ])
    pay = dict(term_id=org.term.id, school_id=org.schools[0].id)
    db.add_all([
        AidPayment(student_id=a.id, program_id=living.id, amount=Decimal("625.00"),
                   paid_on=date(today.year, 1, 1), card_tail="4321", **pay),
        AidPayment(student_id=a.id, program_id=other.id, amount=Decimal("120.50"),
                   paid_on=today, card_tail="4321", **pay),
        AidPayment(student_id=a.id, program_id=living.id, amount=Decimal("333.33"),
                   paid_on=date(today.year - 1, 12, 31), card_tail="4321", **pay),
        AidPayment(student_id=a.id, program_id=living.id, amount=Decimal("444.44"),
                   paid_on=today, card_tail="4321", voided_at=utcnow(), void_reason="重复",
                   **pay),
        AidPayment(student_id=b.id, program_id=living.id, amount=Decimal("777.77"),
                   paid_on=today, card_tail="9876", term_id=org.term.id,
                   school_id=org.schools[1].id),
    ])
    db.commit()
    return a, b


def ask(client, id_number, name, ip="10.0.0.1"):
    return client.post("/roster/lookup", data={"id_number": id_number, "name": name},
                       environ_base={"REMOTE_ADDR": ip})


def section(response) -> str:
    match = re.search(r'<section id="lookup-result".*?</section>', response.get_data(as_text=True),
                      re.S)
    assert match, response.get_data(as_text=True)
    return match.group(0)


def _no_token(response) -> str:
    """The page without the CSRF token (it carries a timestamp)."""
    return re.sub(r'(name="csrf_token"[^>]*value=")[^"]*', r"\1", response.get_data(as_text=True))


def attempts(db, ip="") -> int:
    """Lookups counted against an address (all addresses: every counter's count)."""
    where = [LookupCounter.key == f"ip:{ip}"] if ip else [LookupCounter.key.startswith("ip:")]
    return db.scalar(select(func.coalesce(func.sum(LookupCounter.n), 0)).where(*where))


def test_the_lookup_page_is_public_and_not_cached(client):
    response = client.get("/roster/lookup")
    assert response.status_code == 200 and "Check a student's aid" in response.text
    assert response.headers["Cache-Control"] == "no-store"


def test_right_id_and_name_show_that_students_aid_and_nothing_else(client, people, org):
    a, b = people
    response = ask(client, a.id_number.lower(), " 王\u3000小明 ")  # case and spaces forgiven
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    found = section(response)
    assert "王小明" in found and lookup.mask_id(a.id_number) in found
    assert "脱贫家庭学生" in found and "特别困难" in found
    assert "625.00" in found and "120.50" in found and "745.50" in found  # the year's total
    assert "县级营养补助" in found and "****4321" in found
    for hidden in ("最低生活保障", "留守儿童", "333.33", "444.44"):  # withdrawn, ended, past, void
        assert hidden not in found and hidden not in page.replace(found, "")
    for other in ("李小红", "孤儿", "777.77", "9876", b.id_number[-4:]):
        assert other not in found
    assert "李小红" not in page and "孤儿" not in page and b.id_number not in page
    assert a.id_number not in page and a.id_number[4:14] not in page
    assert a.student_no not in page
    for school in org.schools:
        assert school.name not in page and school.code not in page


def test_wrong_name_and_unknown_id_give_the_same_answer(client, people):
    a, _b = people
    unknown = make_id("350881", date(2015, 5, 5), "M", 400)
    wrong_name = ask(client, a.id_number, "王小刚")
    no_such = ask(client, unknown, "王小明")
    others_name = ask(client, a.id_number, "李小红")  # another student's name
    assert wrong_name.status_code == no_such.status_code == others_name.status_code == 200
    assert section(wrong_name) == section(no_such) == section(others_name)
    assert _no_token(wrong_name) == _no_token(no_such) == _no_token(others_name)  # whole page
    assert "No student matches" in section(no_such) and "王小明" not in no_such.text
    assert a.id_number not in wrong_name.text and unknown not in no_such.text


def test_an_invalid_id_number_is_refused_and_not_echoed(client, people):
    bad = "110101201001010019"  # wrong check digit
    response = ask(client, bad, "王小明")
    assert response.status_code == 200 and "not a valid ID number" in response.text
    assert bad not in response.text and 'id="lookup-result"' not in response.text


def test_limit_per_ip(client, people, app, db):
    a, _b = people
    app.config["LOOKUP_LIMIT_IP"] = 3
    for serial in range(3):
        assert ask(client, make_id("350881", date(2015, 5, 5), "F", serial), "某某").status_code \
            == 200
    assert attempts(db) == 3
    limited = ask(client, a.id_number, "王小明")
    assert limited.status_code == 429 and "Too many lookups" in section(limited)
    assert int(limited.headers["Retry-After"]) > 0
    assert "王小明" not in limited.text and "625.00" not in limited.text
    assert "625.00" in section(ask(client, a.id_number, "王小明", ip="10.0.0.2"))


def test_limit_per_id_number_from_one_address(client, people, app, db):
    a, b = people
    app.config["LOOKUP_LIMIT_ID_IP"] = 2
    for _n in range(2):
        assert ask(client, a.id_number, "张三", ip="10.0.1.1").status_code == 200
    limited = ask(client, a.id_number, "王小明", ip="10.0.1.1")
    assert limited.status_code == 429 and "625.00" not in limited.text
    assert "777.77" in section(ask(client, b.id_number, "李小红", ip="10.0.1.1"))
    assert "625.00" in section(ask(client, a.id_number, "王小明", ip="10.0.1.3"))


def test_counters_keep_a_keyed_digest_never_the_number(client, people, db, app):
    a, _b = people
    ask(client, a.id_number, "王小明")
    ask(client, a.id_number, "王小刚", ip="10.9.9.9")
    keys = set(db.scalars(select(LookupCounter.key)))
    secret = app.config["SECRET_KEY"].encode()
    assert keys == {"ip:10.0.0.1", "ip:10.9.9.9",
                    "idip:" + id_key(a.id_number, secret, "10.0.0.1"),
                    "idip:" + id_key(a.id_number, secret, "10.9.9.9")}
    for key in keys:
        assert a.id_number not in key and a.id_number[-6:] not in key
    digest = id_key(a.id_number, secret, "10.0.0.1")
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    assert digest != hashlib.sha256(f"{a.id_number}|10.0.0.1".encode()).hexdigest()


def test_service_window_retry_and_pruning(db, people):
    a, _b = people
    limits = lookup.Limits(per_ip=2, per_id_ip=10)
    t0 = utcnow().replace(microsecond=0)
    for minutes in (0, 1):
        result = lookup.lookup(db, a.id_number, "王小明", "1.2.3.4", t0 + timedelta(minutes=minutes),
                               limits)
        assert result.status == "found" and len(result.payments) == 2
    refused = lookup.lookup(db, a.id_number, "王小明", "1.2.3.4", t0 + timedelta(minutes=2),
                            limits)
    assert refused.status == "limited" and refused.payments == () and refused.name == ""
    assert 57 * 60 < refused.retry_after <= 58 * 60 + 1
    later = lookup.lookup(db, a.id_number, "王小明", "1.2.3.4", t0 + timedelta(minutes=61), limits)
    assert later.status == "found" and attempts(db, "1.2.3.4") == 1  # a new window
    lookup.lookup(db, "", "", "5.6.7.8", t0 + timedelta(hours=26), limits)
    assert set(db.scalars(select(LookupCounter.key))) == {
        "ip:5.6.7.8", "idip:" + id_key("", b"", "5.6.7.8")}  # the day-old ones are gone


# ---------------------------------------------------------------------------- policies

def _policy(db, stage, title, body="按规定申请。", published=False):
    policy = lookup.create_policy(db, stage, title, body, published=published)
    db.commit()
    return policy


def test_public_page_lists_only_published_policies_by_stage(client, db):
    _policy(db, "senior_high", "普通高中国家助学金", published=True)
    _policy(db, "preschool", "学前教育幼儿资助", published=True)
    _policy(db, "higher", "生源地信用助学贷款（草稿）")
    page = client.get("/roster/policies").get_data(as_text=True)
    assert "普通高中国家助学金" in page and "学前教育幼儿资助" in page
    assert "草稿" not in page and "Higher education" not in page
    assert page.index("Preschool education") < page.index("Senior high school")


def test_bureau_creates_edits_publishes_and_unpublishes(client, db, login):
    login("bureau")
    assert client.get("/roster/policies/manage").status_code == 200
    response = client.post("/roster/policies/new", data={
        "stage": "compulsory", "title": "义务教育家庭经济困难寄宿生生活补助",
        "body": "第一段\r\n第二行\r\n\r\n申请：向学校提交申请表。"})
    assert response.status_code == 302
    policy = db.scalar(select(Policy))
    assert policy.published is False and policy.body == "第一段\n第二行\n\n申请：向学校提交申请表。"
    assert "寄宿生生活补助" not in client.get("/roster/policies").text
    edit = client.post(f"/roster/policies/{policy.id}/edit", data={
        "stage": "compulsory", "title": "寄宿生生活补助", "body": policy.body})
    assert edit.status_code == 302
    client.post(f"/roster/policies/{policy.id}/publish", data={"published": "1"})
    public = client.get("/roster/policies").get_data(as_text=True)
    assert "寄宿生生活补助" in public and "第一段<br>第二行</p>" in public
    client.post(f"/roster/policies/{policy.id}/publish", data={"published": "0"})
    assert "寄宿生生活补助" not in client.get("/roster/policies").text
    assert client.post("/roster/policies/999999/publish").status_code == 404


def test_bad_policy_input_is_refused(client, db, login):
    login("bureau")
    page = client.post("/roster/policies/new", data={"stage": "nursery", "title": " ",
                                                     "body": "x"})
    assert page.status_code == 200 and db.scalar(select(func.count()).select_from(Policy)) == 0
    with pytest.raises(lookup.PolicyError) as exc:
        lookup.create_policy(db, "nursery", "", "")
    assert set(exc.value.errors) == {"stage", "title", "body"}


@pytest.mark.parametrize("role", ["admin", "nutritionist", "canteen_manager",
                                  "township_officer"])
def test_other_roles_may_not_manage_policies(client, db, login, org, role):
    policy = _policy(db, "vocational", "中职国家助学金")
    login(role, township=org.townships[0] if role == "township_officer" else None)
    assert client.get("/roster/policies/manage").status_code == 403
    assert client.get("/roster/policies/new").status_code == 403
    assert client.post("/roster/policies/new", data={"stage": "higher", "title": "t",
                                                     "body": "b"}).status_code == 403
    assert client.get(f"/roster/policies/{policy.id}/edit").status_code == 403
    assert client.post(f"/roster/policies/{policy.id}/publish").status_code == 403
    db.refresh(policy)
    assert policy.published is False
    assert client.get("/roster/policies").status_code == 200


def test_anonymous_is_sent_to_log_in_for_bureau_pages(client):
    assert client.get("/roster/policies/manage").status_code == 302


def test_html_in_a_policy_is_shown_as_text(client, db):
    _policy(db, "preschool", "<b>学前</b>资助", "<script>alert(1)</script>\n第二行",
            published=True)
    page = client.get("/roster/policies").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "<b>学前</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>第二行" in page
    assert "&lt;b&gt;学前&lt;/b&gt;资助" in page
