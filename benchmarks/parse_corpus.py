"""The pages the parse benchmark and the parse-identity check read, each with the parser the spider calls for it.

Every page of both fixture-site states (by the URL the spider fetches it from) and the real saved pages: the three
genuine iso.org standard pages in ../shared/iso-site and the hand-written CASCO pages in tests/parsers/pages (the
Russian one must be refused).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from casco_watch.fixture_site.server import fixture_pages, fixture_request
from casco_watch.fixture_site.site_data import STATES
from casco_watch.parsers.by_kind import PAGE_PARSERS
from casco_watch.parsers.page import ParsedPage

REPO = Path(__file__).resolve().parent.parent
SHARED_SITE = REPO.parent / "shared" / "iso-site"
HAND_WRITTEN = REPO / "tests" / "parsers" / "pages"
FIXTURE_BASE = "http://127.0.0.1:8000"

_REAL_STANDARD_IDS = {2019: 53798, 2023: 53798, 2024: 23281}


@dataclass(frozen=True)
class Page:
    source: str
    """Where the page comes from: a fixture state, or the file's name."""
    kind: str
    url: str
    html: str

    def parse(self) -> ParsedPage:
        return PAGE_PARSERS[self.kind](self.html, self.url)


def _fixture_page(state: str, path: str, html: str) -> Page | None:
    request = fixture_request(path)
    if request is None:  # robots.txt
        return None
    kind, target = request
    return Page(state, kind, FIXTURE_BASE + target, html)


def fixture_corpus() -> list[Page]:
    return [
        page
        for state in STATES
        for path, html in sorted(fixture_pages(state).items())
        if (page := _fixture_page(state, path, html)) is not None
    ]


def real_corpus() -> list[Page]:
    """The saved pages; a clone without ../shared has only the hand-written ones."""
    pages = [
        Page(path.name, "standard", f"https://www.iso.org/standard/{_REAL_STANDARD_IDS[year]}.html", path.read_text("utf-8"))
        for year in sorted(_REAL_STANDARD_IDS)
        if (path := SHARED_SITE / f"real-iso-standard-page-{year}.html").exists()
    ]
    pages += [
        Page(path.name, "committee", "https://www.iso.org/committee/54998.html", path.read_text("utf-8"))
        for path in sorted(HAND_WRITTEN.glob("casco-*.html"))
    ]
    return pages
