"""Docs that cannot drift: every module, object and file that README.md and docs/ name exists."""

import importlib
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DOCS = [REPO / "README.md", *sorted((REPO / "docs").rglob("*.md"))]
DOTTED = re.compile(r"\bcasco_watch(?:\.[A-Za-z_][A-Za-z0-9_]*)+")
FILE = re.compile(r"(?<![\w./-])((?:schemas|parsers|spiders|pipeline|casco_watch|tests|benchmarks|docs)/[\w./-]*\.(?:py|sql|md))\b")


def named(pattern):
    return sorted({(doc.name, match) for doc in DOCS for match in pattern.findall(doc.read_text(encoding="utf-8"))})


def resolve(dotted: str):
    """Import the longest importable module prefix of `dotted`, then follow the rest as attributes."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            found = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[cut:]:
            found = getattr(found, attribute)
        return found
    raise ModuleNotFoundError(dotted)


def test_the_docs_name_modules_at_all():
    assert len(named(DOTTED)) > 10 and len(named(FILE)) > 5


@pytest.mark.parametrize(("doc", "dotted"), named(DOTTED))
def test_every_dotted_name_in_the_docs_imports(doc, dotted):
    resolve(dotted)


@pytest.mark.parametrize(("doc", "path"), named(FILE))
def test_every_file_the_docs_name_exists(doc, path):
    assert (REPO / path).exists(), f"{doc} names {path}, which does not exist"
