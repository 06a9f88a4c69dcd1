"""The bureau's explanation of a flag (edited, audited, refused), the flags page (Chinese,
scoped, the explain form) and the flags API."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from subsidy import services
from subsidy.models import FlagNote
from suite import accounts
from suite.models import AuditEntry
from tests.canteen.helpers_safety import english_words
from tests.subsidy.helpers_flags import clean_month, flags_of, stand_in_ledger

KEY = "2026-11-20|lunch"


@pytest.fixture
def month(db, org, deliver, monkeypatch):
    """The clean month of school 0 without its sample: one flag, no_sample."""
    stand_in_ledger(monkeypatch)
    return clean_month(db, org, deliver, sample=False)


def explain(db, school, note, code="no_sample", key=KEY, user=None):
    return services.explain_flag(db, school_id=school.id, year=2026, month=11, code=code,
                                 record_key=key, note=note, user_id=user.id if user else None)


def notes(db):
    db.expire_all()
    return db.execute(select(FlagNote.code, FlagNote.record_key, FlagNote.note)).all()


@pytest.mark.usefixtures("en")
def test_explained_then_edited_and_audited(db, factory, month):
    officer = factory.user("bureau", username="officer1")
    row = explain(db, month, "  留样冰箱当天故障，已补记。 ", user=officer)
    db.commit()
    [found] = flags_of(db, month)
    assert found["explained"]["note"] == "留样冰箱当天故障，已补记。"
    assert found["explained"]["by"] == "officer1" and found["explained"]["at"] is not None
    explain(db, month, "冰箱故障，维修单已存档。", user=officer)
    db.commit()
    assert notes(db) == [("no_sample", KEY, "冰箱故障，维修单已存档。")]
    actions = db.execute(select(AuditEntry.action, AuditEntry.new_values).where(
        AuditEntry.record_type == "subsidy_flag_note",
        AuditEntry.record_id == str(row.id)).order_by(AuditEntry.id)).all()
    assert [a for a, _v in actions] == ["create", "update"]
    assert actions[1][1]["note"] == "冰箱故障，维修单已存档。"


@pytest.mark.usefixtures("en")
@pytest.mark.parametrize("kwargs, field, message", [
    ({"code": "made_up"}, "code", "Choose a flag of the list."),
    ({"note": "   "}, "note", "Write what explains the flag."),
    ({"note": "字" * 1001}, "note", "Write at most 1000 characters (now 1001)."),
])
def test_refused_explanations_change_nothing(db, month, kwargs, field, message):
    args = {"note": "说明", **kwargs}
    with pytest.raises(services.FlagError) as refused:
        explain(db, month, **args)
    assert refused.value.messages() == {field: message}
    db.rollback()
    assert notes(db) == []
    assert explain(db, month, "字" * 1000).note == "字" * 1000  # 1000 characters are enough


def test_the_page_in_chinese_lists_open_flags_first(client, db, org, login, month):
    school1 = org.schools[1]
    login("bureau")
    explain(db, month, "冰箱故障。")
    db.commit()
    clean_second(db, org)
    page = client.get("/subsidy/flags?month=2026-11").get_data(as_text=True)
    assert "异常预警" in page and page.count('data-code="no_sample"') == 2
    assert "2026-11-20 午餐：登记就餐学生 37 人，但该餐没有留样记录。" in page
    assert "已说明" in page and "冰箱故障。" in page
    assert page.index(f'data-school="{school1.id}"') < page.index(f'data-school="{month.id}"')
    assert "未说明的预警 4 项，已说明 1 项。" in page
    assert english_words(page) == set()


def clean_second(db, org):
    """A lunch counted at school 1 with nothing else: its flags (no menu, food, sample or
    accompanying log) are open."""
    from tests.canteen.helpers_issuing import count
    count(db, org.schools[1], grades={7: (30, 30)}, teachers=0)
    db.commit()


def test_the_bureau_explains_through_the_form(client, db, login, month):
    login("bureau")
    data = {"school_id": str(month.id), "month": "2026-11", "code": "no_sample",
            "record_key": KEY, "note": "冰箱故障。"}
    response = client.post("/subsidy/flags/explain", data=data)
    assert response.status_code == 302
    assert notes(db) == [("no_sample", KEY, "冰箱故障。")]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "已将该预警标为已说明。" in page and "flag-explained" in page
    refused = client.post("/subsidy/flags/explain", data={**data, "note": ""})
    assert refused.status_code == 400
    assert "请填写预警的说明。" in refused.get_data(as_text=True)
    assert notes(db) == [("no_sample", KEY, "冰箱故障。")]


def test_scoping(client, db, org, login, month):
    clean_second(db, org)
    login("township_officer", township=org.townships[1])  # school 2 only: no flags
    page = client.get("/subsidy/flags?month=2026-11").get_data(as_text=True)
    assert "本月没有预警。" in page and "data-school=" not in page
    assert client.get(f"/subsidy/flags?month=2026-11&school={month.id}").status_code == 404
    post = client.post("/subsidy/flags/explain", data={
        "school_id": str(month.id), "month": "2026-11", "code": "no_sample",
        "record_key": KEY, "note": "x"})
    assert post.status_code == 403 and notes(db) == []
    login("township_officer", township=org.townships[0])
    page = client.get("/subsidy/flags?month=2026-11&code=no_menu").get_data(as_text=True)
    assert f'data-school="{org.schools[1].id}"' in page
    assert 'data-code="no_menu"' in page and 'data-code="no_sample"' not in page
    login("canteen_manager")
    assert client.get("/subsidy/flags?month=2026-11").status_code == 403


@pytest.fixture
def api(client, factory, db):
    def _api(role, **kw):
        token = accounts.create_token(db, factory.user(role, **kw))
        db.commit()
        return lambda url: client.get(url, headers={"Authorization": f"Bearer {token}"})
    return _api


@pytest.mark.usefixtures("en")
def test_the_api(db, org, month, api):
    explain(db, month, "冰箱故障。")
    db.commit()
    call = api("bureau")
    body = call(f"/api/v1/subsidy/flags?month=2026-11&school={month.id}").get_json()
    assert body["month"] == "2026-11" and body["open"] == 0
    [flag] = body["flags"]
    assert flag["code"] == "no_sample" and flag["record_key"] == KEY
    assert flag["label"] == "Meal without a retained sample"
    assert flag["explanation"] == ("2026-11-20, Lunch: 37 students were counted, but no "
                                   "sample of the meal was retained.")
    assert flag["figures"] == {"day": "2026-11-20", "meal": "lunch", "students": "37",
                               "teachers": "4"}
    assert flag["url"] == f"/canteen/{month.id}/2026-11-20/lunch/samples"
    assert flag["explained"]["note"] == "冰箱故障。"
    bad = call("/api/v1/subsidy/flags?month=2026-13")
    assert bad.status_code == 400
    assert bad.get_json()["errors"] == {"month": "Enter a month as YYYY-MM."}
    township = api("township_officer", township=org.townships[1])
    assert township(f"/api/v1/subsidy/flags?month=2026-11&school={month.id}").status_code \
        == 404
    assert township("/api/v1/subsidy/flags?month=2026-11").get_json()["flags"] == []
    assert api("canteen_manager", school=month)(
        "/api/v1/subsidy/flags?month=2026-11").status_code == 403
    assert db.scalar(select(func.count()).select_from(FlagNote)) == 1
