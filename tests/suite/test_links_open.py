"""Every link a role is shown opens for that role: walking the demo county's pages from the
home page, no link leads to 403 (a page the role may not open) or 404 (a page that does not
exist yet, such as the public account of a month that is not closed)."""
from __future__ import annotations

import re
from collections import deque
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from subsidy import services as subsidy
from suite.models import School, User

PASSWORD = "demo-password-1"
LOGINS = {"township_officer": "township-1", "canteen_manager": "canteen-s0001",
          "bureau": "bureau", "nutritionist": "nutritionist"}
PAGES = 120  # distinct kinds of page per role (one URL of each shape is opened)
SKIP = ("/logout", "/static/", "/language")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def _links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    out = []
    for href in parser.hrefs:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/") \
                or parts.path.startswith(SKIP):
            continue
        out.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return out


def _shape(url: str) -> str:
    """One URL of each shape is enough: ids and days alike are one page; a month is kept, as
    a page may exist for one month and not yet for another (a closed month's account)."""
    path, _, query = url.partition("?")
    keys = sorted(p.split("=")[0] for p in query.split("&") if p)
    return re.sub(r"(?<![\d-])(\d{4}-\d\d)(?![\d-])|\d+", lambda m: m.group(1) or "N",
                  path) + "?" + "&".join(keys)


@pytest.fixture
def demo(db, demo_county):
    demo_county(schools=3, today=date(2026, 11, 23), password=PASSWORD)
    db.commit()
    school = db.scalar(select(School).where(School.code == "S0001"))
    ids = {u.username: u.id for u in db.scalars(select(User).where(
        User.username.in_(("bureau", "canteen-s0001"))))}
    # October closed at the first school: its public account is linked, November's is not
    subsidy.submit_month(db, school_id=school.id, year=2026, month=10,
                         user_id=ids["canteen-s0001"], today=date(2026, 11, 23))
    subsidy.close_month(db, school_id=school.id, year=2026, month=10, user_id=ids["bureau"],
                        today=date(2026, 11, 23))
    db.commit()
    return school


@pytest.mark.parametrize("role", sorted(LOGINS))
def test_every_link_shown_to_a_role_opens(client, demo, role, pdf_once, monkeypatch):
    monkeypatch.setattr("suite.clock.today", lambda: date(2026, 11, 23))
    assert client.post("/login", data={"username": LOGINS[role],
                                       "password": PASSWORD}).status_code == 302
    seen, queue, broken = {}, deque([("/", "login")]), []
    while queue and len(seen) < PAGES:
        url, source = queue.popleft()
        if _shape(url) in seen:
            continue
        response = client.get(url)
        seen[_shape(url)] = response.status_code
        if response.status_code in (403, 404) or response.status_code >= 500:
            broken.append((url, response.status_code, source))
        if response.status_code == 200 and response.mimetype == "text/html":
            queue.extend((link, url) for link in _links(response.get_data(as_text=True)))
    assert broken == []
    assert len(seen) >= 20  # the walk reached the role's pages
