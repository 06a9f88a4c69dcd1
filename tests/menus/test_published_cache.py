"""A published week is rendered once: its public page body and its PDF come from the cache
after the first request, a new published revision is shown at once, drafts are never cached,
and yesterday's renderings are removed when today's first one is written."""
from __future__ import annotations

from datetime import date, datetime, timezone
import re
from pathlib import Path

import pytest

from menus import services
from suite import clock

from .helpers import publish_as


def without_token(page: str) -> str:
    """The page without its CSRF token, which is signed with the second it was made in."""
    return re.sub(r'name="csrf_token" value="[^"]*"', 'name="csrf_token"', page)


@pytest.fixture
def sunday(monkeypatch):
    """A Sunday in Beijing: this week starts on 2026-11-16 (the menus tests' WEEK)."""
    monkeypatch.setattr(clock, "utcnow", lambda: datetime(2026, 11, 22, 4, tzinfo=timezone.utc))


@pytest.fixture
def renders(monkeypatch):
    """Counts the times a week is laid out for printing (the costly part)."""
    calls = []
    real = services.print_context

    def counted(session, menu):
        calls.append(menu.id)
        return real(session, menu)
    monkeypatch.setattr(services, "print_context", counted)
    return calls


def test_the_public_page_renders_a_published_week_once(
        client, db, app, org, dishes, planned, nutritionist, second_nutritionist, deliver,
        sunday, renders):
    deliver([("大米", "10", "kg", "6.00")], day=date(2026, 11, 2))
    publish_as(db, planned, nutritionist, second_nutritionist)
    url = f"/menus/public/{org.schools[0].code}"
    first = without_token(client.get(url).get_data(as_text=True))
    assert "蒸鸡蛋" in first and renders == [planned.id]
    for _ in range(3):
        assert without_token(client.get(url).get_data(as_text=True)) == first
    assert renders == [planned.id]
    cached = list((Path(app.instance_path) / "rendered" / "2026-11-22").iterdir())
    assert [p.name.split("-")[:3] for p in cached] == [["menu", "public", str(planned.id)]]

    # a new published revision replaces the old one on the page at once
    draft = services.revise(db, planned)
    services.add_item(db, draft, day=date(2026, 11, 17), meal="lunch",
                      dish_id=dishes["greens"].id)
    db.commit()
    publish_as(db, draft, nutritionist, second_nutritionist)
    page = client.get(url).get_data(as_text=True)
    assert "清炒小白菜" in page and renders == [planned.id, draft.id]


def test_a_published_pdf_is_rendered_once_and_a_draft_every_time(
        client, db, login, org, planned, nutritionist, second_nutritionist, renders):
    login("nutritionist")
    draft_pdfs = [client.get(f"/menus/weeks/{planned.id}.pdf").data for _ in range(2)]
    assert renders == [planned.id, planned.id] and draft_pdfs[0].startswith(b"%PDF")
    publish_as(db, planned, nutritionist, second_nutritionist)
    first = client.get(f"/menus/weeks/{planned.id}.pdf").data
    again = client.get(f"/menus/weeks/{planned.id}.pdf").data
    assert first == again and first.startswith(b"%PDF")
    assert renders == [planned.id] * 3


def test_yesterdays_renderings_are_removed_with_todays_first(
        client, db, app, org, planned, nutritionist, second_nutritionist, monkeypatch):
    publish_as(db, planned, nutritionist, second_nutritionist)
    folder = Path(app.instance_path) / "rendered"
    stale = folder / "2026-11-21"
    stale.mkdir(parents=True)
    (stale / "menu-public-1-1-en").write_bytes(b"<p>old</p>")
    monkeypatch.setattr(clock, "utcnow", lambda: datetime(2026, 11, 22, 4, tzinfo=timezone.utc))
    assert client.get(f"/menus/public/{org.schools[0].code}").status_code == 200
    assert sorted(p.name for p in folder.iterdir()) == ["2026-11-22"]


@pytest.fixture
def plans(monkeypatch):
    """Counts the times the planner works out a week's analysis."""
    calls = []
    real = services.week_plan

    def counted(session, menu, band=None, *args, **kw):
        calls.append((menu.id, band))
        return real(session, menu, band, *args, **kw)
    monkeypatch.setattr(services, "week_plan", counted)
    return calls


def test_the_planner_of_a_published_week_works_it_out_once_per_band(
        client, db, login, org, dishes, planned, nutritionist, second_nutritionist, sunday,
        plans):
    """The grid and analysis of a published week come from the cache; the workflow beneath
    them is the user's own (its form's token is made afresh), and a draft is worked out
    every time."""
    login("nutritionist")
    url = f"/menus/weeks/{planned.id}"
    assert "蒸鸡蛋" in client.get(url).get_data(as_text=True)
    assert "蒸鸡蛋" in client.get(url).get_data(as_text=True)
    assert plans == [(planned.id, None), (planned.id, None)]  # a draft: every time
    publish_as(db, planned, nutritionist, second_nutritionist)
    pages = [client.get(url).get_data(as_text=True) for _ in range(3)]
    assert plans[2:] == [(planned.id, None)]
    assert len({without_token(p) for p in pages}) == 1 and "蒸鸡蛋" in pages[0]
    assert "周平均（对照" in pages[0] and 'name="csrf_token"' in pages[0]  # the revise form
    assert 'value="9-11" selected' in client.get(url + "?band=9-11").get_data(as_text=True)
    client.get(url + "?band=9-11")
    assert plans[3:] == [(planned.id, "9-11")]
    client.set_cookie("locale", "en")
    english = client.get(url).get_data(as_text=True)
    assert "Weekly average against" in english and "周平均" not in english
    assert plans[4:] == [(planned.id, None)]
