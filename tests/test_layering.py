"""Dependency direction: schemas at the bottom, then parsers, then pipeline and spiders, then casco_watch; inside
casco_watch, cli > library > publishing, runner > crawler > archives > (exit_codes, source_tree); no import circles.

Read from the source with `ast`, so an upward import is caught even where it
is never executed by a test (imports inside functions included).
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
    for folder in (*sorted(LAYERS), "casco_watch"):
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


RANKS = {"cli": 5, "library": 4, "publishing": 3, "runner": 3, "crawler": 2, "archives": 1, "exit_codes": 0,
         "source_tree": 0}
"""casco_watch's own rooms: each may import its own room and those ranked lower, never a sibling or one above."""
KNOWN_EXCEPTIONS = {
    ("casco_watch.fixture_site.render", "casco_watch.schemas.stages"),
}
"""(importing module, imported module) pairs that still break the order: each to be removed, never added to.
The fixture site names ISO's stages from the product's table."""


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    parts = parts if parts[0] == "casco_watch" else ["casco_watch", *parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in product_modules()}


def imported_product_modules(path: Path) -> set[str]:
    """The casco-watch modules `path` imports by name: `from package import module` counts as that module."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in MODULES else node.module
                     for alias in node.names]
        else:
            continue
        found |= {name for name in names if name in MODULES}
    return found


IMPORTS = {name: imported_product_modules(path) for name, path in MODULES.items()}


def room(module: str) -> str | None:
    """The room of casco_watch a module is in (cli, library, ...), or None for the root and the mapped layers."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in {*RANKS, FIXTURE_SITE} else None


FIXTURE_SITE = "fixture_site"
"""Served by the demo and the tests, it imports nothing of casco_watch, so any room may import it."""


@pytest.mark.parametrize("module", sorted(name for name in MODULES if room(name)))
def test_casco_watch_rooms_import_only_their_own_and_those_below(module):
    own = room(module)
    for imported in sorted(IMPORTS[module] - {imported for importer, imported in KNOWN_EXCEPTIONS if importer == module}):
        other = room(imported)
        if own == FIXTURE_SITE:
            assert other == FIXTURE_SITE, f"{module} imports {imported}: the fixture site imports nothing of casco_watch"
        elif other not in (None, own, FIXTURE_SITE):
            assert RANKS[other] < RANKS[own], f"{own} may not import {imported} ({module}): it is not below {own}"


@pytest.mark.parametrize("importer, imported", sorted(KNOWN_EXCEPTIONS))
def test_a_known_exception_still_happens_else_it_is_struck_off(importer, imported):
    assert imported in IMPORTS[importer], f"{importer} no longer imports {imported}: remove it from KNOWN_EXCEPTIONS"


def import_circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every group of modules that import one another round a circle (Tarjan's strongly connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for imported in graph[module] - {module}:
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while not group or group[-1] != module:
                group.append(stack.pop())
            if len(group) > 1:
                circles.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return circles


def test_no_two_modules_import_each_other_round_a_circle():
    assert import_circles(IMPORTS) == []


def test_a_circle_is_found_however_long():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "c"}, "d": {"a"}}
    assert import_circles(graph) == [["a", "b", "c"]]
