"""The pages the parse benchmark and the parse-identity check read, each with the parser the spider calls for it.

Every page of both fixture-site states (by the URL the spider fetches it from) and the real saved pages: the three
genuine iso.org standard pages in ../shared/iso-site and the hand-written CASCO pages in tests/parsers/pages (the
Russian one must be refused).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from casco_watch.fixture_site.server import fixture_pages
from casco_watch.fixture_site.site_data import STATES
from casco_watch.parsers.catalogue_page import CATALOGUE_PATH, parse_catalogue_page
from casco_watch.parsers.committee_page import parse_committee_page
from casco_watch.parsers.member_page import parse_member_page
from casco_watch.parsers.organization_page import parse_organization_page
from casco_watch.parsers.page import ParsedPage
from casco_watch.parsers.participation_page import parse_participation_page
from casco_watch.parsers.standard_page import parse_standard_page

REPO = Path(__file__).resolve().parent.parent
SHARED_SITE = REPO.parent / "shared" / "iso-site"
HAND_WRITTEN = REPO / "tests" / "parsers" / "pages"
FIXTURE_BASE = "http://127.0.0.1:8000"

PARSERS: dict[str, Callable[[str, str], ParsedPage]] = {
    "committee": parse_committee_page,
    "participation": parse_participation_page,
    "catalogue": parse_catalogue_page,
    "member": parse_member_page,
    "organization": parse_organization_page,
    "standard": parse_standard_page,
}
_FIXTURE_PATH = re.compile(r"^(?P<kind>committee|member|organization|standard)/(?P<id>\d+)(?P<view>\.\w+)?\.html$")
_REAL_STANDARD_IDS = {2019: 53798, 2023: 53798, 2024: 23281}


@dataclass(frozen=True)
class Page:
    source: str
    """Where the page comes from: a fixture state, or the file's name."""
    kind: str
    url: str
    html: str

    def parse(self) -> ParsedPage:
        return PARSERS[self.kind](self.html, self.url)


def _fixture_page(state: str, path: str, html: str) -> Page | None:
    match = _FIXTURE_PATH.match(path)
    if match is None:  # robots.txt
        return None
    kind, page_id, view = match["kind"], int(match["id"]), match["view"]
    if view == ".participation":
        return Page(state, "participation", f"{FIXTURE_BASE}/committee/{page_id}.html?view=participation", html)
    if view == ".catalogue":
        return Page(state, "catalogue", FIXTURE_BASE + CATALOGUE_PATH.format(committee_id=page_id), html)
    return Page(state, kind, f"{FIXTURE_BASE}/{kind}/{page_id}.html", html)


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
