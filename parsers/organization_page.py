"""An organization-in-liaison page (`/organization/<id>.html`): one Organization.

The heading `nav` carries the acronym (`h1`) and the full name (`h2`); the
labelled details give the country.
"""

from __future__ import annotations

from casco_watch.parsers.html import main_content, labelled, page_heading, read_page, subject_id, text_of
from casco_watch.parsers.labels import reject_absorbed_labels
from casco_watch.parsers.page import PageLayoutError, ParsedPage
from casco_watch.schemas import Organization, validate_record


def parse_organization_page(html: str, url: str) -> ParsedPage:
    soup = read_page(html)
    nav = page_heading(soup)
    acronym = nav.find("h1") if nav else None
    if acronym is None:
        raise PageLayoutError("no organization acronym (h1) in the page heading nav")
    organization_id = subject_id(soup, url, "organization")
    country = labelled(main_content(soup)).get("country/territory")
    payload = {
        "organization_id": organization_id,
        "acronym": text_of(acronym),
        "name": text_of(nav.find("h2")) or None,
        "country": country.text if country else None,
    }
    record = validate_record(Organization, payload, source_url=url)
    return ParsedPage(url=url, page_kind="organization", subject_id=organization_id, records=reject_absorbed_labels([record], url))
