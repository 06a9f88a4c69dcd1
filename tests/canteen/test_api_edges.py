"""The canteen JSON API at the edges of what its values can hold: the last days of the
calendar and amounts of grams no stock could have."""
from __future__ import annotations

import pytest

from tests.canteen.helpers_issuing import RICE, moves
from tests.canteen.test_days_api_cli import URL, api, logs, month  # noqa: F401 - fixtures

pytestmark = pytest.mark.usefixtures("en")  # English messages


def test_days_up_to_the_last_day_of_the_calendar(org, month, api):  # noqa: F811
    school, _company = month
    got = api("canteen_manager")("GET", f"{URL}/days?school={school.id}&from=9999-12-01"
                                        "&to=9999-12-31")
    assert got.status_code == 200
    assert got.get_json()["days"] == []


def test_grams_beyond_any_stock_are_refused(db, org, month, api):  # noqa: F811
    school, _company = month
    call = api("canteen_manager")
    url = f"{URL}/meals/{school.id}/2026-11-19/lunch/issues"
    before = moves(db)
    for grams in ("1e100", 1e100, "9" * 40):
        bad = call("POST", url, json={"issues": [{"food": RICE, "grams": grams}]})
        assert bad.status_code == 400, grams
        assert bad.get_json()["errors"] == {
            "issues[0].grams": "大米: more grams than any stock holds."}
    assert moves(db) == before
