"""The house rules of the package layout (README "How it fits together").

Layers are checked by import-linter (`lint-imports` in `make test`); these tests check what it
does not: outside a package, code imports only what the package's `__init__` declares in
`__all__` (functions, types, or whole sub-modules it names as facets of its API), never a
sub-module's file directly; and every package declares its API.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("hotline", "handlers", "workers")
PACKAGES = sorted(
    p.parent.name
    for p in (ROOT / "hotline").glob("*/__init__.py")
    if p.parent.name != "__pycache__"
)


def _package_of(path: Path) -> str | None:
    parts = path.relative_to(ROOT).parts
    return parts[1] if parts[0] == "hotline" and len(parts) > 2 else None


def _imports(path: Path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node


def _violations() -> list[str]:
    found = []
    apis = {name: set(importlib.import_module(f"hotline.{name}").__all__) for name in PACKAGES}
    for source in SOURCES:
        for path in sorted((ROOT / source).rglob("*.py")):
            here = _package_of(path)
            for node in _imports(path):
                parts = node.module.split(".")
                if parts[0] != "hotline" or len(parts) < 2 or parts[1] not in apis:
                    continue
                if parts[1] == here:
                    continue  # inside a package, modules import their siblings
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                if len(parts) > 2:
                    found.append(f"{where}: imports the sub-module {node.module}")
                    continue
                missing = {a.name for a in node.names} - apis[parts[1]]
                if missing:
                    found.append(f"{where}: {sorted(missing)} not in hotline.{parts[1]}.__all__")
    return found


def test_outside_a_package_only_its_declared_api_is_imported():
    assert _violations() == []


@pytest.mark.parametrize("name", PACKAGES)
def test_every_package_declares_its_api(name):
    package = importlib.import_module(f"hotline.{name}")
    assert package.__doc__ and package.__doc__.strip(), f"hotline.{name} has no docstring"
    assert package.__all__, f"hotline.{name} declares no __all__"
    for exported in package.__all__:
        assert hasattr(package, exported), f"hotline.{name}.__all__ names {exported!r}"


# The tests that belong to no one package: the layout itself, the test clock, the deploy files
# and the buildpack install.
CROSS_CUTTING_TESTS = {"test_layout.py", "test_clock.py", "test_deploy.py", "test_buildpack.py"}


def test_tests_mirror_the_packages():
    """tests/<package>/test_<module>.py: a newcomer finds a package's tests where it lives."""
    sources = set(PACKAGES) | {"handlers", "workers"}
    folders = {p.parent.name for p in (ROOT / "tests").glob("*/test_*.py")}
    assert folders <= sources, folders - sources
    loose = {p.name for p in (ROOT / "tests").glob("test_*.py")}
    assert loose <= CROSS_CUTTING_TESTS, loose - CROSS_CUTTING_TESTS
