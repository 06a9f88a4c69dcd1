"""The host: app factory, plugin loading, database, auth, i18n, security and error pages."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader

from . import audit
from .config import Defaults, from_environment
from .db import Database
from .plugins import PluginError, check_tables, discover, order

ROOT = Path(__file__).resolve().parent.parent
SHARED_TEMPLATES = ROOT / "templates"


def _secret_key(app: Flask) -> str:
    """Kept in the instance folder, made on first start: never in the repository."""
    path = Path(app.instance_path) / "secret_key"
    try:  # exclusive create: gunicorn's workers starting at once all end up with one key
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip()


def _configure(app: Flask, config: dict | None) -> None:
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(from_environment())
    if config:
        app.config.update(config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(app)
    if not app.config.get("DATABASE_URL"):
        app.config["DATABASE_URL"] = "sqlite:///" + str(Path(app.instance_path) / "suite.db")
    secure = bool(app.config["COOKIE_SECURE"])
    app.config["SESSION_COOKIE_SECURE"] = secure
    app.config["REMEMBER_COOKIE_SECURE"] = secure


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True,
                instance_path=os.environ.get("SUITE_INSTANCE_PATH") or str(ROOT / "instance"))
    _configure(app, config)
    app.jinja_loader = ChoiceLoader([FileSystemLoader(str(SHARED_TEMPLATES)), app.jinja_loader])

    Database(app)
    audit.install()

    from . import web
    from .plugin import plugin as host

    available = discover()
    configured = app.config["ENABLED_PLUGINS"]
    enabled = sorted(available) if configured is None else list(configured)
    plugins = [host] + order(enabled, available)
    app.extensions["suite_plugins"] = plugins
    app.extensions["suite_available_plugins"] = available
    web.init_app(app, plugins)
    from .db import Base
    check_tables(Base.registry)  # after the blueprints imported every plugin's models
    proxies = int(app.config["PROXY_COUNT"] or 0)
    if proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    return app


__all__ = ["create_app", "PluginError"]
