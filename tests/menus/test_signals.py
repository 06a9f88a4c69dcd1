"""The menu_published signal: sent once per publication, after the flush, with the session as
sender and the documented payload; never sent when publishing is refused."""
from __future__ import annotations

from contextlib import contextmanager

import pytest

from menus import services
from menus.models import WeekMenu
from menus.services import MenuError
from menus.signals import menu_published

from .helpers import MON, WEEK, publish_as


@contextmanager
def received():
    """The (sender, payload) of every menu_published sent inside the block, with the menu's
    status as the subscriber saw it in the sender's session."""
    calls = []

    def subscriber(session, **payload):
        seen = session.get(WeekMenu, payload["menu_id"]).status
        calls.append((session, payload, seen))

    with menu_published.connected_to(subscriber):
        yield calls


def approved(db, menu, submitter, approver):
    services.submit(db, menu, submitter)
    services.approve(db, menu, approver)
    db.commit()


def test_publishing_sends_the_documented_payload(db, org, planned, nutritionist,
                                                 second_nutritionist):
    approved(db, planned, nutritionist, second_nutritionist)
    with received() as calls:
        services.publish(db, planned, second_nutritionist)
    assert calls == [(db, {"menu_id": planned.id, "school_id": org.schools[0].id,
                           "county_id": org.county.id, "week_start": WEEK, "revision": 1,
                           "previous_id": None}, "published")]


def test_a_revision_names_the_one_it_supersedes(db, org, planned, nutritionist,
                                                second_nutritionist):
    publish_as(db, planned, nutritionist, second_nutritionist)
    draft = services.revise(db, planned)
    approved(db, draft, nutritionist, second_nutritionist)
    with received() as calls:
        services.publish(db, draft, second_nutritionist)
    assert [payload for _s, payload, _seen in calls] == [
        {"menu_id": draft.id, "school_id": org.schools[0].id, "county_id": org.county.id,
         "week_start": WEEK, "revision": 2, "previous_id": planned.id}]


def test_a_county_template_published_from_its_page_has_no_school(client, login, db, org, dishes,
                                                                 make_week):
    template = make_week(None, name="县食谱模板")
    services.add_item(db, template, day=MON, meal="lunch", dish_id=dishes["rice"].id)
    db.commit()
    org.county.second_approver_required = False
    db.commit()
    login("nutritionist")
    with received() as calls:
        for step in ("submit", "approve", "publish"):
            assert client.post(f"/menus/weeks/{template.id}/{step}").status_code == 302
    assert [payload for _s, payload, _seen in calls] == [
        {"menu_id": template.id, "school_id": None, "county_id": org.county.id,
         "week_start": WEEK, "revision": 1, "previous_id": None}]


@pytest.mark.parametrize("status", ["draft", "submitted", "published"])
def test_nothing_is_sent_when_publishing_is_refused(db, planned, nutritionist,
                                                    second_nutritionist, status):
    if status != "draft":
        services.submit(db, planned, nutritionist)
    if status == "published":
        services.approve(db, planned, second_nutritionist)
        services.publish(db, planned, second_nutritionist)
    db.commit()
    with received() as calls:
        with pytest.raises(MenuError):
            services.publish(db, planned, second_nutritionist)
    assert calls == []


def test_the_api_publishes_through_the_same_step(client, db, factory, org, planned,
                                                nutritionist, second_nutritionist):
    from suite import accounts

    headers = {"Authorization": "Bearer " + accounts.create_token(db, second_nutritionist)}
    db.commit()
    url = f"/api/v1/menus/weeks/{planned.id}/publish"
    with received() as calls:
        assert client.post(url, headers=headers).status_code == 409  # still a draft
    assert calls == []
    approved(db, planned, nutritionist, second_nutritionist)
    with received() as calls:
        assert client.post(url, headers=headers).get_json() == {"id": planned.id,
                                                                "status": "published"}
    assert [payload["menu_id"] for _s, payload, _seen in calls] == [planned.id]
