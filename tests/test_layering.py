"""Dependency direction: schemas at the bottom, then parsers, then pipeline and spiders, then casco_watch.

Read from the source with `ast`, so an upward import is caught even where it
is never executed by a test.
"""

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
ALLOWED = {
    "schemas": {"schemas"},
    "parsers": {"schemas", "parsers"},
    "pipeline": {"schemas", "parsers", "pipeline"},
    "spiders": {"schemas", "parsers", "spiders"},
}
LAYERS = set(ALLOWED)


def imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def product_modules():
    for folder in (*LAYERS, "casco_watch"):
        yield from sorted((REPO / folder).rglob("*.py"))


@pytest.mark.parametrize("path", list(product_modules()), ids=lambda path: str(path.relative_to(REPO)))
def test_nothing_imports_upward_or_by_a_top_level_name(path):
    package = path.relative_to(REPO).parts[0]
    for module in imported_modules(path):
        top = module.split(".")[0]
        assert top not in LAYERS | {"tests"}, f"{module}: import it as casco_watch.{module} (and never tests)"
        if top != "casco_watch" or package == "casco_watch":
            continue
        parts = module.split(".")
        layer = parts[1] if len(parts) > 1 else None
        assert layer in ALLOWED[package], f"{package} may not import {module}"
