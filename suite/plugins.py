"""Plugin contract, discovery through entry points, ordering by `requires`, the one-name rule."""
from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field
from graphlib import CycleError, TopologicalSorter
from importlib.metadata import entry_points
from typing import Callable

ENTRY_POINT_GROUP = "suite.plugins"
HOST = "suite"
_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")


class PluginError(RuntimeError):
    """Start-up stops with this; the message names the plugin."""


@dataclass(frozen=True)
class NavItem:
    label: object  # a lazy string
    endpoint: str
    permission: str | None = None
    order: int = 100


@dataclass(frozen=True)
class Role:
    code: str
    label: object
    scope: str  # "county", "township" or "school"


class _Hook:
    """A "module:attribute" hook imported on its first call, so a plugin's registration can
    name its functions without importing its modules (no cycles at discovery)."""

    def __init__(self, spec: str):
        self.spec = spec

    def __call__(self, *args, **kwargs):
        module, _, attr = self.spec.partition(":")
        return getattr(importlib.import_module(module), attr)(*args, **kwargs)


HOOKS = ("nav_items", "init_app", "demo", "home_panels")


@dataclass
class Plugin:
    """What a plugin gives the host. Everything but `name` is optional. Objects (blueprint,
    API blueprint, CLI group) and hooks are given as "module:attribute" or as a callable."""

    name: str
    title: object = ""
    requires: tuple[str, ...] = ()
    # code -> (description, roles granted by default)
    permissions: dict[str, tuple[object, tuple[str, ...]]] = field(default_factory=dict)
    roles: tuple[Role, ...] = ()
    blueprint: str | Callable | None = None
    api_blueprint: str | Callable | None = None
    cli: str | Callable | None = None
    nav_items: str | Callable[[], list[NavItem]] | None = None
    init_app: str | Callable | None = None  # init_app(app): connect signals
    demo: str | Callable | None = None  # demo(session, context): add demo data
    home_panels: str | Callable | None = None  # home_panels(user) -> [(title, template, data)]

    def __post_init__(self):
        for name in HOOKS:
            if isinstance(getattr(self, name), str):
                setattr(self, name, _Hook(getattr(self, name)))

    @staticmethod
    def _resolve(spec):
        if spec is None:
            return None
        if isinstance(spec, str):
            module, _, attr = spec.partition(":")
            return getattr(importlib.import_module(module), attr)
        return spec()

    def get_blueprint(self):
        return self._resolve(self.blueprint)

    def get_api_blueprint(self):
        return self._resolve(self.api_blueprint)

    def get_cli(self):
        return self._resolve(self.cli)

    def check_names(self, blueprint=None, api_blueprint=None, cli_group=None) -> None:
        """Entry point, package, blueprint, URL prefix, CLI group and permissions share one name."""
        n = self.name
        if not _NAME_RE.match(n):
            raise PluginError(f"plugin {n!r}: name must be a lowercase identifier")
        problems = []
        if blueprint is not None:
            if blueprint.name != n:
                problems.append(f"blueprint is named {blueprint.name!r}")
            if n != HOST and blueprint.url_prefix != f"/{n}":
                problems.append(f"URL prefix is {blueprint.url_prefix!r}, not '/{n}'")
            if n != HOST and blueprint.template_folder not in (None, "templates"):
                problems.append("template folder must be 'templates'")
        if api_blueprint is not None:
            if api_blueprint.name != f"{n}_api":
                problems.append(f"API blueprint is named {api_blueprint.name!r}, not '{n}_api'")
            if n != HOST and api_blueprint.url_prefix != f"/api/v1/{n}":
                problems.append(f"API prefix is {api_blueprint.url_prefix!r}")
        if cli_group is not None and cli_group.name != n:
            problems.append(f"CLI group is named {cli_group.name!r}")
        for code in self.permissions:
            if not code.startswith(n + "."):
                problems.append(f"permission {code!r} lacks the prefix '{n}.'")
        if problems:
            raise PluginError(f"plugin {n!r} breaks the one-name rule: " + "; ".join(problems))


def check_tables(registry) -> None:
    """Every mapped table is named after the package that declares it (`roster_student`):
    the one-name rule for the schema, checked when the app starts."""
    problems = []
    for mapper in registry.mappers:
        package = mapper.class_.__module__.split(".")[0]
        for table in mapper.tables:
            if not table.name.startswith(package + "_"):
                problems.append(f"plugin {package!r} breaks the one-name rule: table "
                                f"{table.name!r} lacks the prefix '{package}_'")
    if problems:
        raise PluginError("; ".join(sorted(set(problems))))


def discover() -> dict[str, Plugin]:
    """Every installed plugin, by entry point name."""
    found: dict[str, Plugin] = {}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        try:
            plugin = ep.load()
        except Exception as exc:  # a broken plugin must name itself
            raise PluginError(f"plugin {ep.name!r} failed to load: {exc}") from exc
        if plugin.name != ep.name or ep.value.split(".")[0] != ep.name:
            raise PluginError(
                f"plugin {ep.name!r} breaks the one-name rule: entry point {ep.name!r}, "
                f"package {ep.value.split('.')[0]!r}, plugin name {plugin.name!r}"
            )
        found[ep.name] = plugin
    return found


def order(enabled: list[str], available: dict[str, Plugin]) -> list[Plugin]:
    """Enabled plugins in dependency order; missing or cyclic requirements stop start-up."""
    graph = {}
    for name in enabled:
        plugin = available.get(name)
        if plugin is None:
            raise PluginError(f"plugin {name!r} is enabled but not installed")
        for req in plugin.requires:
            if req == HOST:
                continue
            if req not in enabled:
                raise PluginError(f"plugin {name!r} requires {req!r}, which is not enabled")
        graph[name] = {r for r in plugin.requires if r != HOST}
    try:
        names = list(TopologicalSorter(graph).static_order())
    except CycleError as exc:
        cycle = " -> ".join(exc.args[1])
        raise PluginError(f"plugin {exc.args[1][0]!r} is in a requirement cycle: {cycle}") from exc
    return [available[n] for n in names]
