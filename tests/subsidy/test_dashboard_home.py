"""The subsidy's panel on the home page, on the hand-built October seen on 2026-11-23: the
bureau and township officers count last month's open flags (29 in the county: 21 of the
canteen school, 8 of the company school; the western township's empty school none) and the
inspections with open findings; a canteen manager sees their school's month close status of
October and November and their school's open findings."""
from __future__ import annotations

import pytest

from subsidy import services
from tests.factories import TODAY
from tests.subsidy.helpers_inspections import log_in, record, team
from tests.subsidy.helpers_ledger import build_october

pytestmark = pytest.mark.usefixtures("en")


@pytest.fixture
def october(db, org, foods, deliver, supplier, monkeypatch):
    monkeypatch.setattr("suite.clock.today", lambda: TODAY)
    return build_october(db, org, deliver, supplier)


@pytest.fixture
def users(factory, org):
    return team(factory, org)


def panel(client) -> str:
    page = client.get("/").get_data(as_text=True)
    start = page.index('<section class="panel">')
    return page[start:page.index("</main>")]


def test_the_bureau_counts_last_month_flags_and_open_findings(client, db, org, users,
                                                              october):
    record(db, users, org.schools[0])
    log_in(client, users["bureau1"])
    text = panel(client)
    assert "Anomaly flags and inspections" in text
    assert "2026-10: 29 anomaly flags not yet explained" in text
    assert 'href="/subsidy/flags?month=2026-10"' in text
    assert 'href="/subsidy/flags?month=2026-11"' in text
    assert "1 inspection has findings not yet closed." in text
    assert 'href="/subsidy/inspections"' in text
    services.explain_flag(db, school_id=org.schools[0].id, year=2026, month=10,
                          code="spend_low", record_key="", note="只开了四天伙", user_id=None)
    db.commit()
    assert "2026-10: 28 anomaly flags not yet explained" in panel(client)
    assert 'id="home-waiting"' not in panel(client)
    services.submit_month(db, school_id=org.schools[1].id, year=2026, month=10, user_id=None,
                          today=TODAY)
    db.commit()
    assert ("1 school has submitted 2026-10 and waits for the bureau to close it."
            in panel(client))
    assert 'href="/subsidy/close?month=2026-10"' in panel(client)


def test_a_township_officer_counts_their_township(client, db, org, users, october):
    record(db, users, org.schools[0])
    services.submit_month(db, school_id=org.schools[0].id, year=2026, month=10, user_id=None,
                          today=TODAY)
    db.commit()
    log_in(client, users["town2"])
    text = panel(client)
    assert "2026-10: 0 anomaly flags not yet explained" in text
    assert "No open inspection findings." in text
    log_in(client, users["town1"])
    text = panel(client)
    assert 'id="home-waiting"' not in text  # closing months is the bureau's work
    assert "2026-10: 29 anomaly flags" in text and "1 inspection has findings" in text


def test_too_many_schools_are_not_counted_on_the_home_page(app, client, users, october):
    app.config["SUBSIDY_DASHBOARD_FLAG_SCHOOLS"] = 2
    log_in(client, users["bureau1"])
    text = panel(client)
    assert "The flags of 2026-10 are not counted on this page" in text
    assert "anomaly flags not yet explained" not in text


def test_a_manager_sees_the_month_status_and_their_findings(client, db, org, users, october):
    own, company = org.schools[0], org.schools[1]
    record(db, users, company)
    services.submit_month(db, school_id=own.id, year=2026, month=10,
                          user_id=users["school0"].id, today=TODAY)
    db.commit()
    log_in(client, users["school0"])
    text = panel(client)
    assert "Your school&#39;s month" in text or "Your school's month" in text
    assert "Month close of 2026-10: Submitted, awaiting review." in text
    assert "Month close of 2026-11: Not submitted." in text
    assert "No open inspection findings." in text and "anomaly flags" not in text
    assert f'href="/subsidy/{own.id}/2026-10"' in text
    log_in(client, users["school1"])
    assert "1 inspection has findings not yet closed." in panel(client)


def test_the_panel_speaks_chinese(app, client, db, org, users, october):
    app.config["BABEL_DEFAULT_LOCALE"] = "zh_Hans_CN"
    log_in(client, users["bureau1"])
    page = client.get("/", headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)
    assert "2026-10：29 条异常预警尚未说明" in page
    log_in(client, users["school0"])
    page = client.get("/", headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)
    assert "2026-10 月结：未提交。" in page
