"""A pytest plugin that keeps every page the tests hand to a page parser, for check_parse_identity.py `--inputs`.

The parser tests build hundreds of variants of the fixture pages (translated labels, moved blocks, runaway
values); recorded once, they join the identity check's corpus, refusals included.

Usage: PYTHONPATH=benchmarks PARSER_INPUTS=PATH.json python -m pytest -q tests/parsers -p record_parser_inputs
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path

from parse_corpus import PARSERS

_PAGE_MODULES = {kind: f"casco_watch.parsers.{kind}_page" for kind in PARSERS}
_seen: dict[tuple[str, str, str], None] = {}


def _recording(kind: str, parse):
    @functools.wraps(parse)
    def recorded(html: str, url: str):
        _seen.setdefault((kind, url, html))
        return parse(html, url)

    return recorded


def pytest_configure(config) -> None:
    """Wrap each parser before any test module imports it by name."""
    import importlib

    for kind, parse in PARSERS.items():
        setattr(importlib.import_module(_PAGE_MODULES[kind]), parse.__name__, _recording(kind, parse))


def pytest_unconfigure(config) -> None:
    inputs = [{"kind": kind, "url": url, "html": html} for kind, url, html in _seen]
    Path(os.environ["PARSER_INPUTS"]).write_text(json.dumps(inputs), encoding="utf-8")
