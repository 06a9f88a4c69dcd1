"""Configuration defaults. Order: these, then instance/config.py, then environment, then the
mapping passed to create_app (tests)."""
from __future__ import annotations

import os
from datetime import timedelta


class Defaults:
    SECRET_KEY = None  # required: instance config or environment; a dev key is made for the demo
    DATABASE_URL = None  # default: SQLite file in the instance folder
    ENABLED_PLUGINS = None  # None: every installed plugin (entry points of suite.plugins)
    BABEL_DEFAULT_LOCALE = "zh_Hans_CN"
    TIMEZONE = "Asia/Shanghai"  # decides "today" everywhere and how stored UTC times are shown
    LANGUAGES = {"zh_Hans_CN": "中文", "en": "English"}
    MAX_CONTENT_LENGTH = 32 * 1024 * 1024
    # County intranets are often plain HTTP: Secure cookies and HSTS are opt-in.
    COOKIE_SECURE = False
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_PROTECTION = "strong"
    PERMANENT_SESSION_LIFETIME = timedelta(hours=8)
    REMEMBER_COOKIE_DURATION = timedelta(days=7)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    HSTS = False
    PREFERRED_URL_SCHEME = "http"
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    PAGE_SIZE = 50
    SUGGEST_TIME_LIMIT = 5.0  # seconds the planner's 建议 and 修正 wait for the solver
    SOLVER_SLOTS = None  # solves at once on this machine (None: cores - 1), see suite.slots
    # How many reverse proxies (nginx) stand in front: their X-Forwarded-For/-Proto/-Host are
    # believed, so the login throttle sees each client's own address. 0: served directly.
    PROXY_COUNT = 0


def from_environment() -> dict:
    env = {}
    for key in ("SECRET_KEY", "DATABASE_URL"):
        if os.environ.get(key):
            env[key] = os.environ[key]
    if os.environ.get("ENABLED_PLUGINS") is not None:
        env["ENABLED_PLUGINS"] = [p for p in os.environ["ENABLED_PLUGINS"].split(",") if p.strip()]
    if os.environ.get("PROXY_COUNT"):
        env["PROXY_COUNT"] = int(os.environ["PROXY_COUNT"])
    if os.environ.get("COOKIE_SECURE"):
        env["COOKIE_SECURE"] = os.environ["COOKIE_SECURE"].lower() in ("1", "true", "yes")
        env["HSTS"] = env["COOKIE_SECURE"]  # HTTPS end to end: browsers may insist on it
    return env
