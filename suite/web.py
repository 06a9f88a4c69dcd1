"""Wires plugins, auth, CSRF, i18n, security headers and error pages into the app."""
from __future__ import annotations

from flask import (Flask, g, jsonify, make_response, render_template, request,
                   session as http_session)
from flask_babel import Babel, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user
from flask_babel.speaklater import LazyString
from flask_wtf.csrf import CSRFError, CSRFProtect
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import ServiceUnavailable

from . import accounts, audit, auth, guards
from .db import get_session, is_busy, write_lock_first
from .labels import page_gettext
from .plugins import PluginError

csrf = CSRFProtect()

ERROR_TITLES = {
    400: _l("Bad request"), 401: _l("Please log in"), 403: _l("Not allowed"),
    404: _l("Not found"), 405: _l("Not done this way"), 413: _l("The upload is too large"),
    500: _l("Something went wrong"), 503: _l("Busy"),
}


def select_locale():
    from flask import current_app, has_request_context
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    languages = http_session.get("locale") or request.cookies.get("locale")
    if current_user and getattr(current_user, "is_authenticated", False) and current_user.locale:
        languages = current_user.locale
    if languages in current_app.config["LANGUAGES"]:
        return languages
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def _register_plugins(app: Flask, plugins) -> None:
    roles = {r.code: r for r in auth.HOST_ROLES}
    grants: dict[str, set[str]] = {}
    perms: dict[str, tuple] = {}
    for plugin in plugins:
        bp, api, cli = plugin.get_blueprint(), plugin.get_api_blueprint(), plugin.get_cli()
        commands = cli if isinstance(cli, list) else []  # the host adds top-level commands
        cli = None if commands else cli
        plugin.check_names(bp, api, cli)
        for role in plugin.roles:
            roles[role.code] = role
        for code, (desc, default_roles) in plugin.permissions.items():
            perms[code] = (desc, tuple(default_roles))
            grants[code] = set(default_roles)
        if bp is not None:
            app.register_blueprint(bp)
        if api is not None:
            csrf.exempt(api)  # bearer tokens, no cookies: CSRF cannot ride on them
            app.register_blueprint(api)
        for command in commands + ([cli] if cli is not None else []):
            app.cli.add_command(command)
        if plugin.init_app:
            plugin.init_app(app)
    for code, granted in grants.items():
        unknown = granted - set(roles)
        if unknown:
            raise PluginError(f"permission {code!r} grants unknown roles {sorted(unknown)}")
    app.extensions["suite_roles"] = roles
    app.extensions["suite_permissions"] = perms
    app.extensions["suite_grants"] = grants


def _api_user():
    """/api/v1 authenticates by bearer token only, never by the session cookie, so the
    CSRF-exempt API cannot be driven from another site through a logged-in browser."""
    from flask import current_app
    header = request.headers.get("Authorization", "")
    user = None
    if header.startswith("Bearer "):
        user = accounts.user_for_token(get_session(), header[7:].strip())
    g._login_user = user or current_app.login_manager.anonymous_user()


def _before_request():
    guards.refuse_nul()
    if request.path.startswith("/api/"):
        _api_user()
    user = current_user if current_user.is_authenticated else None
    g.audit_token = audit.set_actor(user.id if user else None,
                                    user.username if user else "anonymous")
    refused = auth.check_access()
    if refused is None:
        _writes_in_turn()
    return refused


def _writes_in_turn() -> None:
    """SQLite: a request that may write takes the database's write lock before its view
    reads, so racing saves run one after the other instead of one failing with "database is
    locked" when its read lock cannot become a write lock (PostgreSQL orders them by row
    locks). A form that only reads at length (a menu proposal) is marked `reads_only`."""
    from flask import current_app
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    view = current_app.view_functions.get(request.endpoint)
    if view is not None and not getattr(view, "_reads_only", False):
        write_lock_first(get_session())


def _database_busy(exc):
    """SQLite still busy after its wait (a long import holding the lock): "try again" with a
    503, not a 500; any other database error is the 500 it is."""
    from flask import current_app
    if not is_busy(exc):
        current_app.logger.exception("database error", exc_info=exc)
        return _error(500)(exc)
    current_app.logger.warning("database busy: %s", exc)
    response = make_response(_error(503)(ServiceUnavailable(description=_l(
        "The database is busy with other work. Please try again in a moment: nothing was "
        "saved."))))
    response.headers["Retry-After"] = "5"
    return response


def _teardown_request(_exc):
    token = g.pop("audit_token", None)
    if token is not None:
        audit.reset_actor(token)


def _security_headers(response):
    h = response.headers
    h.setdefault("Content-Security-Policy",
                 "default-src 'self'; img-src 'self' data:; object-src 'none'; "
                 "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
    h.setdefault("X-Frame-Options", "DENY")
    h.setdefault("X-Content-Type-Options", "nosniff")
    h.setdefault("Referrer-Policy", "same-origin")
    if getattr(current_user, "is_authenticated", False) and request.endpoint != "static":
        # names, ID numbers, in pages and downloads (send_file says only "no-cache", which
        # lets a shared browser or a proxy keep the file): never stored
        h["Cache-Control"] = "no-store, private"
    from flask import current_app
    if current_app.config.get("HSTS"):
        h.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


def _rollback() -> None:
    """A failed flush leaves the session unusable (PostgreSQL: "current transaction is
    aborted"); the error page reads the user again, so roll back first."""
    try:
        get_session().rollback()
    except Exception:  # noqa: BLE001 - the page must still be answered
        from flask import current_app
        current_app.logger.exception("rollback failed while answering an error")


def _error(code):
    def handler(exc):
        _rollback()
        if request.path.startswith("/api/"):
            description = getattr(exc, "description", "") if code != 500 else ""
            return jsonify({"error": str(ERROR_TITLES.get(code, code)),
                            "detail": str(description or "")}), code
        description = getattr(exc, "description", None)
        return render_template("errors/error.html", code=code, title=ERROR_TITLES.get(code, code),
                               message=description if isinstance(description, LazyString)
                               else None), code
    return handler


def _favicon():
    """Browsers ask for /favicon.ico whatever the page links; answer it rather than 404."""
    from flask import current_app
    response = current_app.send_static_file("favicon.ico")
    response.cache_control.max_age = 7 * 24 * 3600
    return response


def nav_for(user) -> list:
    items = []
    for plugin in current_app_plugins():
        for item in plugin.nav_items() if plugin.nav_items else []:
            if item.permission is None or auth.has_permission(user, item.permission):
                items.append(item)
    return sorted(items, key=lambda i: i.order)


def current_app_plugins():
    from flask import current_app
    return current_app.extensions["suite_plugins"]


def init_app(app: Flask, plugins) -> None:
    guards.install(app)
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", app.config["TIMEZONE"])
    Babel(app, locale_selector=select_locale)  # catalogue: suite/translations
    csrf.init_app(app)
    login = LoginManager(app)
    login.login_view = "suite.login"
    login.login_message = _l("Please log in to see this page.")
    login.session_protection = app.config["SESSION_PROTECTION"]

    @login.user_loader
    def _load(login_id):
        # checked on every request: the user's session version and this login's nonce
        return accounts.user_for_login(get_session(), login_id,
                                       app.config["REMEMBER_COOKIE_DURATION"])

    _register_plugins(app, plugins)
    app.add_url_rule("/favicon.ico", "favicon", auth.public(_favicon))
    app.before_request(_before_request)
    app.after_request(_security_headers)
    app.teardown_request(_teardown_request)
    for code in ERROR_TITLES:
        app.register_error_handler(code, _error(code))
    app.register_error_handler(CSRFError, _error(400))
    app.register_error_handler(OperationalError, _database_busy)

    from .forms import DAY_KIND_LABELS, SCHOOL_KIND_LABELS, SUPPLY_MODE_LABELS
    from .vocabulary import PERIOD_LABELS, meal_label
    app.jinja_env.globals.update(
        meal_label=meal_label, meal_labels=PERIOD_LABELS,
        kind_label=lambda k: SCHOOL_KIND_LABELS.get(k, k),
        supply_label=lambda k: SUPPLY_MODE_LABELS.get(k, k),
        day_kind_label=lambda k: DAY_KIND_LABELS.get(k, k))

    from .listing import colon, item_sep, join_items, join_sentences
    app.template_filter("listing")(join_items)  # 午餐、晚餐 / Lunch, Dinner
    app.template_filter("sentences")(join_sentences)  # 。… / . … (no space in Chinese)
    app.jinja_env.globals.update(item_sep=item_sep, colon=colon)  # 、/ ", " and ：/ ": "

    from . import clock
    app.template_filter("localtime")(clock.format_local)
    app.jinja_env.globals["today"] = clock.today
    from .url_maker import url_maker
    app.jinja_env.globals["url_maker"] = url_maker  # a link per row, built once per page
    from .tabular import UPLOAD_ACCEPT
    app.jinja_env.globals["upload_accept"] = UPLOAD_ACCEPT  # the file kinds imports read

    from .cells import cell_shown
    app.template_filter("cell_shown")(cell_shown)  # an import's bad value as Excel shows it

    @app.template_filter("plain")
    def _plain(value):
        """A Decimal without trailing zeros or exponent: 10000.0 → 10000, 2.50 → 2.5."""
        from decimal import Decimal
        if isinstance(value, Decimal):
            text = format(value.normalize(), "f")
            return text
        return value

    @app.context_processor
    def _layout():
        # the user itself, not Flask-Login's proxy: a page reads it some sixty times
        real_user = current_user._get_current_object()
        user = real_user if real_user.is_authenticated else None
        return {**page_gettext(), "current_user": real_user,
                "nav_items": nav_for(user) if user else [], "current_locale": str(get_locale()),
                "languages": app.config["LANGUAGES"], "has_permission": auth.has_permission,
                "may_open": lambda endpoint: auth.may_open(real_user, endpoint),
                "has_endpoint": lambda name: name in app.view_functions,
                "role_label": lambda code: auth.roles()[code].label if code in auth.roles()
                else code}
