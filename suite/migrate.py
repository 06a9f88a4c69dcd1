"""Alembic, driven from the app: one history in migrations/ for the whole suite."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def all_metadata():
    """The metadata with every installed plugin's tables (enabled or not)."""
    import importlib

    from .db import Base
    from . import models  # noqa: F401
    from .plugins import discover

    for name in discover():
        try:
            importlib.import_module(f"{name}.models")
        except ModuleNotFoundError as exc:
            if exc.name != f"{name}.models":
                raise
    return Base.metadata


def head() -> str:
    """The newest revision in migrations/: what this code expects of the database."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
