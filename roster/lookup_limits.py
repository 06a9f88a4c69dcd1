"""Limits on the family lookup: per requesting IP address and per ID number from that address,
never per ID number alone (a stranger typing a child's number with wrong names must not lock
the family out).

Each limit is a counter row per key in a fixed window. One statement counts and reads the
count (INSERT … ON CONFLICT DO UPDATE … RETURNING, on PostgreSQL and SQLite alike): the row
is locked while it is updated, so however many requests arrive at once, exactly `limit` of
them see a count within the limit."""
from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, delete, literal, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from .models import LookupCounter

KEEP_COUNTERS = timedelta(days=1)  # counters whose window began longer ago are deleted
PRUNE_BATCH = 1000


@dataclass(frozen=True)
class Limits:
    """At most `per_ip` lookups from one IP address and `per_id_ip` for one ID number from
    one address in a `window`; `secret` keys the digest kept of the ID number."""

    per_ip: int = 10
    per_id_ip: int = 5
    window: timedelta = timedelta(hours=1)
    secret: bytes = b""


def limits_from_config(config) -> Limits:
    """Limits from app.config: LOOKUP_LIMIT_IP, LOOKUP_LIMIT_ID_IP, keyed with SECRET_KEY."""
    secret = config.get("SECRET_KEY") or b""
    return Limits(per_ip=int(config.get("LOOKUP_LIMIT_IP", 10)),
                  per_id_ip=int(config.get("LOOKUP_LIMIT_ID_IP", 5)),
                  secret=secret.encode() if isinstance(secret, str) else bytes(secret))


def normalise_id(id_number: str | None) -> str:
    return "".join((id_number or "").split()).upper()


def id_key(id_number: str, secret: bytes = b"", ip: str = "") -> str:
    """Hex SHA-256 of the normalised ID number (with the address when given), keyed (HMAC)
    when a secret is given: an unkeyed digest of an 18-digit number with a known structure
    could be reversed by trying every birth date and sequence number."""
    data = normalise_id(id_number).encode() + (b"|" + ip.encode() if ip else b"")
    if secret:
        return hmac.new(secret, data, hashlib.sha256).hexdigest()
    return hashlib.sha256(data).hexdigest()


def count(session: Session, key: str, now: datetime, window: timedelta) -> tuple[int, datetime]:
    """Count one more lookup for `key`; returns the count in the current window (this one
    included) and when the window began. A window that has run out starts again at `now`."""
    table = LookupCounter.__table__
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    expired = table.c.window_start <= now - window
    stmt = dialect.insert(table).values(key=key, window_start=now, n=1)
    stmt = stmt.on_conflict_do_update(index_elements=[table.c.key], set_={
        "n": case((expired, 1), else_=table.c.n + 1),
        "window_start": case((expired, literal(now, table.c.window_start.type)),
                             else_=table.c.window_start),
    }).returning(table.c.n, table.c.window_start)
    n, start = session.execute(stmt).one()
    return n, start


def wait_seconds(session: Session, ip: str, id_number: str, now: datetime,
                 limits: Limits) -> int:
    """Count this lookup against the address and against the number from that address:
    0 when it is within both limits, else the seconds until the next one is allowed."""
    waits = []
    for key, limit in ((f"ip:{ip}", limits.per_ip),
                       (f"idip:{id_key(id_number, limits.secret, ip)}", limits.per_id_ip)):
        n, start = count(session, key, now, limits.window)
        if n > limit:
            waits.append(max(1, int((start + limits.window - now).total_seconds()) + 1))
    return max(waits, default=0)


def prune(session: Session, now: datetime) -> int:
    """Delete counters whose window began more than a day ago, skipping rows another lookup
    holds (no waiting on each other); returns how many."""
    old = select(LookupCounter.key).where(LookupCounter.window_start < now - KEEP_COUNTERS) \
        .limit(PRUNE_BATCH).with_for_update(skip_locked=True)
    result = session.execute(delete(LookupCounter).where(LookupCounter.key.in_(old)))
    return result.rowcount or 0
