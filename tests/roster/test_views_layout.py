"""The roster's web layer talks to the plugin through its public face only: pages and JSON API
import `roster.services` (and forms and models), never a service module behind it, and the API
never imports a page module."""
from __future__ import annotations

import ast
from pathlib import Path

import roster

ROOT = Path(roster.__file__).parent
ALLOWED = {"services", "forms", "models"}


def _roster_imports(path: Path):
    """(line, module inside roster) for each relative or `roster.` import of the file."""
    package = ["roster"] + list(path.relative_to(ROOT).parent.parts)
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                names = ([node.module] if node.module else [a.name for a in node.names])
                for name in names:
                    yield node.lineno, ".".join(base + name.split("."))
            elif node.module and node.module.startswith("roster."):
                yield node.lineno, node.module
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("roster."):
                    yield node.lineno, alias.name


def _breaches(path: Path, own_views: bool):
    for line, module in _roster_imports(path):
        parts = module.split(".")
        if parts[1] in ALLOWED or (own_views and parts[1] == "views"):
            continue
        yield f"{path.relative_to(ROOT.parent)}:{line} imports {module}"


def test_pages_use_the_public_face_only():
    pages = sorted((ROOT / "views").glob("*.py"))
    assert pages, "roster/views/ is a package"
    breaches = [b for path in pages for b in _breaches(path, own_views=True)]
    assert breaches == []


def test_api_imports_no_page_module():
    breaches = list(_breaches(ROOT / "api.py", own_views=False))
    assert breaches == []


def test_page_modules_do_not_import_their_package():
    """views/__init__.py imports the screen modules; none imports it back (no loop)."""
    modules = {f"roster.views.{p.stem}" for p in (ROOT / "views").glob("*.py")}
    loops = [f"{path.name}:{line}" for path in (ROOT / "views").glob("*.py")
             if path.name != "__init__.py"
             for line, module in _roster_imports(path)
             if module.startswith("roster.views") and module not in modules - {
                 "roster.views.__init__"}]
    assert loops == []
