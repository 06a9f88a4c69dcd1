"""One configured zone decides "today" (issue 9, item 6): at 07:30 in Beijing the server's UTC
clock still says yesterday, and every default must follow Beijing, not the server."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from suite import clock

# 2026-11-28 23:30 UTC is 2026-11-29 07:30 in Beijing.
LATE_UTC = datetime(2026, 11, 28, 23, 30, tzinfo=timezone.utc)


@pytest.fixture
def early_morning_in_beijing(monkeypatch):
    monkeypatch.setattr(clock, "utcnow", lambda: LATE_UTC)


def test_today_is_the_configured_zones_date(early_morning_in_beijing, app):
    assert clock.today() == date(2026, 11, 29)
    app.config["TIMEZONE"] = "UTC"
    assert clock.today() == date(2026, 11, 28)


def test_stored_utc_times_are_shown_in_the_zone(app):
    assert clock.format_local(LATE_UTC) == "2026-11-29 07:30"
    naive = LATE_UTC.replace(tzinfo=None)  # SQLite hands back naive UTC
    assert clock.format_local(naive, "%H:%M") == "07:30"
    assert clock.format_local(None) == ""


def test_rates_page_says_today_in_beijing(early_morning_in_beijing, client, login):
    login("bureau")
    page = client.get("/rates").get_data(as_text=True)
    assert "2026-11-29" in page and "2026-11-28" not in page


def test_audit_log_shows_beijing_time(client, login, db):
    from suite.models import AuditEntry

    login("admin")
    db.add(AuditEntry(at=LATE_UTC, actor="someone", action="update", record_type="suite_school",
                      record_id="1"))
    db.commit()
    page = client.get("/audit").get_data(as_text=True)
    assert "2026-11-29 07:30:00" in page and "2026-11-28 23:30" not in page
