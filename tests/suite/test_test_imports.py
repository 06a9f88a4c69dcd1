"""Test modules do not import each other (issue 10): a test module or a conftest that imports
another test module or conftest ties them together behind pytest's back. What several tests
share lives in fixtures (tests/conftest.py, a folder's conftest.py) or in the helper modules
named below, which are neither tests nor conftests."""
from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]

SHARED = {
    "tests.roster.helpers_registration",
    "tests.canteen.helpers_counts",
    "tests.factories",            # builders of test data
    "tests.database_pass",        # which tests the PostgreSQL pass runs
    "tests.canteen.helpers_safety",
    "tests.subsidy.helpers_closing",
    "tests.live",                 # a real server on a database of its own
    "tests.e2e.journey_steps",    # the county journey's pages, axe-core and screenshots
    "tests.canteen.helpers_printing",
    "tests.canteen.helpers_issuing",
    "tests.subsidy.helpers_inspections",
    "tests.menus.helpers",
    "tests.menus.helpers_suggest",  # synthetic dish libraries for the menu solver
    "tests.procurement.helpers",
    "tests.nutrition.helpers_migration",  # a scratch database for a migration test
    "tests.procurement.helpers_live",  # a live server for races against the API
    "tests.roster.helpers",
    "tests.suite.helpers",
    "tests.suite.xlsx_parts",     # hand-built .xlsx archives
    "tests.subsidy.helpers_ledger",
    "tests.subsidy.helpers_flags",
    "tests.subsidy.helpers_reports",
}


def module_name(path: Path) -> str:
    parts = path.relative_to(TESTS.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, source: str | None = None) -> list[tuple[int, str]]:
    """(line, module) of every import of a module of the tests package in `path`, relative
    imports resolved; `from package import name` counts as importing package.name."""
    source = path.read_text(encoding="utf-8") if source is None else source
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found = []
    for node in ast.walk(ast.parse(source, filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package[:len(package) - node.level + 1] + ([base] if base else []))
            found += [(node.lineno, f"{base}.{alias.name}") if _is_module(f"{base}.{alias.name}")
                      else (node.lineno, base) for alias in node.names]
    return [(line, name) for line, name in dict.fromkeys(found)
            if name == "tests" or name.startswith("tests.")]


def _is_module(name: str) -> bool:
    path = TESTS.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def breaches(path: Path, source: str | None = None) -> list[str]:
    return [f"{path.relative_to(TESTS.parent)}:{line} imports {name}"
            for line, name in imported_modules(path, source) if name not in SHARED]


def test_no_test_module_imports_another_test_module_or_a_conftest():
    found = [b for path in sorted(TESTS.rglob("*.py")) for b in breaches(path)]
    assert not found, "move what is shared into a fixture or a helper module:\n" + \
        "\n".join(found)


def test_the_shared_helpers_exist_and_are_neither_tests_nor_conftests():
    for name in SHARED:
        assert _is_module(name), name
        last = name.rsplit(".", 1)[-1]
        assert not last.startswith("test_") and last != "conftest", name


def test_each_way_of_importing_a_test_module_is_caught():
    here = TESTS / "roster" / "test_example.py"
    source = "\n".join([
        "from .test_import import _csv",
        "from tests.procurement.conftest import deliver",
        "from ..conftest import DEFAULT_PASSWORD",
        "import tests.menus.conftest",
        "from . import test_pages",
        "def later():",
        "    from .test_household import child",
        "from .helpers import students_csv",
        "from ..factories import Factory",
        "from tests.live import serve",
        "from roster import services",
    ])
    assert breaches(here, source) == [
        "tests/roster/test_example.py:1 imports tests.roster.test_import",
        "tests/roster/test_example.py:2 imports tests.procurement.conftest",
        "tests/roster/test_example.py:3 imports tests.conftest",
        "tests/roster/test_example.py:4 imports tests.menus.conftest",
        "tests/roster/test_example.py:5 imports tests.roster.test_pages",
        "tests/roster/test_example.py:7 imports tests.roster.test_household",
    ]
