"""The analysis API and the quick analysis page share one permission (nutrition.analyze),
checked for every role."""
from __future__ import annotations

import pytest

from suite import accounts

BODY = {"standard": "WS/T 554-2017", "meal": "lunch",
        "eaters": [{"age_band": "9-11", "sex": "M", "count": 1}],
        "items": [{"food": "012001x", "grams": 100}]}
# (role, may analyse): nutrition.analyze is given to nutritionists and bureau officers only
ROLES = [("nutritionist", True), ("bureau", True), ("admin", False), ("canteen_manager", False),
         ("township_officer", False)]


def _user(factory, org, role):
    if role == "canteen_manager":
        return factory.user(role, school=org.schools[0])
    if role == "township_officer":
        return factory.user(role, township=org.schools[0].township)
    return factory.user(role)


@pytest.mark.parametrize("role, allowed", ROLES)
def test_the_analysis_api_answers_the_roles_the_page_answers(client, factory, org, foods, db,
                                                             role, allowed):
    user = _user(factory, org, role)
    token = accounts.create_token(db, user)
    db.commit()
    api = client.post("/api/v1/nutrition/analyze", json=BODY,
                      headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == (200 if allowed else 403)
    if allowed:
        # 100 g rice × 346 / 100 = 346 kcal
        assert api.get_json()["nutrients"][0]["amount"] == 346.0


@pytest.mark.parametrize("role, allowed", ROLES)
def test_the_quick_analysis_page_answers_the_same_roles(client, login, org, foods, role,
                                                        allowed):
    township = org.schools[0].township if role == "township_officer" else None
    login(role, township=township)
    page = client.get("/nutrition/analyze?meal=lunch&eaters=9-11/M&food=大米&grams=100")
    assert page.status_code == (200 if allowed else 403)
