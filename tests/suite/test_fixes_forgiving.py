"""A favicon the browser finds, and a bad month in a URL that shows the page with a message
instead of the generic 400 (issue 9 #26)."""
from __future__ import annotations

import pytest

from suite import clock
from suite.params import parse_month


@pytest.fixture
def app_config():
    return {"BABEL_DEFAULT_LOCALE": "zh_Hans_CN"}


def test_the_favicon_is_served_and_linked(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.data[:4] == b"\x00\x00\x01\x00"  # an ICO file
    page = client.get("/login").get_data(as_text=True)
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    assert '<link rel="icon" href="/favicon.ico"' in page
    svg = client.get("/static/favicon.svg")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"


@pytest.mark.parametrize("text,parsed", [
    ("2026-09", (2026, 9)), ("2026-9", (2026, 9)), (" 2026-12 ", (2026, 12)),
    ("2026-13", None), ("2026-00", None), ("9999-12", None), ("1999-12", None), ("²⁰²⁶-09", None),
    ("2026-09-01", None), ("", None), (None, None), ("x" * 3000, None)])
def test_parse_month(text, parsed):
    assert parse_month(text) == parsed


@pytest.mark.parametrize("month", ["2026-13", "9999-12", "zz"])
def test_a_bad_month_shows_the_ledger_with_a_message(client, login, org, month):
    login("bureau")
    response = client.get(f"/procurement/ledger?school={org.schools[0].id}&month={month}")
    assert response.status_code == 200
    shown = clock.today().strftime("%Y-%m")
    body = response.get_data(as_text=True)
    assert f"“{month}”不是有效的月份（请写成 2026-09 的形式），现显示 {shown}。" in body
    assert f"{org.schools[0].name} · {shown}</h1>" in body


def test_a_good_month_is_shown_without_a_message(client, login, org):
    login("bureau")
    response = client.get(f"/procurement/ledger?school={org.schools[0].id}&month=2026-09")
    assert response.status_code == 200
    assert "不是有效的月份" not in response.get_data(as_text=True)
