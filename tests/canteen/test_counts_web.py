"""The meal-count screen and its JSON API: who may read and save, school scoping, CSRF, the
stale-version refusal (409) and a Chinese page without English."""
from __future__ import annotations

import re

import pytest

from canteen import services
from suite import accounts

from ..factories import PASSWORD
from .helpers_counts import FRIDAY, TODAY, make_dishes, publish_menu, record, stored

URL = "/canteen/{school}/2026-11-20/lunch/counts"
API = "/api/v1/canteen/meals/{school}/2026-11-20/lunch"
FORM = {"grade_1": "30", "grade_1_plan": "28", "grade_4": "20", "grade_4_plan": "20",
        "teachers": "3"}


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr("suite.clock.today", lambda: TODAY)


@pytest.fixture
def token(db, factory, org):
    def _token(role, school=None):
        user = factory.user(role, school=school)
        raw = accounts.create_token(db, user)
        db.commit()
        return {"Authorization": f"Bearer {raw}"}
    return _token


def test_manager_enters_and_edits_counts_on_the_screen(en, db, org, login):
    login("canteen_manager", school=org.schools[0])
    school = org.schools[0].id
    page = en.get(URL.format(school=school))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Enrolled 38, of whom 38 in the nutrition plan" in html
    assert 'name="version" type="hidden" value=""' in html
    assert 'name="make_up_reason"' not in html  # a school day
    saturday = en.get(URL.format(school=school).replace("11-20", "11-21"))
    assert "This is not a school day." in saturday.get_data(as_text=True)
    assert 'name="make_up_reason"' in saturday.get_data(as_text=True)
    response = en.post(URL.format(school=school), data=FORM)
    assert response.status_code == 302
    assert record(db, school, FRIDAY) == (1, 50, 48, 3, [(1, 30, 28), (4, 20, 20)])
    html = en.get(URL.format(school=school)).get_data(as_text=True)
    assert 'name="version" type="hidden" value="1"' in html and 'value="30"' in html
    response = en.post(URL.format(school=school), data=dict(FORM, version="1", teachers="4"))
    assert response.status_code == 302
    assert record(db, school, FRIDAY)[:4] == (2, 50, 48, 4)
    stale = en.post(URL.format(school=school), data=dict(FORM, version="1", teachers="9"))
    assert stale.status_code == 400
    assert "saved meanwhile by" in stale.get_data(as_text=True)
    assert "(version 2)" in stale.get_data(as_text=True)
    assert record(db, school, FRIDAY)[:4] == (2, 50, 48, 4)


def test_refusals_are_shown_on_their_fields_and_nothing_is_saved(en, db, org, login):
    login("canteen_manager", school=org.schools[0])
    before = stored(db)
    response = en.post(URL.format(school=org.schools[0].id),
                       data=dict(FORM, grade_1="39", grade_4="3.5", teachers="-1"))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Grade 1: 39 students served, but only 38 enrolled on 2026-11-20." in html
    assert "Grade 4: enter whole numbers, 0 or more." in html
    assert "Enter a whole number, 0 or more." in html
    assert stored(db) == before


def test_the_repeat_warning_shows_a_confirm_box(en, db, org, login):
    user = login("canteen_manager", school=org.schools[0])
    for day in (16, 17, 18, 19):
        services.save_counts(db, school_id=org.schools[0].id, day=FRIDAY.replace(day=day),
                             meal="lunch", grades={1: (30, 28), 4: (20, 20)}, teachers=3,
                             today=TODAY, user_id=user.id)
    db.commit()
    response = en.post(URL.format(school=org.schools[0].id), data=FORM)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and 'name="confirm_repeat"' in html
    assert "confirm they are real" in html
    response = en.post(URL.format(school=org.schools[0].id), data=dict(FORM, confirm_repeat="y"))
    assert response.status_code == 302
    assert services.meal_counts(db, org.schools[0].id, FRIDAY, "lunch")["repeat_confirmed"]


def test_menu_dishes_are_ticked(en, db, org, login):
    rice, egg, soup = make_dishes(db, "米饭", "蒸鸡蛋", "紫菜汤")
    publish_menu(db, org, org.schools[0], [rice, egg])
    db.commit()
    login("canteen_manager", school=org.schools[0])
    html = en.get(URL.format(school=org.schools[0].id)).get_data(as_text=True)
    assert len(re.findall(r'<input checked id="dishes-\d" name="dishes" type="checkbox"', html)) \
        == 2
    response = en.post(URL.format(school=org.schools[0].id), data=dict(FORM, dishes=[rice.id]))
    assert "note what changed and why" in response.get_data(as_text=True)
    response = en.post(URL.format(school=org.schools[0].id),
                       data=dict(FORM, dishes=[rice.id], change_note="鸡蛋未到"))
    assert response.status_code == 302
    got = services.meal_counts(db, org.schools[0].id, FRIDAY, "lunch")
    assert [d["name"] for d in got["dishes"]] == ["米饭"] and got["menu_changed"]
    html = en.get(URL.format(school=org.schools[0].id)).get_data(as_text=True)
    assert f'<option value="{soup.id}">紫菜汤</option>' in html
    response = en.post(URL.format(school=org.schools[0].id), data=dict(
        FORM, version="1", dishes=[rice.id, egg.id], added_dish=str(soup.id), change_note="加汤"))
    assert response.status_code == 302
    got = services.meal_counts(db, org.schools[0].id, FRIDAY, "lunch")
    assert [d["name"] for d in got["dishes"]] == ["米饭", "蒸鸡蛋", "紫菜汤"]


def test_scoping_of_the_screen(en, db, org, login):
    school = org.schools[0].id
    login("canteen_manager", school=org.schools[1])
    assert en.get(URL.format(school=school)).status_code == 404
    assert en.post(URL.format(school=school), data=FORM).status_code == 404
    login("canteen_manager", school=org.schools[0])
    for bad in ("/canteen/{school}/2026-13-01/lunch/counts", "/canteen/{school}/x/lunch/counts",
                "/canteen/{school}/2026-11-20/supper/counts",
                "/canteen/99999/2026-11-20/lunch/counts"):
        assert en.get(bad.format(school=school)).status_code == 404
    en.post(URL.format(school=school), data=FORM)
    login("bureau")
    page = en.get(URL.format(school=school))
    assert page.status_code == 200 and "<form method=\"post\" novalidate>" not in \
        page.get_data(as_text=True)
    assert ">50<" in page.get_data(as_text=True)
    assert en.post(URL.format(school=school), data=dict(FORM, version="1")).status_code == 403
    assert record(db, school, FRIDAY)[0] == 1
    login("nutritionist")
    assert en.get(URL.format(school=school)).status_code == 403


def test_the_form_carries_a_csrf_token_and_needs_it(make_app, db, org, factory):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    user = factory.user("canteen_manager", school=org.schools[0])
    db.commit()
    login_page = client.get("/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
    client.post("/login", data={"username": user.username, "password": PASSWORD,
                                "csrf_token": csrf})
    html = client.get(URL.format(school=org.schools[0].id)).get_data(as_text=True)
    assert 'name="csrf_token"' in html
    assert client.post(URL.format(school=org.schools[0].id), data=FORM).status_code == 400
    assert stored(db) == (0, 0, 0)


def test_chinese_page_shows_no_english(client, db, org, login):
    login("canteen_manager", school=org.schools[0])
    response = client.post(URL.format(school=org.schools[0].id),
                           data=dict(FORM, grade_1="39", teachers="abc"))
    html = response.get_data(as_text=True)
    assert "1年级：供餐39人，但2026-11-20在籍仅38人。" in html
    main = re.search(r"<main.*?</main>", html, re.S).group(0)
    text = re.sub(r"<[^>]+>", " ", main)
    assert re.findall(r"[A-Za-z]{2,}", text) == []


def test_api_put_and_get(en, db, org, token):
    headers = token("canteen_manager", school=org.schools[0])
    url = API.format(school=org.schools[0].id)
    assert en.get(url, headers=headers).status_code == 404
    body = {"grades": {"1": {"students": 30, "plan_students": 28},
                       "4": {"students": 20, "plan_students": 20}}, "teachers": 3}
    created = en.put(url, headers=headers, json=body)
    assert created.status_code == 201
    got = created.get_json()
    assert (got["version"], got["students"], got["plan_students"], got["day"]) == \
        (1, 50, 48, "2026-11-20")
    edited = en.put(url, headers=headers, json=dict(body, version=1, teachers=4))
    assert edited.status_code == 200 and edited.get_json()["version"] == 2
    stale = en.put(url, headers=headers, json=dict(body, version=1, teachers=9))
    assert stale.status_code == 409
    assert "(version 2)" in stale.get_json()["errors"]["version"]
    assert stale.get_json()["current"]["teachers"] == 4
    again = en.put(url, headers=headers, json=body)  # create over an existing record
    assert again.status_code == 409
    bad = en.put(url, headers=headers, json=dict(body, version=2, teachers="3.5"))
    assert bad.status_code == 400 and bad.get_json()["errors"] == {
        "teachers": "Enter a whole number, 0 or more."}
    assert en.put(url, headers=headers, json=[1]).status_code == 400
    assert en.put(url, headers=headers, json=dict(body, version=2, dishes="1")).get_json()[
        "errors"] == {"dishes": "Choose dishes from the list."}
    assert en.get(url, headers=headers).get_json()["teachers"] == 4


def test_api_scoping(en, db, org, token):
    url = API.format(school=org.schools[0].id)
    body = {"grades": {"1": {"students": 1, "plan_students": 1}}, "teachers": 0}
    assert en.put(url, headers=token("canteen_manager", school=org.schools[1]),
                  json=body).status_code == 404
    bureau = token("bureau")
    assert en.put(url, headers=bureau, json=body).status_code == 403
    assert en.put(url, headers=token("canteen_manager", school=org.schools[0]),
                  json=body).status_code == 201
    assert en.get(url, headers=bureau).get_json()["students"] == 1
    assert en.get(url, headers=token("canteen_manager", school=org.schools[1])).status_code \
        == 404
    assert en.get(API.format(school=org.schools[0].id).replace("lunch", "supper"),
                  headers=bureau).status_code == 404
