"""Weekly menus at county scale (issue 9): the list filtered by school, status and week, paged,
with counts (item 25); a week entered as any day snaps to its Monday (item 26); the
nutritionist's home says what to do today (item 27)."""
from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest

from menus import listing, services
from menus.models import WeekMenu
from suite import accounts

from .helpers import LAST_WEEK, MON, WEEK, counts, publish_as

TODAY = date(2026, 11, 18)           # a Wednesday of WEEK
NEXT_WEEK = WEEK + timedelta(days=7)  # 2026-11-23


pytestmark = pytest.mark.usefixtures("en")  # English pages and messages


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr("suite.clock.today", lambda: TODAY)


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def listed_rows(page: str) -> list[tuple[str, str, str]]:
    """(week, school, status) of each row of the weekly menus table."""
    body = page[page.index("<tbody>"):page.index("</tbody>")]
    return [(w, s, st) for w, s, st in re.findall(
        r'<tr><td class="date"><a href="/menus/weeks/\d+">([\d-]+)</a></td><td>([^<]*)</td>'
        r'<td class="num">\d+</td><td>([^<]*)</td></tr>', body)]


@pytest.fixture
def county_menus(db, org, dishes, make_week, nutritionist, second_nutritionist):
    """schools[0]: WEEK submitted, LAST_WEEK published, NEXT_WEEK draft;
    schools[1]: WEEK submitted; a county template for WEEK, submitted; schools[2]: none."""
    first, second = org.schools[0], org.schools[1]
    menus = {}
    for key, school, week in (("first", first, WEEK), ("first_last", first, LAST_WEEK),
                              ("first_next", first, NEXT_WEEK), ("second", second, WEEK)):
        menus[key] = make_week(school, week)
        services.add_item(db, menus[key], day=week, meal="lunch", dish_id=dishes["rice"].id)
    menus["template"] = make_week(None, WEEK, name="冬季模板")
    services.add_item(db, menus["template"], day=MON, meal="lunch", dish_id=dishes["rice"].id)
    db.commit()
    publish_as(db, menus["first_last"], nutritionist, second_nutritionist)
    for key in ("first", "second", "template"):
        services.submit(db, menus[key], nutritionist)
    db.commit()
    return menus


# -- item 25: filters, counts, pages -----------------------------------------------------------

def test_the_list_filters_by_school_status_and_week_with_counts(db, org, county_menus):
    everything = listing.week_list(db)
    assert everything.total == 5
    assert everything.by_status == {"submitted": 3, "published": 1, "draft": 1}
    first = listing.week_list(db, school_id=org.schools[0].id)
    assert (first.total, first.by_status) == (3, {"submitted": 1, "published": 1, "draft": 1})
    assert [m.week_start for m, _s in first.rows] == [NEXT_WEEK, WEEK, LAST_WEEK]
    waiting = listing.week_list(db, status="submitted")
    assert waiting.total == 3 and {m.id for m, _s in waiting.rows} == {
        county_menus[k].id for k in ("first", "second", "template")}
    # the status counts ignore the status filter, so each count links to its own list
    assert waiting.by_status == everything.by_status
    templates = listing.week_list(db, school_id=listing.TEMPLATES)
    assert [m.id for m, _s in templates.rows] == [county_menus["template"].id]
    # a week given as any of its days (Thursday 2026-11-19 is in WEEK)
    week = listing.week_list(db, week=date(2026, 11, 19), schools=listing.planned_schools(
        org.county.id))
    assert week.total == 3 and {m.week_start for m, _s in week.rows} == {WEEK}
    assert [s.id for s in week.missing] == [org.schools[2].id]


def test_the_list_is_paged_and_a_page_beyond_the_end_shows_the_last(db, county_menus):
    pages = [listing.week_list(db, page=n, size=2) for n in (1, 2, 3)]
    assert [len(p.rows) for p in pages] == [2, 2, 1]
    assert len({m.id for p in pages for m, _s in p.rows}) == 5
    beyond = listing.week_list(db, page=10**6, size=2)
    assert beyond.page == 3 and beyond.rows == pages[2].rows


def test_the_list_page_for_the_county(en, login, org, county_menus):
    login("nutritionist")
    page = text_of(en.get(f"/menus/weeks?school={org.schools[0].id}&status=submitted"))
    assert listed_rows(page) == [("2026-11-16", "东镇中心小学", "Submitted")]
    assert "1 menu<" in page
    assert re.search(r'>Draft 1</a>.*>Submitted 1</a>.*>Approved 0</a>.*>Published 1</a>',
                     page.replace("\n", ""))
    page = text_of(en.get("/menus/weeks?week=2026-11-20"))
    assert {r[1] for r in listed_rows(page)} == {"东镇中心小学", "东镇中学", "County template: 冬季模板"}
    assert "Schools without a menu for the week of 2026-11-16: 1: " in page
    assert "西乡教学点" in page.split("Schools without a menu")[1].split("</p>")[0]
    assert 'name="week" value="2026-11-16"' in page


def test_a_canteen_manager_lists_only_the_own_school_and_templates(en, login, org,
                                                                     county_menus):
    login("canteen_manager")  # schools[0]
    page = text_of(en.get("/menus/weeks?status=submitted"))
    assert sorted(listed_rows(page)) == [("2026-11-16", "County template: 冬季模板", "Submitted"),
                                        ("2026-11-16", "东镇中心小学", "Submitted")]
    assert en.get(f"/menus/weeks?school={org.schools[1].id}").status_code == 404


@pytest.mark.parametrize("query, message", [
    ("status=cooking", "Unknown status: showing menus of every status."),
    ("week=2026-13-01", "Not a date: 2026-13-01. Showing every week."),
])
def test_bad_filters_show_the_whole_list_with_a_message(en, login, county_menus, query,
                                                        message):
    login("nutritionist")
    response = en.get(f"/menus/weeks?{query}")
    assert response.status_code == 200
    page = text_of(response)
    assert message in page and len(listed_rows(page)) == 5


def test_a_huge_page_number_shows_the_last_page(en, login, county_menus):
    login("nutritionist")
    response = en.get("/menus/weeks?page=99999999999999999999")
    assert response.status_code == 200 and len(listed_rows(text_of(response))) == 5


# -- item 26: a week snaps to its Monday ------------------------------------------------------

def test_a_week_entered_as_a_wednesday_starts_on_its_monday(db, org):
    menu = services.create_week(db, county_id=org.county.id, school=org.schools[0],
                                week_start=date(2026, 11, 18))
    assert menu.week_start == WEEK
    assert services.snap_note(date(2026, 11, 18), menu.week_start) == (
        "2026-11-18 is a Wednesday: the menu is for the week starting on Monday 2026-11-16.")
    assert services.snap_note(WEEK, WEEK) is None


def test_the_form_snaps_the_week_and_says_so(en, db, login, org, foods):
    login("nutritionist")
    response = en.post("/menus/weeks/new", data={
        "school_id": str(org.schools[0].id), "week_start": "2026-11-22", "days": ["0", "1"],
        "meals": ["lunch"]}, follow_redirects=True)
    assert response.status_code == 200
    page = text_of(response)
    assert "2026-11-22 is a Sunday: the menu is for the week starting on Monday 2026-11-16." \
        in page
    menu = services.current_menu(db, org.schools[0].id, WEEK)
    assert menu is not None and menu.day_numbers == [0, 1]


def test_a_copy_to_a_thursday_lands_on_that_weeks_monday(en, db, login, planned):
    login("nutritionist")
    response = en.post(f"/menus/weeks/{planned.id}/copy", data={"week_start": "2026-11-26"},
                       follow_redirects=True)
    page = text_of(response)
    assert "2026-11-26 is a Thursday: the menu is for the week starting on Monday 2026-11-23." \
        in page
    db.expire_all()
    copy = services.current_menu(db, planned.school_id, NEXT_WEEK)
    # rice and egg on Monday, rice on Tuesday: the same weekdays of the new week
    assert sorted((i.day, i.dish.name) for i in copy.items) == [
        (NEXT_WEEK, "米饭"), (NEXT_WEEK, "蒸鸡蛋"), (NEXT_WEEK + timedelta(1), "米饭")]


def test_the_api_snaps_the_week_and_says_so(client, db, org, factory, planned):
    user = factory.user("nutritionist")
    headers = {"Authorization": f"Bearer {accounts.create_token(db, user)}"}
    db.commit()
    body = client.get(f"/api/v1/menus/weeks?school={org.schools[0].id}&week=2026-11-19",
                      headers=headers).get_json()
    assert body["week_start"] == "2026-11-16"
    assert [w["id"] for w in body["weeks"]] == [planned.id]
    assert body["note"] == ("2026-11-19 is a Thursday: the menu is for the week starting on "
                            "Monday 2026-11-16.")
    body = client.get(f"/api/v1/menus/weeks?school={org.schools[0].id}&week=2026-11-16",
                      headers=headers).get_json()
    assert "note" not in body and [w["id"] for w in body["weeks"]] == [planned.id]


# -- item 27: the nutritionist's home ---------------------------------------------------------

def test_the_nutritionists_home_counts_what_to_do_today(en, db, org, factory, login,
                                                        county_menus):
    out_of_plan = factory.school(org.townships[1], "停办村小")
    out_of_plan.in_plan = False
    db.commit()
    today = listing.nutritionist_today(db, org.county.id, TODAY)
    # submitted: schools[0] and schools[1] for WEEK and the county template
    assert today.awaiting_approval == 3
    # next week (2026-11-23): schools[0] has a draft; schools[1] and [2] have nothing; the
    # school outside the plan is not counted
    assert today.next_week == NEXT_WEEK
    assert [s.id for s in today.without_next_week] == [org.schools[1].id, org.schools[2].id]
    login("nutritionist")
    page = text_of(en.get("/"))
    assert '<a href="/menus/weeks?status=submitted">Menus awaiting approval: 3</a>' in page
    assert ('<a href="/menus/weeks?week=2026-11-23">Schools without a menu for next week '
            '(2026-11-23): 2</a>') in page
    assert f"{org.schools[1].code} 东镇中学, {org.schools[2].code} 西乡教学点" in page
    # the link leads to exactly those menus
    assert len(listed_rows(text_of(en.get("/menus/weeks?status=submitted")))) == 3


def test_the_counts_follow_approval(db, org, county_menus, second_nutritionist):
    services.approve(db, county_menus["second"], second_nutritionist)
    db.commit()
    assert listing.nutritionist_today(db, org.county.id, TODAY).awaiting_approval == 2


def test_a_canteen_manager_sees_no_nutritionist_panel(en, login, county_menus):
    login("canteen_manager")
    page = text_of(en.get("/"))
    assert "Menus awaiting approval" not in page and "Menus to do" not in page


def test_nothing_changes_when_the_list_is_read(en, db, login, county_menus):
    login("nutritionist")
    before = counts(db)
    en.get("/menus/weeks?status=submitted&week=2026-11-16&page=2")
    en.get("/")
    assert counts(db) == before
    assert db.get(WeekMenu, county_menus["first"].id).status == "submitted"
