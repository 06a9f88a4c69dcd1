"""The API's answer to a save is built before the commit from what the save read (the
day's enrolment, the menu): it is exactly what a GET of the record answers afterwards, for a
new record and for edits that reorder, remove and add grades and dishes."""
from __future__ import annotations

import pytest

from suite import accounts

from .helpers_counts import TODAY, make_dishes, publish_menu

API = "/api/v1/canteen/meals/{school}/2026-11-20/lunch"


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr("suite.clock.today", lambda: TODAY)


def test_the_put_answer_is_the_get_answer(en, db, org, factory):
    school = org.schools[0]
    rice, egg, soup = make_dishes(db, "米饭", "蒸鸡蛋", "紫菜汤")
    publish_menu(db, org, school, [rice, egg])
    raw = accounts.create_token(db, factory.user("canteen_manager", school=school))
    db.commit()
    headers, url = {"Authorization": f"Bearer {raw}"}, API.format(school=school.id)
    saves = [
        {"grades": {"4": {"students": 20, "plan_students": 19}}, "teachers": 3},
        {"grades": {"4": [18, 18], "1": {"students": 31, "plan_students": 28}}, "teachers": 2,
         "dishes": [soup.id, rice.id], "change_note": "鸡蛋未到货"},
        {"grades": {"1": {"students": 29, "plan_students": 29}}, "teachers": 1,
         "dishes": [rice.id, egg.id, soup.id], "change_note": "加汤"},
    ]
    version = None
    for n, body in enumerate(saves):
        answer = en.put(url, headers=headers, json=dict(body, version=version))
        assert answer.status_code == (201 if version is None else 200), answer.get_json()
        got = en.get(url, headers=headers)
        assert answer.get_json() == got.get_json(), n
        version = got.get_json()["version"]
    last = got.get_json()
    assert (last["version"], last["students"], last["teachers"]) == (3, 29, 1)
    assert [g["grade"] for g in last["grades"]] == [1]
    assert [d["name"] for d in last["dishes"]] == ["米饭", "蒸鸡蛋", "紫菜汤"]
    assert [d["name"] for d in last["menu_dishes"]] == ["米饭", "蒸鸡蛋"]
    assert last["grades"][0]["enrolled"] == 38 and last["menu_changed"] is True


def test_a_note_that_is_not_text_is_refused_and_nothing_is_saved(en, db, org, factory):
    school = org.schools[0]
    raw = accounts.create_token(db, factory.user("canteen_manager", school=school))
    db.commit()
    headers, url = {"Authorization": f"Bearer {raw}"}, API.format(school=school.id)
    body = {"grades": {"4": {"students": 20, "plan_students": 19}}, "teachers": 3}
    for bad in ({"change_note": 12}, {"make_up_reason": True, "change_note": ["a"]}):
        answer = en.put(url, headers=headers, json=dict(body, **bad))
        assert answer.status_code == 400
        assert answer.get_json()["errors"] == {name: "Write this as text, in quotes."
                                               for name in bad}
        assert en.get(url, headers=headers).status_code == 404  # nothing was saved
    assert en.put(url, headers=headers, json=dict(body, change_note=None)).status_code == 201
