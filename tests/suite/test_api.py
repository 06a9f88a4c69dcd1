"""JSON API under /api/v1: bearer tokens only, scoped to the schools the user may see;
tokens are stored hashed and managed on the tokens page."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select, text

from suite import accounts
from suite.models import ApiToken


pytestmark = pytest.mark.usefixtures("en")  # English pages and messages


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def codes(response) -> list[str]:
    assert response.status_code == 200, response.data
    return [s["code"] for s in response.get_json()["schools"]]


def assert_401(response):
    assert response.status_code == 401
    assert response.is_json
    assert response.get_json()["error"] == "Please log in"


def test_canteen_manager_token_sees_only_their_school(client, factory, db, org):
    manager = factory.user("canteen_manager", school=org.schools[1])
    token = accounts.create_token(db, manager, "phone")
    response = client.get("/api/v1/schools", headers=bearer(token))
    assert codes(response) == [org.schools[1].code]
    school = response.get_json()["schools"][0]
    assert school == {
        "id": org.schools[1].id, "code": org.schools[1].code, "name": "东镇中学",
        "kind": "junior", "rural": True, "boarding": True, "supply_mode": "canteen",
        "in_plan": True, "active": True,
        "township": {"id": org.townships[0].id, "code": org.townships[0].code, "name": "东镇"}}


def test_bureau_token_sees_all_schools(client, factory, db, org):
    token = accounts.create_token(db, factory.user("bureau"))
    response = client.get("/api/v1/schools", headers=bearer(token))
    assert codes(response) == sorted(s.code for s in org.schools)


def test_no_token_is_401_json(client, org):
    assert_401(client.get("/api/v1/schools"))
    assert_401(client.get("/api/v1/terms"))


@pytest.mark.parametrize("header", [
    "Bearer sns_not-a-real-token", "Bearer ", "Token {token}", "{token}"])
def test_bad_or_malformed_token_is_401(client, factory, db, org, header):
    token = accounts.create_token(db, factory.user("bureau"))
    assert_401(client.get("/api/v1/schools",
                          headers={"Authorization": header.format(token=token)}))


def test_revoked_token_is_401(client, factory, db, org):
    user = factory.user("bureau")
    token = accounts.create_token(db, user)
    assert client.get("/api/v1/schools", headers=bearer(token)).status_code == 200
    token_id = db.scalar(select(ApiToken.id).where(ApiToken.user_id == user.id))
    assert accounts.revoke_token(db, token_id) is True
    assert_401(client.get("/api/v1/schools", headers=bearer(token)))


def test_token_of_a_disabled_user_is_401(client, factory, db, org):
    user = factory.user("bureau")
    token = accounts.create_token(db, user)
    user.active = False
    db.flush()
    assert_401(client.get("/api/v1/schools", headers=bearer(token)))


def test_browser_session_without_bearer_token_is_401(client, login, org):
    login("admin")
    assert client.get("/").status_code == 200  # the session cookie is valid for pages
    assert_401(client.get("/api/v1/schools"))
    assert_401(client.get("/api/v1/schools", headers=bearer("sns_wrong")))


def test_terms_lists_school_days(client, factory, db, org):
    token = accounts.create_token(db, factory.user("canteen_manager", school=org.schools[0]))
    response = client.get("/api/v1/terms", headers=bearer(token))
    assert response.status_code == 200
    (term,) = response.get_json()["terms"]
    assert (term["id"], term["name"], term["start_date"], term["end_date"]) == (
        org.term.id, "2026秋", "2026-09-01", "2027-01-20")
    days = term["school_days"]
    assert len(days) == 102  # 102 weekdays, one holiday off, one make-up Saturday on
    assert (days[0], days[-1]) == ("2026-09-01", "2027-01-20")
    assert "2026-10-01" not in days and "2026-10-10" in days
    assert "2026-10-03" not in days and "2026-10-02" in days


def test_tokens_are_stored_hashed(db, factory, org):
    token = accounts.create_token(db, factory.user("bureau"), "laptop")
    rows = db.execute(text("SELECT * FROM suite_api_token")).all()
    assert len(rows) == 1
    assert token.startswith("sns_") and len(token) > 40
    assert all(token not in str(value) for value in rows[0])
    assert all(token[4:] not in str(value) for value in rows[0])
    token_hash = db.scalar(select(ApiToken.token_hash))
    audit = str(db.execute(text("SELECT * FROM suite_audit")).all())
    assert "suite_api_token" in audit
    assert token[4:] not in audit and token_hash not in audit


# --- tokens page ---------------------------------------------------------------------------

def new_token_on_page(html: str) -> str:
    found = re.findall(r'<code class="token">([^<]+)</code>', html)
    assert len(found) == 1, html
    return found[0]


def test_user_creates_a_token_shown_once(client, login, db, org):
    user = login("nutritionist")
    response = client.post("/account/tokens", data={"name": "laptop"})
    assert response.status_code == 200
    token = new_token_on_page(response.get_data(as_text=True))
    row = db.scalar(select(ApiToken).where(ApiToken.user_id == user.id))
    assert (row.name, row.revoked_at) == ("laptop", None)
    assert token not in client.get("/account/tokens").get_data(as_text=True)
    client.post("/logout")
    assert codes(client.get("/api/v1/schools", headers=bearer(token))) == sorted(
        s.code for s in org.schools)


def test_token_name_is_required(client, login, db, org):
    login("nutritionist")
    response = client.post("/account/tokens", data={"name": ""})
    assert "This field is required." in response.get_data(as_text=True)
    assert 'class="token"' not in response.get_data(as_text=True)
    assert db.scalar(select(ApiToken.id)) is None


def test_user_revokes_own_token(client, login, db, org):
    user = login("bureau")
    token = accounts.create_token(db, user, "old")
    token_id = db.scalar(select(ApiToken.id).where(ApiToken.user_id == user.id))
    db.flush()
    response = client.post(f"/account/tokens/{token_id}/revoke")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/account/tokens")
    db.expire_all()
    assert db.get(ApiToken, token_id).revoked_at is not None
    assert_401(client.get("/api/v1/schools", headers=bearer(token)))


def test_revoking_another_users_token_is_404(client, login, factory, db, org):
    other = factory.user("bureau")
    token = accounts.create_token(db, other, "theirs")
    token_id = db.scalar(select(ApiToken.id).where(ApiToken.user_id == other.id))
    login("admin")
    assert client.post(f"/account/tokens/{token_id}/revoke").status_code == 404
    assert client.post("/account/tokens/999999/revoke").status_code == 404
    db.expire_all()
    assert db.get(ApiToken, token_id).revoked_at is None
    assert client.get("/api/v1/schools", headers=bearer(token)).status_code == 200
