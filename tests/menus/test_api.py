"""The menus JSON API with bearer tokens."""
from __future__ import annotations

import pytest

from menus import services

from .helpers import MON, WEEK


def test_dishes_list_and_create(client, token, dishes):
    headers = token("nutritionist")
    body = client.get("/api/v1/menus/dishes?q=米饭", headers=headers).get_json()
    assert [d["name"] for d in body["dishes"]] == ["米饭"]
    assert body["dishes"][0]["ingredients"] == [{"food": "012001x", "grams": "130.0",
                                                  "band": None}]
    response = client.post("/api/v1/menus/dishes", headers=headers, json={
        "name": "蒸红薯", "category": "staple", "ingredients": [{"food": "红薯", "grams": 150}]})
    assert response.status_code == 201 and response.get_json()["ingredients"][0]["grams"] == \
        "150.0"


def test_create_dish_reports_bad_fields(client, token, db, foods, org):
    before = len(services.search_dishes(db))
    response = client.post("/api/v1/menus/dishes", headers=token("nutritionist"), json={
        "name": "", "category": "cake", "ingredients": [{"food": "外星菜", "grams": -1}]})
    assert response.status_code == 400
    assert set(response.get_json()["errors"]) == {"name", "category", "ingredients[0].food",
                                                  "ingredients[0].grams"}
    assert len(services.search_dishes(db)) == before
    assert client.post("/api/v1/menus/dishes", headers=token("canteen_manager", org.schools[0]),
                       json={"name": "x"}).status_code == 403


def test_week_with_analysis_cost_and_workflow(client, token, db, org, dishes, make_week):
    school = org.schools[0]
    menu = make_week(school)
    services.add_item(db, menu, day=MON, meal="lunch", dish_id=dishes["rice"].id)
    db.commit()
    manager = token("canteen_manager", school=school)
    body = client.get(f"/api/v1/menus/weeks?week={WEEK.isoformat()}", headers=manager).get_json()
    (week,) = body["weeks"]
    assert week["status"] == "draft" and week["standard"] == "WS/T 554-2017"
    monday = week["days"][0]
    assert monday["meals"]["lunch"]["dishes"][0]["name"] == "米饭"
    assert monday["subsidy_rate"] == "5.00"
    assert monday["cost_per_serving"]["complete"] is False  # no delivery: no price
    assert week["week"]["nutrients"][0]["nutrient"] == "energy_kcal"
    assert client.post(f"/api/v1/menus/weeks/{menu.id}/submit", headers=manager).get_json() \
        == {"id": menu.id, "status": "submitted"}
    assert client.post(f"/api/v1/menus/weeks/{menu.id}/approve",
                       headers=manager).status_code == 403
    nutritionist = token("nutritionist")
    assert client.post(f"/api/v1/menus/weeks/{menu.id}/approve",
                       headers=nutritionist).status_code == 200
    assert client.post(f"/api/v1/menus/weeks/{menu.id}/approve",
                       headers=nutritionist).status_code == 409  # already approved
    response = client.get(f"/api/v1/menus/weeks/{menu.id}.pdf", headers=manager)
    assert response.status_code == 200 and response.data.startswith(b"%PDF")


def test_another_schools_week_is_404(client, token, org, make_week, dishes):
    menu = make_week(org.schools[1])
    manager = token("canteen_manager", school=org.schools[0])
    assert client.get(f"/api/v1/menus/weeks?school={org.schools[1].id}&week={WEEK}",
                      headers=manager).status_code == 404
    assert client.get(f"/api/v1/menus/weeks/{menu.id}.pdf", headers=manager).status_code == 404
    assert client.post(f"/api/v1/menus/weeks/{menu.id}/submit",
                       headers=manager).status_code == 404


@pytest.mark.parametrize("body", [
    {"name": "饭", "category": "staple", "ingredients": 5},
    {"name": "饭", "category": "staple", "ingredients": [{"food": "红薯", "grams": 1e30}]},
    {"name": "饭", "category": "staple", "ingredients": [{"food": "红薯", "grams": "1e999"}]},
])
def test_create_dish_refuses_ingredients_that_are_not_a_list_of_servings(client, token, foods,
                                                                        body):
    response = client.post("/api/v1/menus/dishes", headers=token("nutritionist"), json=body)
    assert response.status_code == 400
    assert set(response.get_json()["errors"]) & {"ingredients", "ingredients[0].grams"}
