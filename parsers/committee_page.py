"""A committee page (`/committee/<id>.html`): the committee, its officers, subgroups and liaisons.

The heading `nav` holds the reference (with a `[STANDBY]`/`[SUSPENDED]` marker
when the committee is not active), the title and, for a subcommittee, a link to
its parent; pages write reference and title in one element on separate lines or
in sibling elements. `#section-details` holds the labelled facts (secretariat,
officers, creation date), at times several to one list item, and the scope; the
key numbers sit beside their labels ("37 Published ISO standards *").
"""

from __future__ import annotations

import datetime as dt
import re

from bs4 import BeautifulSoup, NavigableString, Tag

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
from casco_watch.parsers.labels import (
    COMMITTEE_FACT_LABELS,
    name_and_term,
    officer_label,
    reject_absorbed_labels,
    written_label,
)
from casco_watch.parsers.liaisons import parse_liaisons
from casco_watch.parsers.links import href_id
from casco_watch.parsers.page import PageLayoutError, ParsedPage
from casco_watch.schemas import Committee, Officer, Record, Reject, Subgroup, validate_record
from casco_watch.schemas.references import COMMITTEE_REFERENCE

_MARKED_REFERENCE = re.compile(r"^(?P<reference>[^\[\]]*?)\s*(?:\[(?P<marker>[^\]]*)\])?$")
_MARKER = re.compile(r"^\[(?P<marker>[^\]]*)\]$")
_STATUS_MARKERS = {"standby": "standby", "suspended": "suspended"}
_SUBGROUP_TYPES = {
    "subcommittee": "subcommittee",
    "sub committee": "subcommittee",
    "working group": "working_group",
    "joint working group": "joint_working_group",
    "ad hoc group": "ad_hoc_group",
    "advisory group": "advisory_group",
    "task force": "task_force",
}
_FOOTNOTE_MARKS = re.compile(r"[\s*]+$")
_SUBGROUP_COLUMNS = {"Reference", "Title", "Type"}
_COUNTERS = {
    "published_standards": "Published ISO standards",
    "standards_under_development": "ISO standards under development",
    "participating_members": "Participating members",
    "observing_members": "Observing members",
}
_NUMBER = r"(\d{1,3}(?:[, ]\d{3})+|\d+)"
_SCOPE_HEADING = re.compile(r"^Scope$", re.IGNORECASE)
_YEAR = re.compile(r"^\d{4}$")
_INLINE = frozenset(
    ("abbr", "b", "bdi", "bdo", "cite", "code", "em", "font", "i", "img", "mark", "q", "s", "small", "strong", "sub",
     "sup", "u", "wbr", "script", "style")
)
"""Elements inside a line of a heading; any other element starts a new line."""


def _reference_line(line: str) -> re.Match | None:
    match = _MARKED_REFERENCE.match(line)
    return match if match and COMMITTEE_REFERENCE.match(match["reference"]) else None


def _line_holder(string: NavigableString) -> Tag:
    """The element a string's line belongs to: its parent, looking through inline formatting (`<b>`, `<em>`)."""
    holder = string.parent
    while holder.name in _INLINE and holder.parent is not None:
        holder = holder.parent
    return holder


def _heading_lines(nav: Tag, committee_id: int) -> list[tuple[str, int | None]]:
    """The heading's text lines in order, each with the id of the other committee it links to, if any.

    Each element holds its own lines (`<span>ISO/TC 176</span><span>Quality…</span>` are two, so are the
    sides of a `<br>`), but text split only by inline formatting, a script or an image
    (`<b>Quality</b> management`) is one line.
    """
    runs: list[tuple[Tag, str, int | None]] = []
    broken = True
    for node in nav.descendants:
        if isinstance(node, Tag):
            broken = broken or node.name not in _INLINE
            continue
        if type(node) is not NavigableString:  # comments, scripts
            continue
        holder = _line_holder(node)
        if not broken and runs and runs[-1][0] is holder:
            runs[-1] = (holder, runs[-1][1] + node, runs[-1][2])
        else:
            link = node.find_parent("a", href=True)
            linked = href_id(link["href"], "committee") if link else None
            runs.append((holder, str(node), linked if linked != committee_id else None))
        broken = False
    return [(fold(line), other) for _, text, other in runs for line in text.split("\n") if fold(line)]


def _heading(nav: Tag | None, committee_id: int) -> tuple[str, str | None, str | None, int | None]:
    """Reference, status marker, title and parent committee id, read from the heading's lines.

    The reference is the last line shaped like one that links to no other committee,
    so a parent named above it, linked or not, is never taken for it. A marker may
    follow the reference or the title; the title is the first other line after the reference.
    """
    lines = _heading_lines(nav, committee_id) if nav else []
    found = [index for index, (line, other) in enumerate(lines) if other is None and _reference_line(line)]
    if not found:
        raise PageLayoutError("no committee reference (like 'ISO/TC 176') in the page heading nav")
    index = found[-1]
    reference_line = _reference_line(lines[index][0])
    marker, title = reference_line["marker"], None
    for line, other in lines[index + 1 :]:
        shown = _MARKER.match(line)
        if shown:
            marker = marker or shown["marker"]
        elif title is not None:
            break
        elif other is None:
            title = line
    parent_id = next((other for _, other in reversed(lines[:index]) if other is not None), None)
    return reference_line["reference"], marker, title, parent_id


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
    """The number shown beside a label ("1,234 Published ISO standards *"), looked for in the label's own block."""
    escaped = re.escape(label)
    shown = re.compile(rf"^(?:{_NUMBER}\s*{escaped}\s*\**|{escaped}\s*\**\s*:?\s*{_NUMBER})$", re.IGNORECASE)
    for node in scope.find_all(string=re.compile(escaped, re.IGNORECASE)):
        for ancestor in list(node.parents)[:3]:
            match = shown.match(text_of(ancestor))
            if match:
                return int(re.sub(r"[, ]", "", match[1] or match[2]))
    return None


def _scope(soup: BeautifulSoup) -> str | None:
    heading = next(headings(soup, _SCOPE_HEADING), (None,))[0]
    block = block_after(heading) if heading else None
    return block.decode_contents() if block else None


def _officer(committee_id: int, entry: Entry, url: str) -> Record | Reject:
    """One officer per label; an unknown label or a value of several lines is a Reject, never a guess."""
    role, term = officer_label(entry.label)
    lines = entry.lines
    name, term_after_name = name_and_term(lines[0]) if len(lines) == 1 else (" / ".join(lines) or None, None)
    payload = {"committee_id": committee_id, "role": role or entry.label, "name": name, "term": term or term_after_name}
    if role is None:
        errors = [f"role: unknown officer label {entry.label!r}"]
    elif len(lines) > 1:
        errors = [f"name: {len(lines)} lines under the one label {entry.label!r}, where one name was expected"]
    else:
        return validate_record(Officer, payload, source_url=url)
    return Reject(record_type="Officer", source_url=url, payload=payload, errors=errors)


def _subgroups(soup: BeautifulSoup, committee_id: int, url: str) -> list[Record | Reject]:
    records = []
    for table in soup.find_all("table"):
        if not _SUBGROUP_COLUMNS <= set(table_headers(table)):
            continue
        for cells in table_rows(table):
            type_label = _FOOTNOTE_MARKS.sub("", text_of(cells.get("Type")))
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


def _require_label_markup(details: Tag) -> None:
    """A details list that writes its labels as plain text ("Secretary: ...", NOTES §2.1's scrapers read
    "Creation date: YYYY" off an item's text) holds no label iso.org marks up: read as it is, the committee would
    lose its secretariat, officers and creation date without a word, and a diff would report its officers gone."""
    if next(entries(details), None) is None and (label := written_label(text_of(details))):
        raise PageLayoutError(
            f"the details list (#section-details) writes {label!r} as plain text, without iso.org's label markup "
            "(.entry-label): its layout changed, so its secretariat, officers and creation date cannot be read"
        )


def parse_committee_page(html: str, url: str) -> ParsedPage:
    soup = read_page(html)
    details = soup.find(id="section-details")
    if details is None:
        raise PageLayoutError("no #section-details block (secretariat, officers, creation date) on the page")
    committee_id = subject_id(soup, url, "committee")
    reference, marker, title, heading_parent_id = _heading(page_heading(soup), committee_id)
    _require_label_markup(details)
    details_by_label = labelled(details)
    secretariat = details_by_label.get("secretariat")
    parent = details_by_label.get("parent committee")
    content = main_content(soup)
    committee = {
        "committee_id": committee_id,
        "reference": reference,
        "title": title,
        "status": _status(marker),
        "parent_id": (parent.link_id("committee") if parent else None) or heading_parent_id,
        "secretariat_member_id": secretariat.link_id("member") if secretariat else None,
        **_creation(details_by_label.get("creation date")),
        "scope": _scope(soup),
        **{field: _counter(content, label) for field, label in _COUNTERS.items()},
    }
    records: list[Record | Reject] = [validate_record(Committee, committee, source_url=url)]
    records += [
        _officer(committee_id, entry, url)
        for entry in entries(details)
        if entry.label.lower() not in COMMITTEE_FACT_LABELS
    ]
    records += _subgroups(soup, committee_id, url)
    records += parse_liaisons(content, committee_id, url)
    return ParsedPage(
        url=url, page_kind="committee", subject_id=committee_id, records=reject_absorbed_labels(records, url)
    )
