"""Walk every route of the URL map with hostile values and fail on any 5xx (issue 9 #12).

Path converters get ids beyond the database's integer range, non-ASCII digits and odd words;
the query parameters, form fields and JSON keys each plugin reads get the same, plus NUL
characters, unknown age bands, impossible months, "1e999" and lists where words belong. Runs as
anonymous, as the bureau and as the administrator, each value once per route as one of the
roles that reach its view, on SQLite and PostgreSQL (TEST_DATABASE_URL)."""
from __future__ import annotations

import importlib
import inspect
import io
import json
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from werkzeug.routing import IntegerConverter

from sqlalchemy import func, select

from suite import accounts
from suite.audit import acting_as
from suite.auth import LOGIN, PUBLIC, has_permission, public
from suite.models import School

QUERY = ["3000000000", "-3000000000", "99999999999999999999", "2147483647", "²", "١٢", "zz",
         "9999-12", "2026-13", "0000-00-00", "0001-01-01", "9999-12-31", "1e999", "-1", "\x00",
         " ", "x" * 3000]
PATH_INT = ["3000000000", "99999999999999999999", "2147483647"]
PATH_TEXT = ["zz", "9999-12", "2026-13", "0001-01-01", "9999-12-31", "²", "x" * 3000, "\x00"]
FORM = ["3000000000", "99999999999999999999", "²", "1e999", "9999-12", "zz", "\x00",
        "0001-01-01", "9999-12-31", "x" * 100_000]
JSON_VALUES = [["x"], {"a": ["x"]}, "1e999", 3000000000, 1e308, -1, "\x00", "x" * 100_000,
               None, "zz", "9999-12-31", "\ud800"]
DEEP = "[" * 5000 + "]" * 5000
_ARG = re.compile(r"""(?:args|form)\.get(?:list)?\(\s*["']([\w-]+)["']|"""
                  r"""(?:args|form)\[["']([\w-]+)["']\]""")
_JSON_KEY = re.compile(r"""\b\w+\.get\(\s*["'](\w+)["']|"""
                       r"""\b(?:body|data|payload|item|line|row|i|e)\[["'](\w+)["']\]""")
_FIELD = re.compile(r"^\s+(\w+)\s*=\s*\w*Field\(", re.M)


def _package_sources(module_name: str) -> str:
    package = importlib.import_module(module_name.split(".")[0])
    return "\n".join(p.read_text() for p in Path(package.__file__).parent.glob("*.py"))


def _names(pattern, text) -> list[str]:
    return sorted({a or b for a, b in pattern.findall(text)} if pattern.groups == 2
                  else set(pattern.findall(text)))


def _reads(app, rule):
    """(query or form names, JSON keys, form field names) the rule's plugin reads."""
    view = app.view_functions[rule.endpoint]
    text = _package_sources(inspect.unwrap(view).__module__)
    return _names(_ARG, text), _names(_JSON_KEY, text), _names(_FIELD, text)


def real_values(db) -> dict:
    """URL argument -> the value of an existing record, so views get past their 404."""
    from menus.models import Dish, MenuItem, WeekMenu
    from nutrition.models import FoodRow
    from procurement.models import Delivery, Supplier
    from roster.models import Policy, ReconRun, Student
    from suite.models import ApiToken, SubsidyRate, Term, User
    models = {"school_id": School, "term_id": Term, "user_id": User, "rate_id": SubsidyRate,
              "token_id": ApiToken, "delivery_id": Delivery, "dish_id": Dish,
              "menu_id": WeekMenu, "policy_id": Policy, "run_id": ReconRun,
              "student_id": Student, "supplier_id": Supplier}
    values = {arg: str(db.scalar(select(model.id).order_by(model.id)) or 1)
              for arg, model in models.items()}
    item = db.scalars(select(MenuItem).order_by(MenuItem.id)).first()
    if item is not None:
        values.update(item_id=str(item.id), menu_id=str(item.menu_id))
    values["code"] = db.scalar(select(FoodRow.code).order_by(FoodRow.code)) or "zz"
    values["school_code"] = db.scalar(select(School.code).order_by(School.code)) or "zz"
    values["day"] = DEMO_DAY.isoformat()
    return values


REAL: dict = {}
DEMO_DAY = date(2026, 11, 23)  # the demo county's today


def _urls(rule, int_value=None, text_value=None):
    values = {}
    for arg, converter in rule._converters.items():
        real = REAL.get(arg, "1")
        if isinstance(converter, IntegerConverter):
            values[arg] = int_value or real
        else:
            values[arg] = text_value or REAL.get(arg, "zz")
    path = rule.rule
    for arg, value in values.items():
        path = re.sub(r"<(?:[^:<>]+:)?" + re.escape(arg) + r">", value.replace("\\", "\\\\"),
                      path)
    return path


def _requests(app, rule):
    params, keys, fields = _reads(app, rule)
    base = _urls(rule)
    for value in PATH_INT:
        if any(isinstance(c, IntegerConverter) for c in rule._converters.values()):
            yield "GET", _urls(rule, int_value=value), None
    for value in PATH_TEXT:
        if any(not isinstance(c, IntegerConverter) for c in rule._converters.values()):
            yield "GET", _urls(rule, text_value=value), None
    if "GET" in rule.methods:
        for value in QUERY:
            yield "GET", base, {"query_string": {p: value for p in params} or {"page": value}}
    if "POST" in rule.methods:
        names = sorted(set(params) | set(fields) | set(keys))
        for value in FORM:
            yield "POST", base, {"data": {n: value for n in names}}
        # files as (bytes, name): each request opens its own stream (see _walk)
        yield "POST", base, {"data": {"file": (b"a,b\r\n" + b"x" * 140_000, "big.csv")}}
        yield "POST", base, {"data": {"file": (b"a,b\r\nx\x00,1\r\n", "nul.csv")}
                             | {n: "1" for n in names if n != "file"}}
        if base.startswith("/api/"):
            yield "POST", base, {"data": DEEP, "content_type": "application/json"}
            for value in JSON_VALUES:
                flat = {k: value for k in keys}
                for body in (flat, {k: [flat] for k in keys}):
                    yield "POST", base, {"data": json.dumps(body),
                                         "content_type": "application/json"}
            yield "POST", base, {"data": json.dumps([1, 2]), "content_type": "application/json"}


def _reaches(app, rule, user) -> bool:
    """Whether `user` (None: anonymous) gets past the route's declared access check."""
    decision = getattr(app.view_functions[rule.endpoint], "_access", None) or ("",)
    if decision[0] == PUBLIC:
        return True
    if user is None:
        return False
    return decision[0] == LOGIN or (decision[0] == "perm" and has_permission(user, decision[1]))


def _shares(app, rule, requests, clients):
    """(client, request) pairs: the requests dealt in turn to the roles that reach the route's
    view, so every hostile value reaches it once; anonymous, shut out of most routes, gets
    every fifth as well (the refusal must not crash either)."""
    inside = [role for role, (_r, _c, _h, user) in clients.items()
              if _reaches(app, rule, user)] or ["bureau"]
    for i, request in enumerate(requests):
        yield clients[inside[i % len(inside)]], request
        if None not in inside and i % 5 == 0:
            yield clients[None], request


def _walk(app, clients) -> tuple[list[str], Counter]:
    failures, sent = [], Counter()
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint == "static" or "logout" in rule.rule:
            continue
        for (role, client, headers, _user), (method, url, kwargs) in _shares(
                app, rule, list(_requests(app, rule)), clients):
            kwargs = dict(kwargs or {})
            kwargs.setdefault("headers", headers)
            if isinstance(kwargs.get("data"), dict):  # a file is read once: a new stream
                kwargs["data"] = {k: (io.BytesIO(v[0]), v[1]) if isinstance(v, tuple) else v
                                  for k, v in kwargs["data"].items()}
            sent[role] += 1
            where = (f"{role or 'anonymous'}: {method} {url[:80]} "
                     f"{str(kwargs.get('query_string') or kwargs.get('data'))[:80]}")
            try:
                status = client.open(url, method=method, **kwargs).status_code
            except Exception as exc:  # noqa: BLE001 - the test lists every crash
                failures.append(f"{where}: {type(exc).__name__}: {str(exc)[:200]}")
                continue
            if status >= 500:
                failures.append(f"{where}: {status}")
    return failures, sent


pytestmark = pytest.mark.usefixtures("pdf_once")


@pytest.fixture
def app_config():
    # the walk posts to 建议 too: the solver's answer does not matter here, only that no
    # request crashes, so it gets a second rather than the planner's five
    return {"BABEL_DEFAULT_LOCALE": "zh_Hans_CN", "SUGGEST_TIME_LIMIT": 1.0}


def test_no_route_answers_5xx_to_hostile_values(app, db, factory, demo_county):
    """One demo county (the role matrix's, kept by demo_county), walked by anonymous, the
    bureau and the administrator, each with its own client and session: each hostile value
    goes to each route once, as one of the roles that reach its view."""
    with acting_as(None, "demo"):
        demo_county(schools=3, today=DEMO_DAY, password="demo-password-1")
    db.commit()
    REAL.clear()
    REAL.update(real_values(db))
    clients = {None: (None, app.test_client(), {}, None)}
    for role in ("bureau", "admin"):
        client, user = app.test_client(), factory.user(role)
        headers = {"Authorization": f"Bearer {accounts.create_token(db, user)}"}
        db.commit()
        assert client.post("/login", data={"username": user.username,
                                           "password": "correct-horse-9"}).status_code == 302
        clients[role] = (role, client, headers, user)
    failures, sent = _walk(app, clients)
    assert not failures, f"{len(failures)} crashes:\n" + "\n".join(failures[:80])
    assert min(sent[role] for role in clients) > 500, sent  # every role took its share


def test_ids_beyond_the_integer_range_are_404(client, login, org):
    login("admin")
    for url in ("/menus/weeks/3000000000", "/menus/dishes/99999999999999999999",
                "/admin/users/3000000000", "/menus/weeks/²"):
        assert client.get(url).status_code == 404, url
    assert client.get("/menus/weeks/2147483647").status_code == 404


def test_an_id_past_the_range_is_404_for_every_method_of_its_path(client, org):
    """The same path has a GET and a PUT route: a number the URL converter refuses is no
    match for either (it was a 405 for the PUT, found by the API fuzz run)."""
    for school_id, status in (("2147483648", 404), ("8589934593", 404), ("9999999999", 404),
                              ("2147483647", 401), ("0002147483", 401)):
        url = f"/api/v1/canteen/meals/{school_id}/2026-11-02/lunch"
        for method in ("get", "put"):
            response = getattr(client, method)(url, json={} if method == "put" else None)
            assert response.status_code == status, (method, school_id)
        assert client.post(url + "/issues", json={}).status_code == status, school_id


def test_nul_characters_are_refused_in_chinese_and_nothing_is_read(client, org):
    response = client.post("/login", data={"username": "ad\x00min", "password": "x"})
    assert response.status_code == 400
    assert "请求中含有空字符（NUL），任何字段都不能包含该字符。" in response.get_data(as_text=True)
    assert client.get("/roster/lookup?q=%00").status_code == 400
    response = client.post("/api/v1/procurement/deliveries", json={"supplier": "a\x00"},
                           headers={"Authorization": "Bearer x"})
    assert response.status_code == 400


def test_json_nested_thousands_deep_is_a_400(client, db, factory, org):
    raw = accounts.create_token(db, factory.user("nutritionist"))
    db.commit()
    response = client.post("/api/v1/nutrition/analyze", data="[" * 10_000 + "]" * 10_000,
                           content_type="application/json",
                           headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 400


def test_analyze_refuses_lists_where_words_belong(client, db, factory, org):
    raw = accounts.create_token(db, factory.user("nutritionist"))
    db.commit()
    headers = {"Authorization": f"Bearer {raw}"}
    for body in ({"standard": ["x"], "meal": "lunch", "eaters": [{"age_band": "9-11", "sex": "M"}],
                  "items": [{"food": "x", "grams": 10}]},
                 {"meal": "lunch", "eaters": [{"age_band": ["9-11"], "sex": "M"}],
                  "items": [{"food": ["x"], "grams": 10}]}):
        response = client.post("/api/v1/nutrition/analyze", json=body, headers=headers)
        assert response.status_code == 400, body


@pytest.fixture
def crashing_app(make_app):
    """An app whose two extra routes fail inside a flush, as a database error would."""
    app = make_app(TESTING=False, PROPAGATE_EXCEPTIONS=False, BABEL_DEFAULT_LOCALE="zh_Hans_CN")

    def failed_flush():
        from suite.db import get_session
        session = get_session()
        session.add(School(code=None, name=None))
        session.flush()

    app.add_url_rule("/boom", "boom", public(failed_flush))
    app.add_url_rule("/api/v1/boom", "api_boom", public(failed_flush))
    return app


def test_the_error_handler_answers_after_a_failed_flush(crashing_app, factory, db):
    user = factory.user("bureau")
    raw = accounts.create_token(db, user)
    db.commit()
    client = crashing_app.test_client()
    with crashing_app.app_context():
        client.post("/login", data={"username": user.username, "password": "correct-horse-9"})
        page = client.get("/boom")
        api = client.get("/api/v1/boom", headers={"Authorization": f"Bearer {raw}"})
    assert page.status_code == 500
    assert "500 · 系统出错了" in page.get_data(as_text=True)
    assert user.username in page.get_data(as_text=True)  # the layout read the user again
    assert api.status_code == 500
    assert api.get_json() == {"error": "系统出错了", "detail": ""}


def test_overlong_fields_are_refused_before_any_search(client, login, org):
    login("bureau")
    response = client.post("/roster/lookup", data={"id_number": "x", "name": "张" * 10_001})
    assert response.status_code == 400
    assert "某个字段超过 10000 个字符。" in response.get_data(as_text=True)
    assert client.get("/nutrition/foods", query_string={"q": "米" * 10_001}).status_code == 400
    assert client.get("/nutrition/foods", query_string={"q": "米" * 100}).status_code == 200


def test_a_day_at_the_end_of_the_calendar_is_refused_in_words(client, login, db, org):
    from suite.models import Term
    login("admin")
    before = db.scalar(select(func.count()).select_from(Term))
    response = client.post("/terms/new", data={"name": "远期学期", "start_date": "9999-12-01",
                                               "end_date": "9999-12-31"})
    assert "请填写 1900 年至 2099 年之间的日期。" in response.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(Term)) == before
    for url in ("/audit?to=9999-12-31", "/audit?from=0001-01-01",
                "/procurement/prices?date=0001-01-01", "/canteen/?day=0001-01-01"):
        assert client.get(url).status_code == 200, url
    login("canteen_manager")
    school = org.schools[0].id
    assert client.get("/canteen/?day=0001-01-01").status_code == 200
    for day in ("0001-01-01", "0001-01-02", "9999-12-31"):
        assert client.get(f"/canteen/{school}/{day}/residue").status_code == 404, day
