"""Error pages in the user's language, and JSON errors on the API."""
from __future__ import annotations

from sqlalchemy import select

from suite import accounts
from suite.auth import public
from suite.models import ApiToken


def test_500_page_is_in_chinese_and_hides_the_error(make_app, org):
    app = make_app(TESTING=False, PROPAGATE_EXCEPTIONS=False)

    @public
    def broken():
        raise RuntimeError("internal detail")

    app.add_url_rule("/broken", "broken", broken)
    response = app.test_client().get("/broken")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "系统出错了" in page
    assert "internal detail" not in page


def test_403_page_for_a_role_without_permission(client, login, en):
    login("canteen_manager")
    response = client.get("/audit")
    assert response.status_code == 403
    assert "Your role may not use this page." in response.get_data(as_text=True)


def test_api_errors_are_json(client):
    response = client.get("/api/v1/schools")
    assert response.status_code == 401
    assert response.is_json and "error" in response.get_json()
    assert client.get("/api/v1/nothing-here",
                      headers={"Authorization": "Bearer x"}).get_json()["error"]


def test_token_use_is_noted(client, factory, org, db):
    user = factory.user("bureau")
    raw = accounts.create_token(db, user, "t")
    db.commit()
    assert client.get("/api/v1/schools",
                      headers={"Authorization": f"Bearer {raw}"}).status_code == 200
    token = db.scalar(select(ApiToken).where(ApiToken.user_id == user.id))
    db.refresh(token)
    assert token.last_used_at is not None
