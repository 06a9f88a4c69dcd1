"""One configured time zone decides "today" everywhere; times are stored in UTC.

A county server often runs in UTC, so `date.today()` would be yesterday between 00:00 and 08:00
Beijing time. Every default date, "this week", print date and time shown goes through here."""
from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

DEFAULT_ZONE = "Asia/Shanghai"


def zone() -> ZoneInfo:
    """The configured zone (`TIMEZONE`), or Asia/Shanghai outside an app context."""
    from flask import current_app, has_app_context

    name = current_app.config.get("TIMEZONE", DEFAULT_ZONE) if has_app_context() else DEFAULT_ZONE
    return ZoneInfo(name)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def now_local() -> datetime:
    return utcnow().astimezone(zone())


def today() -> date:
    """The calendar date in the configured zone."""
    return now_local().date()


def to_local(moment: datetime | None) -> datetime | None:
    """A stored time shown in the configured zone; naive values are taken as UTC."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(zone())


def format_local(moment: datetime | None, pattern: str = "%Y-%m-%d %H:%M") -> str:
    local = to_local(moment)
    return local.strftime(pattern) if local else ""
