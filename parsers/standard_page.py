"""A standard page (`/standard/<id>.html`): one Deliverable, where it stands in ISO's life cycle.

Two templates are known, both read from genuine pages (shared/iso-site):
- the current one (2023-): `#publicationStatus`, `#publicationDate`
  (`itemprop="releaseDate"`, YYYY-MM), `#stageId` ("… [90.93]"), "Edition" and
  "Number of pages" entry labels, and `#lifecycle` steps (`li.time-step`, each
  headed "Previously", "Now" or "Will be replaced by" in an `h4`);
- the older one (to 2019): `<strong>Status :</strong>` and `<strong>Edition :</strong>`
  in `ul.refine`, the stage as the active entry of `#lifecycle ul.stages`, and
  steps headed by a `<strong>`.
Any other page is refused (PageLayoutError) rather than half read. The owning
committee is the committee link in the general information (`ul.refine`).
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

from casco_watch.parsers.html import (
    Selector,
    element_by_id,
    element_with,
    first_link_id,
    page_heading,
    read_page,
    subject_id,
    text_of,
)
from casco_watch.parsers.labels import deliverable_status
from casco_watch.parsers.links import href_id
from casco_watch.parsers.page import PageLayoutError, ParsedPage
from casco_watch.schemas import Deliverable, validate_record

_STAGE_IN_BRACKETS = re.compile(r"\[\s*([^\]]+?)\s*\]")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_STEPS = {"previously": "replaces", "will be replaced by": "replaced_by"}
"""Life-cycle steps whose links are other deliverables this one replaces or is replaced by."""
_GENERAL_INFORMATION = Selector.parse("ul.refine")
_ACTIVE_STAGE = Selector.parse("#lifecycle ul.stages li.active span.stage-code")
_TITLE_LEAD = Selector.parse("h1 span.lead")
_TIME_STEPS = Selector.parse("li.time-step")
_LISTED_STEPS = Selector.parse("ul.steps > li")


def _labelled_number(refine: Tag, label: str) -> int | str | None:
    """The value after a label such as "Edition :" in the general information, an int when it is one."""
    found = re.search(rf"{label}\s*:\s*(\S+)", text_of(refine))
    if found is None:
        return None
    value = found.group(1)
    return int(value) if value.isdigit() else value


def _status_and_stage(soup: BeautifulSoup, refine: Tag) -> tuple[str | None, str | None]:
    status_block = element_by_id(soup, "publicationStatus")
    if status_block is not None:
        stage_block = element_by_id(soup, "stageId")
        stage = _STAGE_IN_BRACKETS.search(text_of(stage_block)) if stage_block else None
        return text_of(status_block.find("span")) or None, stage.group(1) if stage else None
    status_label = next((s for s in refine.find_all("strong") if text_of(s).startswith("Status")), None)
    if status_label is None:
        raise PageLayoutError(
            "neither #publicationStatus (the current template) nor a 'Status :' label in ul.refine (the older one)"
        )
    status = text_of(status_label.find_next_sibling("span")) or None
    active = _ACTIVE_STAGE.first(soup)
    return status, text_of(active) or None


def _publication_date(soup: BeautifulSoup):
    released = text_of(element_with(soup, "itemprop", "releaseDate"))
    found = _MONTH.match(released)
    if found is None:
        return released or None
    return f"{found.group(1)}-{found.group(2)}-01"


def _title(nav: Tag | None) -> str | None:
    if nav is None:
        return None
    lead = _TITLE_LEAD.first(nav)
    if lead is not None:
        return text_of(lead)
    parts = [text_of(heading) for heading in nav.find_all(("h2", "h3", "h4"))]
    return " — ".join(part for part in parts if part) or None


def _reference(nav: Tag | None) -> str | None:
    heading = nav.find("h1") if nav else None
    if heading is None:
        return None
    return text_of(heading.find("span") or heading)


def _life_cycle(soup: BeautifulSoup) -> dict[str, list[int]]:
    """The ids under "Previously" and "Will be replaced by"; a page without those steps replaces nothing."""
    found = {field: [] for field in _STEPS.values()}
    lifecycle = element_by_id(soup, "lifecycle")
    steps = _TIME_STEPS.all(lifecycle) or _LISTED_STEPS.all(lifecycle) if lifecycle else []
    for step in steps:
        heading = step.find(("h4", "strong"))
        field = _STEPS.get(text_of(heading).lower()) if heading else None
        if field:
            ids = (href_id(a["href"], "standard") for a in step.find_all("a", href=True))
            found[field] += [i for i in ids if i is not None and i not in found[field]]
    return found


def parse_standard_page(html: str, url: str) -> ParsedPage:
    soup = read_page(html)
    refine = _GENERAL_INFORMATION.first(soup)
    if refine is None:
        raise PageLayoutError("no general information list (ul.refine: status, edition, committee) on the standard page")
    deliverable_id = subject_id(soup, url, "standard")
    status, stage = _status_and_stage(soup, refine)
    committee = first_link_id(refine, "committee")
    nav = page_heading(soup)
    payload = {
        "deliverable_id": deliverable_id,
        "committee_id": committee[0] if committee else None,
        "reference": _reference(nav),
        "title": _title(nav),
        "status": deliverable_status(status) if status else None,
        "stage": stage,
        "edition": _labelled_number(refine, "Edition"),
        "pages": _labelled_number(refine, "Number of pages"),
        "publication_date": _publication_date(soup),
        **_life_cycle(soup),
    }
    record = validate_record(Deliverable, payload, source_url=url)
    return ParsedPage(url=url, page_kind="standard", subject_id=deliverable_id, records=[record])
