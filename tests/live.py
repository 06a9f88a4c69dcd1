"""A real server on a database of its own, for tests that need committed data seen by other
connections: real-browser journeys and races (many threads hitting one server at once).

`new_database` makes a fresh, migrated database (a SQLite file, or a new PostgreSQL database next
to TEST_DATABASE_URL); `serve` runs an app under werkzeug's threaded server on a free port."""
from __future__ import annotations

import os
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid
from contextlib import contextmanager
from typing import Iterator

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from werkzeug.serving import make_server

from suite import migrate


def new_database(tmp_dir) -> str:
    """A fresh migrated database; tmp_dir holds the SQLite file when there is no PostgreSQL."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        url = "sqlite:///" + str(tmp_dir / f"live_{uuid.uuid4().hex[:8]}.db")
    else:
        name = f"live_{uuid.uuid4().hex[:8]}"
        admin = create_engine(make_url(base).set(database="postgres"),
                              isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        url = make_url(base).set(database=name).render_as_string(hide_password=False)
    migrate.upgrade(url)
    return url


def is_postgres() -> bool:
    return bool(os.environ.get("TEST_DATABASE_URL"))


@contextmanager
def serve(app) -> Iterator[str]:
    """Serve `app` on 127.0.0.1 with one thread per request; yields the base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


def race_app(tmp_path_factory, name: str, today, prepare):
    """For a module fixture that races requests: an app on a database of its own holding
    the factory's county. `prepare(factory, org)` runs inside it and returns plain ids;
    yields {"app": app, **ids}, then closes the engine: `yield from race_app(...)`."""
    from suite import create_app
    from suite.audit import acting_as

    from .factories import Factory
    url = new_database(tmp_path_factory.mktemp(name))
    os.environ["SUITE_INSTANCE_PATH"] = str(tmp_path_factory.mktemp("instance"))
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "race-secret",
                      "BABEL_DEFAULT_LOCALE": "en"})
    with app.app_context(), acting_as(None, "test"):
        session = app.extensions["suite_db"].session()
        factory = Factory(session, app)
        ids = prepare(factory, factory.org(today=today))
        session.commit()
        ids = {k: v() if callable(v) else v for k, v in ids.items()}
        app.extensions["suite_db"].session.remove()
    yield {"app": app, **ids}
    app.extensions["suite_db"].engine.dispose()


def live_server(tmp_path):
    """For a function fixture: (base URL, an engine of its own, the app) of a live server on
    a new database, CSRF off; `yield from live_server(tmp_path)`."""
    from suite import create_app
    from suite.db import make_engine
    url = new_database(tmp_path)
    os.environ["SUITE_INSTANCE_PATH"] = str(tmp_path / "instance")
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "live-secret",
                      "WTF_CSRF_ENABLED": False})
    engine = make_engine(url)
    with serve(app) as base_url:
        yield base_url, engine, app
    engine.dispose()
    app.extensions["suite_db"].engine.dispose()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def opener(cookies: bool = False):
    """A urllib opener that reports redirects instead of following them (and keeps cookies)."""
    handlers = [urllib.request.HTTPCookieProcessor()] if cookies else []
    return urllib.request.build_opener(*handlers, _NoRedirect)


def post_form(open_, url: str, fields: dict) -> int:
    """The status of a form posted through `open_` (an opener)."""
    try:
        with open_.open(url, urllib.parse.urlencode(fields).encode(), timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def at_once(action, n: int) -> list:
    """action(i) for i in range(n), each in a thread of its own, all started together; the
    results in the order they came."""
    results, lock = [], threading.Lock()

    def run(i):
        value = action(i)
        with lock:
            results.append(value)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results
