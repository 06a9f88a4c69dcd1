"""Walk every route of the URL map with hostile values and fail on any 5xx (issue 9 #12).

Path converters get ids beyond the database's integer range, non-ASCII digits and odd words;
the query parameters, form fields and JSON keys each plugin reads get the same, plus NUL
characters, unknown age bands, impossible months, "1e999" and lists where words belong. Runs as
anonymous, as the bureau, as the administrator and as a canteen manager, on SQLite and
PostgreSQL (TEST_DATABASE_URL)."""
from __future__ import annotations

import importlib
import inspect
import io
import json
import re
from pathlib import Path

import pytest
from werkzeug.routing import IntegerConverter

from sqlalchemy import select

from suite import accounts, clock
from suite.audit import acting_as
from suite.demo import build_demo
from suite.auth import public
from suite.models import School

QUERY = ["3000000000", "-3000000000", "99999999999999999999", "2147483647", "²", "١٢", "zz",
         "9999-12", "2026-13", "0000-00-00", "1e999", "-1", "\x00", " ", "x" * 3000]
PATH_INT = ["3000000000", "99999999999999999999", "2147483647"]
PATH_TEXT = ["zz", "9999-12", "2026-13", "²", "x" * 3000, "\x00"]
FORM = ["3000000000", "99999999999999999999", "²", "1e999", "9999-12", "zz", "\x00",
        "x" * 100_000]
JSON_VALUES = [["x"], {"a": ["x"]}, "1e999", 3000000000, 1e308, -1, "\x00", "x" * 100_000,
               None, "zz", "9999-12-31"]
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
    values["day"] = clock.today().isoformat()
    return values


REAL: dict = {}


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
        yield "POST", base, {"data": {"file": (io.BytesIO(b"a,b\r\n" + b"x" * 140_000),
                                               "big.csv")}}
        yield "POST", base, {"data": {"file": (io.BytesIO(b"a,b\r\nx\x00,1\r\n"), "nul.csv")}
                             | {n: "1" for n in names if n != "file"}}
        if base.startswith("/api/"):
            yield "POST", base, {"data": DEEP, "content_type": "application/json"}
            for value in JSON_VALUES:
                flat = {k: value for k in keys}
                for body in (flat, {k: [flat] for k in keys}):
                    yield "POST", base, {"data": json.dumps(body),
                                         "content_type": "application/json"}
            yield "POST", base, {"data": json.dumps([1, 2]), "content_type": "application/json"}


def _walk(app, client, headers=None) -> list[str]:
    failures = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint == "static" or "logout" in rule.rule:
            continue
        for method, url, kwargs in _requests(app, rule):
            kwargs = dict(kwargs or {})
            kwargs.setdefault("headers", headers or {})
            try:
                response = client.open(url, method=method, **kwargs)
                status = response.status_code
            except Exception as exc:  # noqa: BLE001 - the test lists every crash
                failures.append(f"{method} {url[:80]} {str(kwargs.get('query_string') or kwargs.get('data'))[:80]}: {type(exc).__name__}: {str(exc)[:200]}")
                continue
            if status >= 500:
                failures.append(f"{method} {url[:80]} {str(kwargs.get('query_string') or kwargs.get('data'))[:80]}: {status}")
    return failures


@pytest.fixture(autouse=True)
def _pdf_once_per_document(monkeypatch):
    """The walk asks for each PDF a dozen times with values the view refuses or ignores, so most
    requests lay out the same document: WeasyPrint's layout (seconds for a ledger) runs once per
    distinct HTML, while every request still goes through the view and its template."""
    from suite import pdf
    seen: dict = {}
    real = pdf.html_to_pdf

    def once(html, template=""):
        if html not in seen:
            seen[html] = real(html, template)
        return seen[html]
    monkeypatch.setattr(pdf, "html_to_pdf", once)


@pytest.fixture
def app_config():
    # the walk posts to 建议 too: the solver's answer does not matter here, only that no
    # request crashes, so it gets a second rather than the planner's five
    return {"BABEL_DEFAULT_LOCALE": "zh_Hans_CN", "SUGGEST_TIME_LIMIT": 1.0}


def test_no_route_answers_5xx_to_hostile_values(app, db, factory):
    """One demo county (built once: it takes most of a minute), walked in turn as anonymous,
    the bureau and the administrator, each with its own client and session."""
    with acting_as(None, "demo"):
        build_demo(db, schools=3, today=clock.today(), password="demo-password-1")
    db.commit()
    REAL.clear()
    REAL.update(real_values(db))
    failures = []
    for role in (None, "bureau", "admin"):
        client, headers = app.test_client(), {}
        if role:
            user = factory.user(role)
            headers = {"Authorization": f"Bearer {accounts.create_token(db, user)}"}
            db.commit()
            assert client.post("/login", data={"username": user.username,
                                               "password": "correct-horse-9"}).status_code == 302
        failures += [f"{role or 'anonymous'}: {f}" for f in _walk(app, client, headers)]
    assert not failures, f"{len(failures)} crashes:\n" + "\n".join(failures[:80])


def test_ids_beyond_the_integer_range_are_404(client, login, org):
    login("admin")
    for url in ("/menus/weeks/3000000000", "/menus/dishes/99999999999999999999",
                "/admin/users/3000000000", "/menus/weeks/²"):
        assert client.get(url).status_code == 404, url
    assert client.get("/menus/weeks/2147483647").status_code == 404


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
