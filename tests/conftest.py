"""Shared fixtures: app, db, client, runner, en, login(role), org factories, a supplier and
deliveries.

The schema is built once per run by the real Alembic migrations, on SQLite by default or on the
database named by TEST_DATABASE_URL (PostgreSQL in CI). Each test runs inside a transaction
that is rolled back, so tests see an empty database plus what they make."""
from __future__ import annotations

import os
from datetime import date

import pytest
from flask.testing import FlaskClient
from flask_babel import refresh
import shutil
from pathlib import Path

from sqlalchemy import JSON, MetaData, event, func, insert, select, text

from suite import create_app, migrate
from suite.db import Base, make_engine

from .database_pass import select_for_database
from .factories import PASSWORD, TODAY, Factory


def pytest_collection_modifyitems(config, items):
    select_for_database(config, items)  # the PostgreSQL pass runs what reaches its database


FOOD_TEMPLATE = "food_template"  # the built-in foods, loaded once per run (see `foods`)


def _fresh_database(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text(f"DROP SCHEMA IF EXISTS {FOOD_TEMPLATE} CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def _template_file(url: str) -> str:
    return url.removeprefix("sqlite:///") + ".foods"


def _build_food_template(url: str) -> None:
    """Load the built-in foods once (1,851 book foods and the other built-in rows), keep a
    copy beside the test database (an attached SQLite file, a PostgreSQL schema) and empty the
    table again: tests still start from an empty database, and `foods` copies the rows in with
    one INSERT ... SELECT instead of loading them per test."""
    from nutrition.book_sync import sync_rows
    from nutrition.models import FoodRow

    engine = make_engine(url)
    with engine.begin() as conn:
        sync_rows(conn, FoodRow.__table__)
        if conn.dialect.name == "postgresql":
            conn.execute(text(f"CREATE SCHEMA {FOOD_TEMPLATE}"))
            conn.execute(text(f"CREATE TABLE {FOOD_TEMPLATE}.nutrition_food AS "
                              "SELECT * FROM nutrition_food"))
    if engine.dialect.name == "sqlite":
        path = _template_file(url)
        if os.path.exists(path):
            os.remove(path)
        with engine.connect() as conn:
            conn.connection.dbapi_connection.execute(f"VACUUM INTO '{path}'")
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM nutrition_food"))
    engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        url = "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.db")
    _fresh_database(url)
    migrate.upgrade(url)
    _build_food_template(url)
    return url


@pytest.fixture(scope="session")
def engine(database_url):
    eng = make_engine(database_url)
    if eng.dialect.name == "sqlite":
        path = _template_file(database_url)

        @event.listens_for(eng, "connect")
        def _attach(dbapi_connection, _record):
            dbapi_connection.execute(f"ATTACH DATABASE '{path}' AS {FOOD_TEMPLATE}")
    yield eng
    eng.dispose()


class SuiteClient(FlaskClient):
    """Each request gets its own app context, as in production: without this, requests made
    while the test holds an app context would share `g`, the cached locale and the session."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


def build_app(engine, database_url, connection, tmp_path, **config):
    settings = {
        "TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "test-secret",
        "WTF_CSRF_ENABLED": False, "SERVER_NAME": None,
    }
    settings.update(config)
    os.environ["SUITE_INSTANCE_PATH"] = str(tmp_path / "instance")
    app = create_app(settings)
    app.test_client_class = SuiteClient
    app.extensions["suite_db"].factory.configure(
        bind=connection, join_transaction_mode="create_savepoint")
    return app


@pytest.fixture
def connection(engine):
    conn = engine.connect()
    outer = conn.begin()
    yield conn
    outer.rollback()
    conn.close()


@pytest.fixture
def app_config():
    """Override in a test module to change the app's config (e.g. ENABLED_PLUGINS)."""
    return {}


@pytest.fixture
def app(engine, database_url, connection, tmp_path, app_config):
    app = build_app(engine, database_url, connection, tmp_path, **app_config)
    with app.app_context():
        yield app
        app.extensions["suite_db"].session.remove()


@pytest.fixture
def make_app(engine, database_url, connection, tmp_path):
    """Build another app on the same test transaction, e.g. with only some plugins."""
    def _make(**config):
        return build_app(engine, database_url, connection, tmp_path, **config)
    return _make


@pytest.fixture
def db(app):
    """The test's own session on the test transaction; requests use sessions of their own."""
    session = app.extensions["suite_db"].factory()
    yield session
    session.close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def factory(db, app):
    return Factory(db, app)


@pytest.fixture
def en(app, client):
    """English for this test (the UI's default is Chinese): the pages the client gets and the
    text made outside a request (CLI output, service messages). Returns the client. A module
    reads English throughout with `pytestmark = pytest.mark.usefixtures("en")`."""
    app.config["BABEL_DEFAULT_LOCALE"] = "en"
    refresh()  # the test's app context may have cached the Chinese locale already
    return client


@pytest.fixture
def foods(db):
    """The built-in food composition table in the test database: what sync_builtin_foods
    loads into an empty database, copied from the run's template (see _build_food_template)."""
    db.execute(text(f"INSERT INTO nutrition_food SELECT * FROM {FOOD_TEMPLATE}.nutrition_food"))
    if db.get_bind().dialect.name == "postgresql":
        db.execute(text("SELECT setval(pg_get_serial_sequence('nutrition_food', 'id'), "
                        "(SELECT max(id) FROM nutrition_food))"))
    db.commit()
    return db


@pytest.fixture
def sql_seen(engine):
    """The SQL statements the test's engine runs from now on, in order (a list that grows)."""
    seen = []

    def note(_conn, _cursor, statement, *_args):
        seen.append(statement)
    event.listen(engine, "before_cursor_execute", note)
    yield seen
    event.remove(engine, "before_cursor_execute", note)


@pytest.fixture
def org(factory):
    """A county with two townships, three schools, the current term and enrolment."""
    return factory.org(today=TODAY)


@pytest.fixture
def login(client, factory, org):
    """login(role, school=None) -> user, logged in through the real login view."""
    def _login(role, school=None, username=None, township=None):
        user = factory.user(role, school=school or (org.schools[0] if role == "canteen_manager"
                                                    else None),
                            township=township, username=username)
        client.post("/logout")
        response = client.post("/login", data={"username": user.username,
                                               "password": PASSWORD})
        assert response.status_code == 302, response.data
        return user
    return _login


@pytest.fixture
def supplier(db, foods):
    """An approved supplier of cereals and oils."""
    from procurement import services
    s = services.save_supplier(db, {
        "name": "县粮油公司", "credit_code": "91350100M000100Y43", "licence_no": "JY13501000001",
        "licence_expiry": date(2027, 6, 30), "approved": True,
        "food_groups": ["cereals_tubers", "vegetable_oil"]})
    db.commit()
    return s


@pytest.fixture
def deliver(db, org, supplier):
    """deliver(lines, day=..., school=...) -> Delivery, lines as (item, qty, unit, price, ...)."""
    from procurement import services
    from procurement.services import LineIn

    made = []  # an invoice is entered once: the first is NO.0001, later ones NO.0001-2, …

    def _deliver(lines, day=date(2026, 11, 2), school=None, **kw):
        ins = [line if isinstance(line, LineIn) else LineIn(*line) for line in lines]
        made.append(day)
        number = "NO.0001" if len(made) == 1 else f"NO.0001-{len(made)}"
        delivery = services.create_delivery(
            db, school=school or org.schools[0], supplier_id=supplier.id, delivery_date=day,
            invoice_no=kw.pop("invoice_no", number), checker="王老师", lines=ins,
            today=TODAY, **kw)
        db.commit()
        return delivery
    return _deliver


_DEMO_SNAPSHOTS: dict = {}


def _counts(db) -> dict:
    return {t.name: db.scalar(select(func.count()).select_from(t))
            for t in Base.metadata.sorted_tables}


def _snapshot(db, instance: Path, folder: Path) -> dict:
    """Every non-empty table's rows, and the instance folder's files copied into `folder`."""
    if instance.exists():
        shutil.copytree(instance, folder, dirs_exist_ok=True)
    return {table.name: [dict(r) for r in db.execute(select(table)).mappings()]
            for table in Base.metadata.sorted_tables
            if db.scalar(select(func.count()).select_from(table))}


def _sql_nulls(table):
    """The table with its JSON columns writing None as SQL NULL, as it was read (the model's
    JSON type would write the JSON text 'null')."""
    if not any(isinstance(c.type, JSON) for c in table.c):
        return table
    clone = table.to_metadata(MetaData())
    for column in clone.c:
        if isinstance(column.type, JSON):
            column.type = JSON(none_as_null=True)
    return clone


def _restore(db, before: dict, snapshot: dict, folder: Path, instance: Path) -> None:
    """The snapshot's rows into a database holding what it held before the kept build (the
    rows the migrations seed, perhaps the foods): those tables are emptied and refilled."""
    for table in reversed(Base.metadata.sorted_tables):
        if before[table.name]:
            db.execute(table.delete())
    for table in Base.metadata.sorted_tables:
        rows = snapshot.get(table.name, ())
        for start in range(0, len(rows), 5000):
            db.execute(insert(_sql_nulls(table)), rows[start:start + 5000])
        if rows and "id" in table.c and db.get_bind().dialect.name == "postgresql":
            db.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                            f"(SELECT max(id) FROM {table.name}))"))
    if folder.exists():
        shutil.copytree(folder, instance, dirs_exist_ok=True)
    db.flush()


@pytest.fixture
def demo_county(db, app, tmp_path_factory):
    """demo_county(**build_demo arguments): for tests that need a demo county, not its making.
    The first build of each set of arguments in a run is kept (every table's rows, the instance
    folder's files); a later test with the same arguments, on a database holding what the
    first one held before its build, gets a copy as built in a second or two instead of most
    of a minute. Tests of the demo's making call build_demo itself."""
    from suite.demo import build_demo

    def _build(**kwargs):
        key = tuple(sorted(kwargs.items()))
        instance = Path(app.instance_path)
        before = _counts(db)
        kept = _DEMO_SNAPSHOTS.get(key)
        if kept and kept[0] == before:
            _restore(db, *kept, instance)
            return
        build_demo(db, **kwargs)
        db.flush()
        if key not in _DEMO_SNAPSHOTS:
            folder = tmp_path_factory.mktemp("demo-instance")
            _DEMO_SNAPSHOTS[key] = (before, _snapshot(db, instance, folder), folder)
    return _build


_PDF_LAYOUTS: dict = {}


@pytest.fixture
def pdf_once(monkeypatch):
    """For walks that ask for every PDF route many times (status codes matter there, not the
    layout): WeasyPrint lays out each distinct HTML document once per run (seconds for a
    ledger), while every request still goes through its view and template. Layout is
    deterministic, so the bytes are the ones a fresh layout gives."""
    from suite import pdf
    real = pdf.html_to_pdf

    def once(html, template=""):
        if html not in _PDF_LAYOUTS:
            _PDF_LAYOUTS[html] = real(html, template)
        return _PDF_LAYOUTS[html]
    monkeypatch.setattr(pdf, "html_to_pdf", once)
