"""The month-close panel (/subsidy/close): a canteen manager sees and submits their own school's
month only; the bureau sees every school, closes, reopens with a reason and sees what changed
since the close; each action is refused to the other role, and a stale page is refused."""
from __future__ import annotations

from decimal import Decimal
from html import unescape

import pytest

from subsidy import services

from ..canteen.helpers_safety import served
from ..factories import TODAY
from .helpers_closing import OCT, install_ledger

pytestmark = pytest.mark.usefixtures("en")


@pytest.fixture
def ledger(monkeypatch):
    monkeypatch.setattr("suite.clock.today", lambda: TODAY)
    return install_ledger(monkeypatch)


def _form(school, version, **extra):
    return {"school_id": str(school.id), "month": "2026-10", "version": str(version), **extra}


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return unescape(response.get_data(as_text=True))


def test_the_school_sees_and_submits_its_own_month(client, db, org, login, ledger):
    login("canteen_manager")
    html = _page(client, "/subsidy/close?month=2026-10")
    assert org.schools[0].name in html and org.schools[1].name not in html
    assert "Not submitted" in html and 'action="/subsidy/close/submit"' in html
    assert "/subsidy/close/close" not in html and "/subsidy/close/reopen" not in html
    other = client.post("/subsidy/close/submit", data=_form(org.schools[1], 0))
    assert other.status_code == 404
    assert services.month_status(db, org.schools[1].id, 2026, 10) == "open"
    response = client.post("/subsidy/close/submit", data=_form(org.schools[0], 0))
    assert response.status_code == 302
    html = _page(client, response.headers["Location"])
    assert "The month was submitted: the education bureau will review and close it." in html
    assert "Submitted, awaiting review" in html and "/subsidy/close/submit" not in html
    assert services.month_status(db, org.schools[0].id, 2026, 10) == "submitted"
    # closing and reopening are the bureau's
    assert client.post("/subsidy/close/close", data=_form(org.schools[0], 1)).status_code == 403
    assert client.post("/subsidy/close/reopen",
                       data=_form(org.schools[0], 1, reason="x")).status_code == 403
    # this month is not over: refused with the reason, nothing saved
    response = client.post("/subsidy/close/submit", data={**_form(org.schools[0], 0),
                                                           "month": "2026-11"})
    html = _page(client, response.headers["Location"])
    assert "2026-11 is not over yet: it can be submitted from 2026-12-01 on." in html
    assert services.month_status(db, org.schools[0].id, 2026, 11) == "open"


def test_the_bureau_closes_reopens_and_sees_what_changed(client, db, org, login, ledger,
                                                         factory):
    school = org.schools[0]
    served(db, school, OCT, "lunch", "米饭")  # 10 students
    manager = factory.user("canteen_manager", school=school)
    services.submit_month(db, school_id=school.id, year=2026, month=10, user_id=manager.id,
                          today=TODAY)
    db.commit()
    login("bureau")
    html = _page(client, "/subsidy/close?month=2026-10")
    assert all(s.name in html for s in org.schools)
    assert html.count('action="/subsidy/close/close"') == 1
    assert "/subsidy/close/submit" not in html

    def post(action, version, **extra):
        response = client.post(f"/subsidy/close/{action}", data=_form(school, version, **extra))
        assert response.status_code == 302
        return _page(client, response.headers["Location"])

    assert "The month was closed: its ledger is kept as it is now." in post("close", 1)
    assert services.month_status(db, school.id, 2026, 10) == "closed"
    assert "2026-10 is closed already." in post("close", 2)
    assert "Give the reason for reopening the month." in post("reopen", 2, reason=" ")
    assert services.month_status(db, school.id, 2026, 10) == "closed"
    ledger.rate = Decimal("5.50")
    html = _page(client, f"/subsidy/close?month=2026-10&school={school.id}")
    assert "changes since the month was last closed" in html
    assert "<td>Subsidy rate</td><td class=\"num\">5.00</td><td class=\"num\">5.50</td>" in html
    # a page shown before the close (version 1) cannot reopen: the status changed since
    assert "The status of 2026-10 was changed by someone else meanwhile" in post(
        "reopen", 1, reason="补录")
    html = post("reopen", 2, reason="补录早餐")
    assert "The month was reopened: the school can correct its records." in html
    assert "Reopened, to be submitted again" in html and "补录早餐" in html
    assert "Subsidy rate" in html  # and its changes since the close
    assert services.month_status(db, school.id, 2026, 10) == "open"


def test_who_may_see_the_panel(client, org, login, ledger):
    assert client.get("/subsidy/close").status_code == 302  # to the login page
    login("nutritionist")
    assert client.get("/subsidy/close").status_code == 403
    login("admin")
    assert client.get("/subsidy/close?month=2026-10").status_code == 200
    assert client.get("/subsidy/close?month=2026-10&school=999999").status_code == 404
