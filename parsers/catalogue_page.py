"""A committee's catalogue of all its documents (`/committee/<id>/x/catalogue/p/1/u/1/w/1/d/1`): one Deliverable per row.

`#datatable-tc-projects` lists published, under-development, withdrawn and
deleted documents. A row's first cell links the reference to the standard page
(`/standard/<id>.html`, the reference also in the link's `title`) and holds the
title in `div.entry-summary`; a `span.small` label (`[Withdrawn]`, `[Under
development]`, `[Deleted]`) gives the status, none meaning published. Stage,
edition and dates are on the standard pages.
"""

from __future__ import annotations

from casco_watch.parsers.html import Selector, read_page, subject_id, text_of
from casco_watch.parsers.labels import deliverable_status
from casco_watch.parsers.links import href_id
from casco_watch.parsers.page import PageLayoutError, ParsedPage
from casco_watch.schemas import Deliverable, Record, Reject, validate_record

CATALOGUE_PATH = "/committee/{committee_id}/x/catalogue/p/1/u/1/w/1/d/1"
"""The catalogue view that lists every status (p: published, u: under development, w: withdrawn, d: deleted)."""
_STATUS_LABEL = Selector.parse("span.small")
_SUMMARY = Selector.parse("div.entry-summary")


def _row(row, committee_id: int, url: str) -> Record | Reject:
    cells = row.find_all("td")
    first = cells[0] if cells else row
    link = next((a for a in first.find_all("a", href=True) if href_id(a["href"], "standard")), None)
    label = _STATUS_LABEL.first(row)
    payload = {
        "deliverable_id": href_id(link["href"], "standard") if link else None,
        "committee_id": committee_id,
        "reference": (link.get("title") or text_of(link)) if link else text_of(first),
        "title": text_of(_SUMMARY.first(first)) or None,
        "status": deliverable_status(text_of(label)) if label else "published",
    }
    return validate_record(Deliverable, payload, source_url=url)


def parse_catalogue_page(html: str, url: str) -> ParsedPage:
    soup = read_page(html)
    table = soup.find(id="datatable-tc-projects")
    if table is None:
        raise PageLayoutError("no #datatable-tc-projects table (the committee's documents) on the catalogue page")
    committee_id = subject_id(soup, url, "committee")
    body = table.find("tbody") or table
    records = [_row(row, committee_id, url) for row in body.find_all("tr") if row.find("td")]
    return ParsedPage(url=url, page_kind="catalogue", subject_id=committee_id, records=records)
