"""Fixture pages and record comparison for the parser tests."""

from __future__ import annotations

import pytest

from casco_watch.fixture_site.server import fixture_pages

OCTOBER = "2026-10-01"


def _read(relative: str, state: str = OCTOBER) -> str:
    return fixture_pages(state)[relative]


def _dumps(records) -> list[str]:
    """Records (models or dumps) as comparable, order-free text."""
    return sorted(repr(sorted((r if isinstance(r, dict) else r.model_dump()).items())) for r in records)


@pytest.fixture
def fixture_page():
    """`fixture_page("committee/54998.html", state=...)`: the HTML of one fixture page."""
    return _read


@pytest.fixture
def same_records():
    """`same_records(a, b)`: the two collections hold the same records, in any order."""
    return lambda a, b: _dumps(a) == _dumps(b)
