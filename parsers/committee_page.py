"""A committee page (`/committee/<id>.html`): the committee, its officers, subgroups and liaisons.

The heading `nav` holds the reference (with a `[STANDBY]`/`[SUSPENDED]` marker
when the committee is not active) and the title; `#section-details` holds the
labelled facts (secretariat, officers, creation date) and the scope; the key
numbers sit beside their labels ("37 Published ISO standards *").
"""

from __future__ import annotations

import datetime as dt
import re

from bs4 import BeautifulSoup, Tag

from casco_watch.parsers.html import (
    Entry,
    block_after,
    entries,
    first_link_id,
    fold,
    headings,
    labelled,
    main_content,
    page_heading,
    read_page,
    subject_id,
    table_headers,
    table_rows,
    text_of,
)
from casco_watch.parsers.liaisons import parse_liaisons
from casco_watch.parsers.links import href_id
from casco_watch.parsers.page import PageLayoutError, ParsedPage
from casco_watch.schemas import Committee, Officer, Record, Reject, Subgroup, validate_record
from casco_watch.schemas.references import COMMITTEE_REFERENCE

_MARKED_REFERENCE = re.compile(r"^(?P<reference>[^\[\]]*?)\s*(?:\[(?P<marker>[^\]]*)\])?$")
_MARKER = re.compile(r"^\[(?P<marker>[^\]]*)\]$")
_STATUS_MARKERS = {"standby": "standby", "suspended": "suspended"}
_ROLES = {
    "chairperson": "chairperson",
    "chair": "chairperson",
    "vice-chair": "vice_chair",
    "vice-chairperson": "vice_chair",
    "secretary": "secretary",
    "committee manager": "committee_manager",
    "technical programme manager (tpm)": "technical_programme_manager",
    "iso technical programme manager (tpm)": "technical_programme_manager",
    "technical programme manager": "technical_programme_manager",
    "editorial manager (em)": "editorial_manager",
    "iso editorial manager (em)": "editorial_manager",
    "editorial manager": "editorial_manager",
}
_TERMED_LABEL = re.compile(r"^(?P<role>.*?)\s*\((?P<term>[^()]*)\)$")
_SUBGROUP_TYPES = {
    "subcommittee": "subcommittee",
    "working group": "working_group",
    "joint working group": "joint_working_group",
    "ad hoc group": "ad_hoc_group",
    "advisory group": "advisory_group",
    "task force": "task_force",
}
_SUBGROUP_COLUMNS = {"Reference", "Title", "Type"}
_COUNTERS = {
    "published_standards": "Published ISO standards",
    "standards_under_development": "ISO standards under development",
    "participating_members": "Participating members",
    "observing_members": "Observing members",
}
_SCOPE_HEADING = re.compile(r"^Scope$", re.IGNORECASE)
_YEAR = re.compile(r"^\d{4}$")
_NOT_OFFICERS = {"secretariat", "creation date", "parent committee"}


def _reference_and_title(heading: Tag | None) -> tuple[str, str | None, str | None]:
    """Reference, status marker and title: the heading's lines from the one shaped like a reference on."""
    lines = [fold(line) for line in heading.stripped_strings] if heading else []
    for index, line in enumerate(lines):
        match = _MARKED_REFERENCE.match(line)
        if match and COMMITTEE_REFERENCE.match(match["reference"]):
            rest = lines[index + 1 :]
            marker = match["marker"]
            if marker is None and rest and _MARKER.match(rest[0]):
                marker, rest = _MARKER.match(rest[0])["marker"], rest[1:]
            return match["reference"], marker, rest[0] if rest else None
    raise PageLayoutError("no committee reference (like 'ISO/TC 176') in the page heading nav")


def _parent_id(nav: Tag, heading: Tag, committee_id: int) -> int | None:
    """A subcommittee's heading links its parent committee above the reference."""
    for link in nav.find_all("a", href=True):
        found = href_id(link["href"], "committee")
        if found not in (None, committee_id) and heading not in link.parents:
            return found
    return None


def _status(marker: str | None) -> str:
    if marker is None:
        return "active"
    return _STATUS_MARKERS.get(fold(marker).lower(), marker)


def _creation(entry: Entry | None) -> dict:
    value = entry.text if entry else ""
    if not value:
        return {}
    if _YEAR.match(value):
        return {"creation_year": int(value)}
    try:
        created = dt.date.fromisoformat(value)
    except ValueError:
        return {"creation_year": value}
    return {"creation_date": created, "creation_year": created.year}


def _counter(scope: Tag, label: str) -> int | None:
    """The number shown beside a label ("95 Participating members"), looked for in the label's own block."""
    shown = re.compile(rf"^(\d[\d,]*)\s*{re.escape(label)}\s*\*?$", re.IGNORECASE)
    for node in scope.find_all(string=re.compile(re.escape(label), re.IGNORECASE)):
        for ancestor in list(node.parents)[:3]:
            match = shown.match(text_of(ancestor))
            if match:
                return int(match[1].replace(",", ""))
    return None


def _scope(soup: BeautifulSoup) -> str | None:
    heading = next(headings(soup, _SCOPE_HEADING), (None,))[0]
    block = block_after(heading) if heading else None
    return block.decode_contents() if block else None


def _officer(committee_id: int, entry: Entry, url: str) -> Record | Reject:
    label = entry.label
    role, term = _ROLES.get(label.lower()), None
    termed = _TERMED_LABEL.match(label)
    if role is None and termed:
        role, term = _ROLES.get(termed["role"].lower()), termed["term"]
    payload = {"committee_id": committee_id, "role": role or label, "name": entry.text, "term": term}
    return validate_record(Officer, payload, source_url=url)


def _subgroups(soup: BeautifulSoup, committee_id: int, url: str) -> list[Record | Reject]:
    records = []
    for table in soup.find_all("table"):
        if not _SUBGROUP_COLUMNS <= set(table_headers(table)):
            continue
        for cells in table_rows(table):
            type_label = text_of(cells.get("Type"))
            link = first_link_id(cells.get("Reference"), "committee")
            payload = {
                "committee_id": committee_id,
                "reference": text_of(cells.get("Reference")),
                "title": text_of(cells.get("Title")),
                "type": _SUBGROUP_TYPES.get(type_label.lower(), type_label),
                "subgroup_id": link[0] if link else None,
            }
            records.append(validate_record(Subgroup, payload, source_url=url))
    return records


def parse_committee_page(html: str, url: str) -> ParsedPage:
    soup = read_page(html)
    nav = page_heading(soup)
    heading = (nav.find("h1") or nav) if nav else None
    reference, marker, title = _reference_and_title(heading)
    details = soup.find(id="section-details")
    if details is None:
        raise PageLayoutError("no #section-details block (secretariat, officers, creation date) on the page")
    committee_id = subject_id(soup, url, "committee")
    details_by_label = labelled(details)
    secretariat = details_by_label.get("secretariat")
    content = main_content(soup)
    committee = {
        "committee_id": committee_id,
        "reference": reference,
        "title": title,
        "status": _status(marker),
        "parent_id": _parent_id(nav, heading, committee_id),
        "secretariat_member_id": secretariat.link_id("member") if secretariat else None,
        **_creation(details_by_label.get("creation date")),
        "scope": _scope(soup),
        **{field: _counter(content, label) for field, label in _COUNTERS.items()},
    }
    records: list[Record | Reject] = [validate_record(Committee, committee, source_url=url)]
    records += [
        _officer(committee_id, entry, url) for entry in entries(details) if entry.label.lower() not in _NOT_OFFICERS
    ]
    records += _subgroups(soup, committee_id, url)
    records += parse_liaisons(content, committee_id, url)
    return ParsedPage(url=url, page_kind="committee", subject_id=committee_id, records=records)
