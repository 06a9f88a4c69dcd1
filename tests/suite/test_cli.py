"""CLI: `users create`, `users token` and the deterministic `demo` county."""
from __future__ import annotations

import pytest
from flask import current_app
from sqlalchemy import func, select
from werkzeug.security import check_password_hash

from roster import eligibility
from roster.models import AidPayment
from suite import services
from suite.models import AuditEntry, County, Enrolment, School, Term, Township, User


# CLI messages are made outside a request, in the app's default locale, which `en` sets
pytestmark = pytest.mark.usefixtures("en")


def count(db, model):
    return db.scalar(select(func.count()).select_from(model))


def create(runner, *args, password="longpassword1"):
    return runner.invoke(args=["users", "create", *args], input=password + "\n")


# --- users create --------------------------------------------------------------------------

def test_create_user_with_scrypt_hash(runner, db):
    result = create(runner, "cook", "--role", "nutritionist", "--name", "王厨")
    assert result.exit_code == 0, result.output
    assert result.output == "created user cook (nutritionist)\n"
    user = db.scalar(select(User).where(User.username == "cook"))
    assert (user.role, user.display_name, user.school_id, user.active) == (
        "nutritionist", "王厨", None, True)
    assert user.password_hash.startswith("scrypt:")
    assert check_password_hash(user.password_hash, "longpassword1")
    (entry,) = db.scalars(select(AuditEntry).where(AuditEntry.record_type == "suite_user"))
    assert (entry.action, entry.actor) == ("create", "cli")


def test_create_canteen_manager_binds_the_school(runner, db, org):
    result = create(runner, "chef", "--role", "canteen_manager", "--school", org.schools[2].code)
    assert result.exit_code == 0, result.output
    user = db.scalar(select(User).where(User.username == "chef"))
    assert (user.role, user.school_id) == ("canteen_manager", org.schools[2].id)


@pytest.mark.parametrize("args, password, message", [
    (["--role", "chef"], "longpassword1", "Unknown role: chef."),
    (["--role", "canteen_manager"], "longpassword1", "This role needs a school."),
    (["--role", "canteen_manager", "--school", "NOPE"], "longpassword1",
     "Unknown school code: NOPE."),
    (["--role", "nutritionist"], "short12", "The password must have at least 10 characters."),
])
def test_create_user_refusals(runner, db, org, args, password, message):
    users_before = count(db, User)
    result = create(runner, "newbie", *args, password=password)
    assert result.exit_code == 1
    assert result.output == f"Error: {message}\n"
    assert count(db, User) == users_before
    assert count(db, School) == 3


def test_create_duplicate_username_is_refused(runner, db, org):
    assert create(runner, "cook", "--role", "nutritionist").exit_code == 0
    first_hash = db.scalar(select(User.password_hash).where(User.username == "cook"))
    result = create(runner, "cook", "--role", "bureau", password="otherpassword2")
    assert result.exit_code == 1
    assert result.output == "Error: The user name cook is taken.\n"
    db.expire_all()
    assert db.execute(select(User.role, User.password_hash)
                      .where(User.username == "cook")).all() == [("nutritionist", first_hash)]


def test_user_token_works_against_the_api(runner, client, db, org):
    assert create(runner, "chef", "--role", "canteen_manager", "--school",
                  org.schools[1].code).exit_code == 0
    result = runner.invoke(args=["users", "token", "chef"])
    assert result.exit_code == 0, result.output
    token = result.output.strip()
    assert token.startswith("sns_") and "\n" not in token
    response = client.get("/api/v1/schools", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert [s["code"] for s in response.get_json()["schools"]] == [org.schools[1].code]


def test_user_token_for_unknown_user(runner, db):
    result = runner.invoke(args=["users", "token", "ghost"])
    assert result.exit_code == 1
    assert result.output == "Error: unknown user ghost\n"


# --- demo ----------------------------------------------------------------------------------

# What seed 2026 builds with 10 schools: (code, name, kind, boarding, supply mode, students)
DEMO_SCHOOLS = [
    ("S0001", "城关红星教学点", "teaching_point", False, "canteen", 20),
    ("S0002", "青石向阳九年一贯制学校", "nine_year", True, "canteen", 249),
    ("S0003", "白水金竹小学", "primary", False, "company", 148),
    ("S0004", "城关平安小学", "primary", False, "canteen", 159),
    ("S0005", "青石大坪中学", "junior", True, "canteen", 238),
    ("S0006", "白水柳树小学", "primary", False, "canteen", 160),
    ("S0007", "城关杨家九年一贯制学校", "nine_year", False, "canteen", 256),
    ("S0008", "青石李家小学", "primary", False, "canteen", 157),
    ("S0009", "白水水口中学", "junior", True, "canteen", 217),
    ("S0010", "城关长岭小学", "primary", False, "canteen", 163),
]


def demo_schools(db):
    term = db.scalar(select(Term))
    totals = services.enrolment_totals(db, term.id)
    return [(s.code, s.name, s.kind, s.boarding, s.supply_mode, totals.get(s.id, 0))
            for s in db.scalars(select(School).order_by(School.code))]


@pytest.fixture
def demo_runner(make_app):
    """The CLI on an app with the roster plugin only: the demo's county, schools, enrolment,
    logins and aid payments are the host's and the roster's work. The other plugins' demos (a
    month of menus, deliveries, meals) are built and checked on five schools, one of every
    kind the default ten hold, by tests/canteen/test_demo.py, tests/subsidy/test_demo.py and
    tests/menus/test_demo_library.py; here they would take minutes more per build."""
    app = make_app(ENABLED_PLUGINS=["roster"], BABEL_DEFAULT_LOCALE="en")
    with app.app_context():  # the CLI runs in the test's context when one is pushed
        assert [plugin.name for plugin in current_app.extensions["suite_plugins"]] == [
            "suite", "roster"]
        yield app.test_cli_runner()
        app.extensions["suite_db"].session.remove()


def test_demo_builds_the_seeded_county_prints_the_logins_and_refuses_a_second(demo_runner, db):
    """One build of the default demo checked three ways."""
    result = demo_runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert count(db, County) == 1 and count(db, Township) == 3 and count(db, Term) == 1
    schools = demo_schools(db)
    assert schools == DEMO_SCHOOLS
    assert [s[2] for s in schools].count("teaching_point") == 1
    assert any(s[3] for s in schools) and any(s[4] == "company" for s in schools)
    assert all(s[5] > 0 for s in schools)
    assert sum(s[5] for s in schools) == 1767

    lines = result.output.splitlines()
    assert lines[0] == "Demo county ready. Logins (user / password):"
    logins = [line.split() for line in lines[1:]]
    expected = [["admin", "admin"], ["bureau", "bureau"], ["nutritionist", "nutritionist"]] + [
        [f"township-{i}", "township_officer"] for i in range(1, 4)] + [
        [f"canteen-s{i:04d}", "canteen_manager"] for i in range(1, 11)]
    assert [login[:2] for login in logins] == expected
    assert {login[2] for login in logins} == {"demo-pass-2026"}
    manager = db.scalar(select(User).where(User.username == "canteen-s0003"))
    assert manager.school.code == "S0003"
    assert check_password_hash(manager.password_hash, "demo-pass-2026")
    # the demo pays aid, and no one outside its programme's rule
    assert count(db, AidPayment) > 0
    assert eligibility.violations(db) == []

    # a second demo into the same database is refused and changes nothing
    before = [count(db, m) for m in (County, School, User, Enrolment, AuditEntry)]
    result = demo_runner.invoke(args=["demo", "--seed", "7"])
    assert result.exit_code == 1
    assert result.output == ("Error: the database already holds a county; "
                             "use an empty database for the demo\n")
    assert [count(db, m) for m in (County, School, User, Enrolment, AuditEntry)] == before
    assert demo_schools(db) == DEMO_SCHOOLS


def test_demo_with_12_schools_and_2400_students(demo_runner, db):
    """Sizes beyond the default ten schools: every school, its enrolment and its manager,
    and the logins list cut after ten managers."""
    result = demo_runner.invoke(args=["demo", "--schools", "12", "--students", "2400"])
    assert result.exit_code == 0, result.output
    assert count(db, School) == 12
    term = db.scalar(select(Term))
    totals = services.enrolment_totals(db, term.id)
    assert len(totals) == 12
    assert abs(sum(totals.values()) - 2400) <= 120
    assert count(db, User) == 18  # 3 county roles, 3 township officers, 12 canteen managers
    assert result.output.splitlines()[-1] == (
        "  ... and 2 more canteen managers (canteen-s0011 to canteen-s0012), same password")


@pytest.mark.parametrize("args", [["--schools", "0"], ["--students", "-100"]])
def test_demo_refuses_impossible_sizes(runner, db, args):
    result = runner.invoke(args=["demo", *args])
    assert result.exit_code != 0
    assert isinstance(result.exception, SystemExit)
    assert args[0] in result.output
    assert count(db, County) == 0
