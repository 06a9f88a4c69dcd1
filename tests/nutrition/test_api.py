"""The nutrition JSON API with bearer tokens."""
from __future__ import annotations

import pytest

from suite import accounts


@pytest.fixture
def api(client, factory, org, foods, db):
    user = factory.user("nutritionist")
    token = accounts.create_token(db, user)
    db.commit()

    def call(method, url, **kwargs):
        return client.open(url, method=method, headers={"Authorization": f"Bearer {token}"},
                           **kwargs)
    return call


def test_search_by_alias(api):
    body = api("GET", "/api/v1/nutrition/foods?q=西红柿").get_json()
    # the exact alias first, then by code the foods whose names contain it: the book's
    # 奶柿子 [西红柿] 043107 and 樱桃番茄 [小西红柿] 043120 (the estimate 圣女果 it replaced is
    # retired); the infant food 134024 米粉（…西红柿牛肉营养米粉） is hidden from searches
    assert [f["code"] for f in body["foods"]] == ["043119", "043107", "043120"]
    assert body["foods"][0]["name"] == "番茄"


def test_food_detail_keeps_unknown_and_trace(api):
    body = api("GET", "/api/v1/nutrition/foods/043124").get_json()
    assert body["per_100g_edible"]["calcium_mg"] is None
    assert body["per_100g_edible"]["vitamin_c_mg"] == 130
    egg = api("GET", "/api/v1/nutrition/foods/111101x").get_json()
    assert egg["per_100g_edible"]["vitamin_c_mg"] == 0 and "vitamin_c_mg" in egg["trace"]
    assert api("GET", "/api/v1/nutrition/foods/NOPE").status_code == 404


def test_standards(api):
    body = api("GET", "/api/v1/nutrition/standards").get_json()
    assert body["standards"][0]["code"] == "WS/T 554-2017"
    assert body["standards"][0]["daily"]["energy_kcal"]["9-11"]["M"] == 2100


def test_analyze(api):
    body = api("POST", "/api/v1/nutrition/analyze", json={
        "standard": "WS/T 554-2017", "meal": "lunch",
        "eaters": [{"age_band": "9-11", "sex": "M", "count": 120}],
        "items": [{"food": "012001x", "grams": 100}, {"food": "111101x", "grams": 60},
                  {"food": "043119", "grams": 100}, {"food": "192007", "grams": 10}]}).get_json()
    energy = body["nutrients"][0]
    assert energy["nutrient"] == "energy_kcal" and energy["amount"] == 523.01
    assert energy["target"] == 787.5 and energy["status"] == "low"
    assert body["standard"] == "WS/T 554-2017" and body["distinct_foods"] == 4


def test_analyze_reports_every_bad_field(api, db):
    response = api("POST", "/api/v1/nutrition/analyze", json={
        "standard": "WS/T 554-2017", "meal": "brunch",
        "eaters": [{"age_band": "3-5", "sex": "X", "count": -1}],
        "items": [{"food": "NOPE", "grams": 10}, {"food": "012001x", "grams": -5},
                  {"food": "012001x", "grams": 2500}]})
    assert response.status_code == 400
    errors = response.get_json()["errors"]
    assert set(errors) == {"meal", "eaters[0].age_band", "eaters[0].sex", "eaters[0].count",
                           "items[0].food", "items[1].grams", "items[2].grams"}
    assert errors["items[0].food"] == "unknown food code 'NOPE'"
    assert errors["eaters[0].age_band"] == "unknown age band '3-5'"


def test_analyze_refuses_a_count_of_eaters_beyond_the_integer_range(api):
    response = api("POST", "/api/v1/nutrition/analyze", json={
        "eaters": [{"age_band": "9-11", "sex": "M", "count": 10**400}],
        "items": [{"food": "012001x", "grams": 100}]})
    assert response.status_code == 400
    assert set(response.get_json()["errors"]) == {"eaters[0].count"}


def test_analyze_needs_a_token(client, foods):
    assert client.post("/api/v1/nutrition/analyze", json={}).status_code == 401
