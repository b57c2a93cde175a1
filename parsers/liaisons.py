"""The liaison lists at the bottom of a committee page, all in one place.

No stored copy of a live liaison section exists (NOTES §2.6: grade D), so the
headings read here are the remembered ones: "Liaison Committees to ISO/CASCO"
(committees that can read CASCO's documents), "Liaison Committees from
ISO/CASCO" (committees whose documents CASCO reads), "Organizations in liaison
(Category A and B)" and "(Category C)". When the live page is seen, this is
the one module to fix; until then a table under any other heading that says
"liaison" is a Reject naming that heading, so the part is partial rather than
read as no liaisons (and the plausibility check holds back lists lost otherwise).
"""

from __future__ import annotations

import re

from bs4 import Tag

from casco_watch.parsers.html import first_link_id, headings, table_after, table_rows, text_of
from casco_watch.schemas import Liaison, Record, Reject, validate_record

_KNOWN_HEADINGS = "'Liaison Committees to/from ...', 'Organizations in liaison (...)'"

_COMMITTEE_HEADING = re.compile(r"^Liaison Committees (?P<direction>to|from)\b", re.IGNORECASE)
_ANY_LIAISON_HEADING = re.compile(r".*\bliaisons?\b", re.IGNORECASE)
_ORGANIZATION_HEADING = re.compile(r"^Organi[sz]ations in liaison\b(?:\s*\((?P<categories>[^)]*)\))?", re.IGNORECASE)
_SINGLE_CATEGORY = re.compile(r"^Category ([A-D])$", re.IGNORECASE)
_ROW_CATEGORY = re.compile(r"^(?:Category )?([A-D])$", re.IGNORECASE)
_PARTNER_COLUMNS = ("Reference", "Acronym")


def _heading_category(categories: str | None) -> str | None:
    """"Category C" names one category; "Category A and B" names two, so no row can take it."""
    match = _SINGLE_CATEGORY.match(categories or "")
    return match[1].upper() if match else None


def _row_category(cell: Tag) -> str | None:
    label = text_of(cell)
    if not label:
        return None
    match = _ROW_CATEGORY.match(label)
    return match[1].upper() if match else label


def _liaison_rows(
    heading: Tag, committee_id: int, url: str, partner_kind: str, direction: str, category: str | None
) -> list[Record | Reject]:
    records = []
    for cells in table_rows(table_after(heading)):
        partner_cell = next((cells[column] for column in _PARTNER_COLUMNS if column in cells), None)
        partner = first_link_id(partner_cell, partner_kind)
        payload = {
            "committee_id": committee_id,
            "partner_kind": partner_kind,
            "partner_id": partner[0] if partner else None,
            "partner_label": text_of(partner_cell),
            "direction": direction,
            "category": _row_category(cells["Category"]) if "Category" in cells else category,
        }
        records.append(validate_record(Liaison, payload, source_url=url))
    return records


def _unread_lists(scope: Tag, committee_id: int, url: str) -> list[Reject]:
    """A table under a heading that speaks of liaisons yet is none of the headings read here: a Reject per table,
    so the committee's liaisons part is partial, never a committee read as having no liaisons."""
    rejects = []
    for heading, _ in headings(scope, _ANY_LIAISON_HEADING):
        title = text_of(heading)
        rows = table_rows(table_after(heading))
        if rows and not (_COMMITTEE_HEADING.match(title) or _ORGANIZATION_HEADING.match(title)):
            rejects.append(Reject(
                record_type="Liaison", source_url=url, payload={"committee_id": committee_id, "heading": title},
                errors=[f"{len(rows)} row(s) under {title!r}, a liaison heading parsers/liaisons.py does not read "
                        f"(it reads {_KNOWN_HEADINGS}; shared/iso-site/NOTES.md §2.6)"],
            ))
    return rejects


def parse_liaisons(scope: Tag, committee_id: int, url: str) -> list[Record | Reject]:
    """Liaison records of every liaison table on a committee page: committees to/from, organizations; a Reject for
    each table under a liaison heading of another wording."""
    records: list[Record | Reject] = _unread_lists(scope, committee_id, url)
    for heading, match in headings(scope, _COMMITTEE_HEADING):
        records += _liaison_rows(heading, committee_id, url, "committee", match["direction"].lower(), None)
    for heading, match in headings(scope, _ORGANIZATION_HEADING):
        category = _heading_category(match["categories"])
        records += _liaison_rows(heading, committee_id, url, "organization", "unspecified", category)
    return records
