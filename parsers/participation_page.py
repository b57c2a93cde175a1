"""A committee's participation view (`/committee/<id>.html?view=participation`): its P and O members.

The two tables have carried the ids `#datatable-PART_P_OC` / `#datatable-PART_O_OC`
for years; when an id is gone the heading ("Participating members", "Observing
members") still says which table is which. The parser returns exactly the rows
present: whether they are all the members the committee page counts is for the
pipeline to judge.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

from casco_watch.parsers.html import (
    element_by_id,
    first_link_id,
    headings,
    labelled,
    main_content,
    read_page,
    subject_id,
    table_after,
    table_rows,
    text_of,
)
from casco_watch.parsers.page import PageLayoutError, ParsedPage
from casco_watch.schemas import Membership, Record, Reject, validate_record

_TABLES = {
    "P": ("datatable-PART_P_OC", "Participating members"),
    "O": ("datatable-PART_O_OC", "Observing members"),
}
_MEMBER_COLUMNS = ("Acronym", "Member")
_SECRETARIAT_LINE = re.compile(r"^Secretariat\b", re.IGNORECASE)


def _members_table(soup: BeautifulSoup, status: str) -> tuple[bool, Tag | None]:
    """Whether the page has this status's list at all, and its table (None for a heading with no table)."""
    table_id, heading_label = _TABLES[status]
    table = element_by_id(soup, table_id)
    if table is not None:
        return True, table
    heading = next(headings(soup, re.compile(rf"^{heading_label}\b", re.IGNORECASE)), None)
    return heading is not None, table_after(heading[0]) if heading else None


def _secretariat_id(soup: BeautifulSoup) -> int | None:
    """The member body holding the secretariat: a labelled "Secretariat" entry, or a paragraph of the grey section
    that says "Secretariat" and links to it (`section.bg-lightgray.section-sm > p > a`, NOTES §2.2, grade B)."""
    content = main_content(soup)
    secretariat = labelled(content).get("secretariat")
    if secretariat is not None:
        return secretariat.link_id("member")
    for paragraph in content.select("section.bg-lightgray p"):
        if _SECRETARIAT_LINE.match(text_of(paragraph)) and (found := first_link_id(paragraph, "member")):
            return found[0]
    return None


def _membership(
    cells: dict[str, Tag], committee_id: int, status: str, secretariat_id: int | None, url: str
) -> Record | Reject:
    member_cell = next((cells[column] for column in _MEMBER_COLUMNS if column in cells), None)
    member = first_link_id(member_cell, "member")
    member_id = member[0] if member else None
    payload = {
        "committee_id": committee_id,
        "member_id": member_id,
        "status": status,
        "is_secretariat": member_id is not None and member_id == secretariat_id,
    }
    return validate_record(Membership, payload, source_url=url)


def parse_participation_page(html: str, url: str) -> ParsedPage:
    soup = read_page(html)
    tables = {status: _members_table(soup, status) for status in _TABLES}
    missing = [f"#{table_id} or a heading {label!r}" for status, (table_id, label) in _TABLES.items() if not tables[status][0]]
    if missing:
        raise PageLayoutError(f"no participation table: missing {' and '.join(missing)}")
    committee_id = subject_id(soup, url, "committee")
    secretariat_id = _secretariat_id(soup)
    records = [
        _membership(cells, committee_id, status, secretariat_id, url)
        for status, (_, table) in tables.items()
        for cells in table_rows(table)
    ]
    return ParsedPage(url=url, page_kind="participation", subject_id=committee_id, records=records)
