"""Fixture pages and record comparison for the parser tests."""

from __future__ import annotations

import pytest

from casco_watch.fixture_server import FIXTURE_SITE_ROOT

OCTOBER = "2026-10-01"


def _read(relative: str, state: str = OCTOBER) -> str:
    return (FIXTURE_SITE_ROOT / state / relative).read_text(encoding="utf-8")


def _dumps(records) -> list[str]:
    """Records (models or dumps) as comparable, order-free text."""
    return sorted(repr(sorted((r if isinstance(r, dict) else r.model_dump()).items())) for r in records)


@pytest.fixture
def fixture_page():
    """`fixture_page("committee/54998.html", state=...)`: the committed HTML of one fixture page."""
    return _read


@pytest.fixture
def same_records():
    """`same_records(a, b)`: the two collections hold the same records, in any order."""
    return lambda a, b: _dumps(a) == _dumps(b)
