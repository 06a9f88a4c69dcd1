"""The boundary between plugins, enforced by reading every module's imports (ast):

- a plugin imports another plugin only as `<dep>.services`, `<dep>.models` or `<dep>.signals`,
  and only a plugin it `requires` itself;
- the host imports no plugin; `api` and `cli` modules never import views;
- no package has an import loop among its modules (imports inside functions count too).
"""
from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

from suite.plugins import HOST, discover

ROOT = Path(__file__).resolve().parents[2]
PUBLIC = ("services", "models", "signals")


def _packages() -> dict[str, tuple[str, ...]]:
    """Package -> the plugins it may import (its direct requirements)."""
    found = {name: tuple(r for r in p.requires if r != HOST) for name, p in discover().items()}
    found[HOST] = ()
    return found


def _module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, root: Path = ROOT):
    """(line, imported module, names) for every import in the file, relative ones resolved."""
    module = _module_name(path, root)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, ()
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(parent + ([base] if base else []))
            yield node.lineno, base, tuple(a.name for a in node.names)


def _targets(imported: str, names: tuple) -> list[str]:
    """What an import reaches: `from roster import services` reaches roster.services."""
    if names and "." not in imported:
        return [f"{imported}.{n}" for n in names]
    return [imported]


def _modules(package: str, root: Path = ROOT):
    for path in sorted((root / package).rglob("*.py")):
        yield path, _module_name(path, root)


def _breaches(root: Path = ROOT, packages: dict | None = None) -> list[str]:
    packages, found = packages or _packages(), []
    for package, allowed in packages.items():
        for path, module in _modules(package, root):
            where = f"{path.relative_to(root)}"
            leaf = module.split(".")[1] if "." in module else ""
            for line, imported, names in _imports(path, root):
                for target in _targets(imported, names):
                    parts = target.split(".")
                    top = parts[0]
                    if top in packages and top != package and top != HOST:
                        if package == HOST:
                            found.append(f"{where}:{line}: the host imports plugin {top!r}")
                        elif top not in allowed:
                            found.append(f"{where}:{line}: {package!r} imports {target!r} "
                                         f"but does not require {top!r}")
                        elif len(parts) < 2 or parts[1] not in PUBLIC:
                            found.append(f"{where}:{line}: {target!r} is not {top}.services, "
                                         f"{top}.models or {top}.signals")
                    if leaf in ("api", "cli") and top == package and len(parts) > 1 \
                            and parts[1].startswith("views"):
                        found.append(f"{where}:{line}: {leaf} imports the views ({target})")
    return found


def test_plugins_talk_only_through_services_models_and_signals():
    breaches = _breaches()
    assert not breaches, "\n".join(breaches)


def _graph(package: str, root: Path = ROOT) -> dict[str, set[str]]:
    modules = {m for _, m in _modules(package, root)}
    graph = defaultdict(set)
    for path, module in _modules(package, root):
        for _, imported, names in _imports(path, root):
            # `from x import y` reaches module x.y when there is one, else x
            for target in [f"{imported}.{n}" for n in names] + [imported]:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                # the plugin's top-level __init__ is imported on the way to any of its
                # modules and holds nothing; any deeper package (views/) counts like a module
                if target and target != module and target != package:
                    graph[module].add(target)
    return graph


def _cycles(graph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in list(graph):
        if v not in index:
            visit(v)
    return out


def test_no_package_has_an_import_loop():
    loops = [" -> ".join(c) for p in _packages() for c in _cycles(_graph(p))]
    assert not loops, "\n".join(loops)


def test_the_checks_see_every_kind_of_breach(tmp_path):
    """Each spelling of a forbidden import is caught and named with its file and line."""
    (tmp_path / "suite").mkdir()
    (tmp_path / "suite" / "web.py").write_text("import alpha.services\n")
    (tmp_path / "alpha").mkdir()
    (tmp_path / "alpha" / "services.py").write_text("x = 1\n")
    (tmp_path / "beta").mkdir()
    (tmp_path / "beta" / "api.py").write_text(
        "from alpha import services\nfrom alpha.foods import x\nfrom alpha import views\n"
        "from . import views\nfrom .views_print import page\nfrom gamma import services\n")
    found = _breaches(tmp_path, {"suite": (), "alpha": (), "beta": ("alpha",), "gamma": ()})
    assert sorted(found) == [
        "beta/api.py:2: 'alpha.foods' is not alpha.services, alpha.models or alpha.signals",
        "beta/api.py:3: 'alpha.views' is not alpha.services, alpha.models or alpha.signals",
        "beta/api.py:4: api imports the views (beta.views)",
        "beta/api.py:5: api imports the views (beta.views_print)",
        "beta/api.py:6: 'beta' imports 'gamma.services' but does not require 'gamma'",
        "suite/web.py:1: the host imports plugin 'alpha'",
    ]
    assert _cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b"]]
    # a screen module that imports its views package back is a loop too
    views = tmp_path / "beta" / "views"
    views.mkdir()
    (views / "__init__.py").write_text("from . import stock\nbp = 1\n")
    (views / "stock.py").write_text("from . import bp\n")
    assert _cycles(_graph("beta", tmp_path)) == [["beta.views", "beta.views.stock"]]


def test_every_plugins_services_lists_its_public_names():
    """`services.py` is a plugin's public face: `__all__` says what other plugins may call,
    and every name in it exists."""
    import importlib

    for name in discover():
        module = importlib.import_module(f"{name}.services")
        public = getattr(module, "__all__", None)
        assert isinstance(public, list), f"{name}/services.py has no __all__"
        missing = [n for n in public if not hasattr(module, n)]
        assert missing == [], f"{name}/services.py lists missing names {missing}"
