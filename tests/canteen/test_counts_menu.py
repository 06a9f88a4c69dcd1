"""Meal counts and the menu: the published menu's dishes by default, a change needs a note,
and a later revision of the menu marks the counts that followed the old one."""
from __future__ import annotations

from datetime import date

import pytest

from canteen import services, subscribers
from canteen.services import CanteenError
from menus.signals import menu_published

from .helpers_counts import FRIDAY, TODAY, WEEK, make_dishes, publish_menu, stored

pytestmark = pytest.mark.usefixtures("en")


@pytest.fixture
def menu(db, org):
    rice, egg, soup = make_dishes(db, "米饭", "蒸鸡蛋", "紫菜汤")
    menu = publish_menu(db, org, org.schools[0], [rice, egg])
    db.commit()
    return menu, rice, egg, soup


def save(db, org, **kw):
    args = dict(school_id=org.schools[0].id, day=FRIDAY, meal="lunch", grades={1: (30, 28)},
                teachers=2, today=TODAY)
    args.update(kw)
    row = services.save_counts(db, **args)
    db.commit()
    return row


def test_dishes_default_to_the_published_menu(db, org, menu):
    week, rice, egg, _soup = menu
    save(db, org)
    got = services.meal_counts(db, org.schools[0].id, FRIDAY, "lunch")
    assert got["menu_id"] == week.id and got["menu_changed"] is False
    assert got["dishes"] == [{"id": rice.id, "name": "米饭"}, {"id": egg.id, "name": "蒸鸡蛋"}]
    assert got["menu_dishes"] == got["dishes"]


def test_the_newest_published_revision_is_followed(db, org, menu):
    week, rice, _egg, soup = menu
    week.status = "superseded"
    second = publish_menu(db, org, org.schools[0], [soup], revision=2, previous_id=week.id)
    db.commit()
    save(db, org)
    got = services.meal_counts(db, org.schools[0].id, FRIDAY, "lunch")
    assert (got["menu_id"], got["dishes"]) == (second.id, [{"id": soup.id, "name": "紫菜汤"}])


def test_other_dishes_than_the_menu_need_a_note(db, org, menu):
    week, rice, _egg, soup = menu
    before = stored(db)
    with pytest.raises(CanteenError) as caught:
        save(db, org, dishes=[rice.id, soup.id])
    db.rollback()
    assert caught.value.messages() == {"change_note": "The dishes differ from the published "
                                                      "menu: note what changed and why."}
    assert stored(db) == before
    with pytest.raises(CanteenError) as caught:
        save(db, org, dishes=[rice.id, 999999])
    db.rollback()
    assert caught.value.messages() == {"dishes": "Choose dishes from the list."}
    save(db, org, dishes=[soup.id, rice.id], change_note="鸡蛋未到货")
    got = services.meal_counts(db, org.schools[0].id, FRIDAY, "lunch")
    assert got["menu_changed"] is True and got["change_note"] == "鸡蛋未到货"
    assert [d["name"] for d in got["dishes"]] == ["紫菜汤", "米饭"]
    save(db, org, version=1, dishes=[rice.id], change_note="只有米饭")  # dishes replaced
    got = services.meal_counts(db, org.schools[0].id, FRIDAY, "lunch")
    assert [d["name"] for d in got["dishes"]] == ["米饭"] and got["version"] == 2


def test_no_menu_no_dishes_and_no_change(db, org):
    save(db, org, day=date(2026, 11, 13))
    got = services.meal_counts(db, org.schools[0].id, date(2026, 11, 13), "lunch")
    assert (got["menu_id"], got["dishes"], got["menu_changed"]) == (None, [], False)


def test_a_new_revision_marks_the_counts_that_followed_the_old_one(db, org, menu):
    week, *_ = menu
    save(db, org)                                    # followed the first revision
    save(db, org, day=date(2026, 11, 13))            # last week: no menu
    subscribers.connect()                            # a second connect does not run it twice
    assert sum(1 for r in menu_published.receivers_for(db)
               if r is subscribers.mark_menu_revised) == 1
    menu_published.send(db, menu_id=week.id + 100, school_id=org.schools[0].id,
                        county_id=org.county.id, week_start=WEEK, revision=2,
                        previous_id=week.id)
    db.commit()
    assert services.meal_counts(db, org.schools[0].id, FRIDAY, "lunch")["menu_revised"] is True
    assert services.meal_counts(db, org.schools[0].id, date(2026, 11, 13),
                                "lunch")["menu_revised"] is False


def test_a_first_publication_or_a_template_marks_nothing(db, org, menu):
    week, *_ = menu
    save(db, org)
    for school_id, previous in ((org.schools[0].id, None), (None, week.id)):
        menu_published.send(db, menu_id=week.id, school_id=school_id, county_id=org.county.id,
                            week_start=WEEK, revision=1, previous_id=previous)
    assert services.meal_counts(db, org.schools[0].id, FRIDAY, "lunch")["menu_revised"] is False
