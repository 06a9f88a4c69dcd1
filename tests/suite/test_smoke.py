from suite.models import School


def test_org_fixture_builds_three_schools(org, db):
    assert db.query(School).count() == 3


def test_login_as_admin_reaches_home(login, client):
    login("admin")
    assert client.get("/").status_code == 200
