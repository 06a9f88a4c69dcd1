"""Authorization: every endpoint declares a decision; every role × route gives what the
declarations say; a canteen manager cannot reach another school, whatever the URL."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from suite.auth import LOGIN, PUBLIC, has_permission
from datetime import date

from menus.models import Dish, MenuItem, WeekMenu
from roster.models import Policy, ReconRun, Student
from procurement.models import Delivery, Supplier
from subsidy import services as subsidy
from suite.models import School, SubsidyRate, Term, User

ROLES = ["admin", "bureau", "nutritionist", "canteen_manager", "township_officer"]


def _decision(app, endpoint):
    view = app.view_functions[endpoint]
    return getattr(view, "_access", None)


def test_every_endpoint_declares_who_may_use_it(app):
    undeclared = [rule.endpoint for rule in app.url_map.iter_rules()
                  if not rule.endpoint.endswith("static") and _decision(app, rule.endpoint) is None]
    assert undeclared == []


def test_every_declared_permission_exists(app):
    grants = app.extensions["suite_grants"]
    for rule in app.url_map.iter_rules():
        decision = _decision(app, rule.endpoint) or (None,)
        if decision[0] == "perm":
            assert decision[1] in grants, rule.endpoint


def test_undeclared_view_is_refused(make_app, factory, org):
    app = make_app()

    def naked():
        return "secret"

    app.add_url_rule("/naked", "naked", naked)
    assert app.test_client().get("/naked").status_code == 403


@pytest.fixture
def demo(db, app, demo_county):
    """A small demo county: every plugin's pages have real records to show."""
    demo_county(schools=3, today=date(2026, 11, 23), password=DEMO_PASSWORD)
    db.commit()
    school = db.scalar(select(School).where(School.code == "S0001"))
    menu_id = db.scalar(select(WeekMenu.id).where(WeekMenu.school_id == school.id)
                        .order_by(WeekMenu.week_start.desc()))
    inspection, evidence = _inspection(db, app, school)
    _close_october(db, school)
    return {
        "inspection_id": inspection, "rect_id": evidence,
        "school_id": school.id, "term_id": db.scalar(select(Term.id)),
        "user_id": db.scalar(select(User.id).where(User.username == "bureau")),
        "rate_id": db.scalar(select(SubsidyRate.id).order_by(SubsidyRate.id)),
        "token_id": 999999, "mapping_id": 999999, "day": "2026-10-01", "code": "021101",
        "meal": "lunch", "sample_id": 999999, "month": "2026-10",
        "supplier_id": db.scalar(select(Supplier.id).order_by(Supplier.id)),
        "delivery_id": db.scalar(select(Delivery.id).where(Delivery.school_id == school.id)
                                 .order_by(Delivery.id)),
        "dish_id": db.scalar(select(Dish.id).order_by(Dish.id)),
        "menu_id": menu_id, "school_code": "S0001",
        "student_id": db.scalar(select(Student.id).where(Student.school_id == school.id)
                                .order_by(Student.id)),
        "policy_id": db.scalar(select(Policy.id).order_by(Policy.id)),
        "run_id": db.scalar(select(ReconRun.id).order_by(ReconRun.id)),
        "item_id": db.scalar(select(MenuItem.id).where(MenuItem.menu_id == menu_id)),
    }


def _close_october(db, school) -> None:
    """October closed at the school, so that its public account (公示) can be read."""
    ids = {u.username: u.id for u in db.scalars(select(User).where(User.username.in_(
        ("bureau", f"canteen-{school.code.lower()}"))))}
    for act, user in ((subsidy.submit_month, f"canteen-{school.code.lower()}"),
                      (subsidy.close_month, "bureau")):
        act(db, school_id=school.id, year=2026, month=10, user_id=ids[user],
            today=date(2026, 11, 23))
    db.commit()


def _inspection(db, app, school) -> tuple[int, int]:
    """A spot check of the school by the demo bureau officer and township-1, rectified."""
    ids = {u.username: u.id for u in db.scalars(select(User).where(User.username.in_(
        ("bureau", "township-1", f"canteen-{school.code.lower()}"))))}
    inspection = subsidy.record_inspection(
        db, school_id=school.id, kind="spot", day=date(2026, 11, 20), scopes=["food_safety"],
        findings="留样不足48小时。", due_date=date(2026, 11, 30),
        member_ids=[ids["bureau"], ids["township-1"]], user_id=ids["bureau"],
        today=date(2026, 11, 23))
    rect = subsidy.record_rectification(
        db, inspection.id, note="已补足留样。", file_bytes=b"%PDF-1.4\n%%EOF\n",
        filename="整改.pdf", user_id=ids[f"canteen-{school.code.lower()}"],
        instance_path=app.instance_path, max_bytes=1024)
    db.commit()
    return inspection.id, rect.id


DEMO_LOGINS = {"admin": "admin", "bureau": "bureau", "nutritionist": "nutritionist",
               "canteen_manager": "canteen-s0001", "township_officer": "township-1"}
DEMO_PASSWORD = "demo-password-1"


def _routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.endswith("static"):
            continue
        yield rule


@pytest.mark.parametrize("role", ROLES)
def test_role_by_route_matrix(app, client, demo, db, role, pdf_once):
    response = client.post("/login", data={"username": DEMO_LOGINS[role],
                                           "password": DEMO_PASSWORD})
    assert response.status_code == 302
    user = db.scalar(select(User).where(User.username == DEMO_LOGINS[role]))
    checked = 0
    before = _row_counts(db)
    # every GET first: reading never changes anything, whatever the role; then the rest
    for method, rule in sorted(((m, r) for r in _routes(app)
                                for m in r.methods - {"HEAD", "OPTIONS"}),
                               key=lambda mr: (mr[0] != "GET", mr[1].rule, mr[0])):
        if method != "GET" and before is not None:
            assert _row_counts(db) == before, role
            before = None
        decision = _decision(app, rule.endpoint)
        url = rule.build(demo, append_unknown=False)[1]
        allowed = decision[0] in (PUBLIC, LOGIN) or has_permission(user, decision[1])
        if rule.endpoint in ("suite.logout",) or url.startswith("/api/"):
            continue  # the API takes bearer tokens only; see the API tests
        response = client.open(url, method=method)
        checked += 1
        if allowed:
            assert response.status_code != 403, (role, method, url)
            if method == "GET":
                assert response.status_code in (200, 302), (role, method, url,
                                                             response.status_code)
        else:
            assert response.status_code == 403, (role, method, url, response.status_code)
    assert checked > 30


def test_canteen_manager_gets_404_on_another_school(login, client, org):
    login("canteen_manager", school=org.schools[0])
    assert client.get(f"/schools/{org.schools[0].id}").status_code == 200
    assert client.get(f"/schools/{org.schools[1].id}").status_code == 404
    assert client.get("/schools/999999").status_code == 404


def test_canteen_manager_lists_only_own_school(login, client, org):
    login("canteen_manager", school=org.schools[1])
    page = client.get("/schools").get_data(as_text=True)
    assert org.schools[1].name in page
    assert org.schools[0].name not in page and org.schools[2].name not in page


def test_county_roles_see_every_school(login, client, org):
    login("bureau")
    page = client.get("/schools").get_data(as_text=True)
    assert all(s.name in page for s in org.schools)


def test_each_role_sees_only_its_navigation(login, client, org):
    expectations = {
        "admin": ({"/admin/users", "/audit", "/rates"}, set()),
        "bureau": ({"/audit", "/schools"}, {"/admin/users"}),
        "nutritionist": ({"/schools", "/nutrition/foods", "/nutrition/analyze"},
                         {"/admin/users", "/audit"}),
        "canteen_manager": ({"/schools", "/canteen/", "/nutrition/foods"},
                            {"/admin/users", "/audit", "/roster/", "/nutrition/analyze"}),
    }
    for role, (present, absent) in expectations.items():
        client.post("/logout")
        login(role)
        nav = client.get("/").get_data(as_text=True).split('id="main-nav"')[1].split("</nav>")[0]
        assert all(f'href="{p}"' in nav for p in present), role
        assert not any(f'href="{p}"' in nav for p in absent), role


# ids in the demo dict that name one school's own records (S0001's)
SCHOOL_SCOPED = {"school_id", "delivery_id", "menu_id", "student_id", "item_id",
                 "inspection_id", "rect_id", "school_code"}


def _row_counts(db) -> dict:
    from sqlalchemy import func, table
    from suite.db import Base
    return {name: db.scalar(select(func.count()).select_from(table(name)))
            for name in Base.metadata.tables}


def test_a_canteen_manager_reaches_no_other_school_through_any_route(app, client, demo, db,
                                                                    pdf_once):
    """canteen-s0002 tries every page, form and API route with S0001's ids: each one that
    names S0001's records answers 403 or 404 and changes nothing; every other page the manager
    may open never shows S0001's name (public pages aside: they show every school by design)."""
    from suite import accounts
    other = db.scalar(select(User).where(User.username == "canteen-s0002"))
    token = accounts.create_token(db, other, "probe")
    own_name = db.scalar(select(School.name).where(School.code == "S0001"))
    db.commit()
    assert client.post("/login", data={"username": "canteen-s0002",
                                       "password": DEMO_PASSWORD}).status_code == 302
    before = _row_counts(db)
    scoped_checked = pages_checked = 0
    for rule in _routes(app):
        if rule.endpoint == "suite.logout" or _decision(app, rule.endpoint)[0] == PUBLIC:
            continue
        url = rule.build(demo, append_unknown=False)[1]
        headers = {"Authorization": f"Bearer {token}"} if url.startswith("/api/") else {}
        scoped = bool(SCHOOL_SCOPED & set(rule.arguments))
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            kwargs = {"json": {}} if url.startswith("/api/") and method != "GET" else {}
            response = client.open(url, method=method, headers=headers, **kwargs)
            if scoped:
                scoped_checked += 1
                assert response.status_code in (403, 404), (method, url, response.status_code)
            elif method == "GET" and response.status_code == 200 \
                    and response.mimetype in ("text/html", "application/json"):
                pages_checked += 1
                assert own_name not in response.get_data(as_text=True), (method, url)
    assert _row_counts(db) == before
    assert scoped_checked > 40 and pages_checked > 20, (scoped_checked, pages_checked)
