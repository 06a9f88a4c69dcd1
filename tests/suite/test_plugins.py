"""The plugin contract over every entry point, ordering, the one-name rule, enablement."""
from __future__ import annotations

import click
import pytest
from flask import Blueprint

from suite import create_app
from suite.plugins import HOST, Plugin, PluginError, check_tables, discover, order

ALL_PLUGINS = ("nutrition", "menus", "procurement", "canteen", "roster", "subsidy")


def test_every_entry_point_is_a_plugin_following_the_contract():
    found = discover()
    assert set(found) == set(ALL_PLUGINS)
    for name, plugin in found.items():
        assert isinstance(plugin, Plugin)
        assert plugin.name == name
        assert all(r == HOST or r in found for r in plugin.requires), name
        bp, api, group = plugin.get_blueprint(), plugin.get_api_blueprint(), plugin.get_cli()
        plugin.check_names(bp, api, group)  # raises on a broken name
        assert bp is not None and bp.url_prefix == f"/{name}"
        assert all(code.startswith(f"{name}.") for code in plugin.permissions)


def test_dependency_order_follows_requires():
    names = [p.name for p in order(list(ALL_PLUGINS), discover())]
    for plugin in discover().values():
        for req in plugin.requires:
            if req != HOST:
                assert names.index(req) < names.index(plugin.name)


def test_missing_requirement_stops_start_up_naming_the_plugin(tmp_path, monkeypatch):
    monkeypatch.setenv("SUITE_INSTANCE_PATH", str(tmp_path))
    with pytest.raises(PluginError, match="plugin 'menus' requires 'procurement'"):
        create_app({"ENABLED_PLUGINS": ["nutrition", "menus"], "DATABASE_URL": "sqlite://"})


def test_unknown_plugin_stops_start_up():
    with pytest.raises(PluginError, match="plugin 'bogus' is enabled but not installed"):
        order(["bogus"], discover())


def test_cycle_stops_start_up_naming_a_plugin():
    a = Plugin(name="alpha", requires=("beta",))
    b = Plugin(name="beta", requires=("alpha",))
    with pytest.raises(PluginError, match=r"plugin '(alpha|beta)' is in a requirement cycle"):
        order(["alpha", "beta"], {"alpha": a, "beta": b})


@pytest.mark.parametrize("kwargs, message", [
    ({"blueprint": Blueprint("other", __name__, url_prefix="/alpha")}, "blueprint is named 'other'"),
    ({"blueprint": Blueprint("alpha", __name__, url_prefix="/a")}, "URL prefix is '/a'"),
    ({"api_blueprint": Blueprint("alpha_api", __name__, url_prefix="/api/v1/x")}, "API prefix"),
    ({"cli_group": click.Group("beta")}, "CLI group is named 'beta'"),
])
def test_one_name_rule(kwargs, message):
    with pytest.raises(PluginError, match=f"plugin 'alpha' breaks the one-name rule: .*{message}"):
        Plugin(name="alpha").check_names(**kwargs)


def test_permission_without_prefix_breaks_the_rule():
    plugin = Plugin(name="alpha", permissions={"beta.x": ("x", ("admin",))})
    with pytest.raises(PluginError, match="permission 'beta.x' lacks the prefix 'alpha.'"):
        plugin.check_names()


def _closure(name, available):
    needed, todo = set(), [name]
    while todo:
        current = todo.pop()
        if current in needed or current == HOST:
            continue
        needed.add(current)
        todo.extend(available[current].requires)
    return needed


@pytest.mark.parametrize("name", ALL_PLUGINS)
def test_each_plugin_works_with_only_what_it_requires(make_app, name):
    enabled = sorted(_closure(name, discover()))
    app = make_app(ENABLED_PLUGINS=enabled)
    prefixes = {rule.rule.split("/")[1] for rule in app.url_map.iter_rules()}
    assert name in prefixes
    for other in set(ALL_PLUGINS) - set(enabled):
        assert other not in prefixes


def test_disabling_a_plugin_removes_routes_navigation_and_cli(make_app, factory, org):
    enabled = [p for p in ALL_PLUGINS if p != "subsidy"]
    app = make_app(ENABLED_PLUGINS=enabled)
    assert not any(r.rule.startswith("/subsidy") for r in app.url_map.iter_rules())
    assert "subsidy" not in app.cli.commands and "roster" in app.cli.commands
    with app.test_request_context():
        from suite.web import nav_for
        user = factory.user("admin")
        assert "subsidy.index" not in [i.endpoint for i in nav_for(user)]
    client = app.test_client()
    client.post("/login", data={"username": user.username, "password": "correct-horse-9"})
    assert client.get("/subsidy/").status_code == 404
    page = client.get("/").get_data(as_text=True)
    assert "/subsidy/" not in page and "/roster/" in page


def test_enabled_plugin_shows_in_navigation_for_permitted_roles(login, client):
    login("admin")
    assert "/subsidy/" in client.get("/").get_data(as_text=True)


def test_a_plugin_can_add_a_role_with_a_scope(app):
    from flask import Flask

    from suite.plugin import plugin as host
    from suite.plugins import Role
    from suite.web import _register_plugins

    extra = Plugin(name="alpha", roles=(Role("alpha_officer", "Alpha officer", "township"),),
                   permissions={"alpha.see": ("See alpha", ("alpha_officer", "bureau"))})
    bare = Flask("bare")
    _register_plugins(bare, [host, extra])
    assert bare.extensions["suite_roles"]["alpha_officer"].scope == "township"
    assert bare.extensions["suite_grants"]["alpha.see"] == {"alpha_officer", "bureau"}


def test_a_permission_for_an_unknown_role_stops_start_up():
    from flask import Flask

    from suite.web import _register_plugins

    broken = Plugin(name="alpha", permissions={"alpha.see": ("See alpha", ("nobody",))})
    with pytest.raises(PluginError, match="permission 'alpha.see' grants unknown roles"):
        _register_plugins(Flask("bare"), [broken])


def test_every_installed_plugin_is_enabled_by_default(app):
    """The host names no plugin: with ENABLED_PLUGINS unset, the entry points decide."""
    assert app.config["ENABLED_PLUGINS"] is None
    names = {p.name for p in app.extensions["suite_plugins"]}
    assert names == {"suite"} | set(discover())


def test_a_table_without_its_plugins_prefix_stops_start_up():
    from sqlalchemy import Integer
    from sqlalchemy.orm import DeclarativeBase, mapped_column

    class Base(DeclarativeBase):
        pass

    class Thing(Base):
        __tablename__ = "stock_thing"
        id = mapped_column(Integer, primary_key=True)

    Thing.__module__ = "alpha.models"
    with pytest.raises(PluginError, match="plugin 'alpha' breaks the one-name rule: "
                                          "table 'stock_thing' lacks the prefix 'alpha_'"):
        check_tables(Base.registry)
    Thing.__module__ = "stock.models"
    check_tables(Base.registry)  # named after its package: accepted


def test_every_shipped_table_follows_the_rule(app):
    from suite.db import Base

    check_tables(Base.registry)
    assert any(t.startswith("roster_") for t in Base.metadata.tables)


def test_hooks_given_as_strings_are_imported_on_first_call():
    plugin = Plugin(name="alpha", nav_items="suite.plugin:_nav", init_app="os.path:basename")
    assert plugin.init_app("/x/alpha") == "alpha"
    assert [i.endpoint for i in plugin.nav_items()][0] == "suite.schools"


def test_no_registration_wraps_a_function_in_a_lambda():
    """plugin.py names its hooks (a function or "module:attribute"), so tracebacks and the
    README's contract say where each hook lives."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    found = [f"{path.relative_to(root)}:{node.lineno}"
             for path in sorted(root.glob("*/plugin.py"))
             for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(node, ast.Lambda)]
    assert found == []
