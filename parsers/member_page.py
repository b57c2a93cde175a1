"""A member-body page (`/member/<id>.html`): one MemberBody.

The heading `nav` links the acronym to the page itself and names the body in
full; the labelled details give the country or territory, the kind of
membership, the website and the postal address (its line breaks kept).
"""

from __future__ import annotations

from casco_watch.parsers.html import main_content, first_link_id, labelled, page_heading, read_page, subject_id, text_of
from casco_watch.parsers.labels import reject_absorbed_labels
from casco_watch.parsers.page import PageLayoutError, ParsedPage
from casco_watch.schemas import MemberBody, validate_record

_MEMBERSHIP_TYPES = {
    "member body": "member_body",
    "correspondent member": "correspondent_member",
    "subscriber member": "subscriber_member",
}


def parse_member_page(html: str, url: str) -> ParsedPage:
    soup = read_page(html)
    nav = page_heading(soup)
    acronym = first_link_id(nav, "member")
    if acronym is None:
        raise PageLayoutError("no member-body acronym linked to a /member/<id>.html page in the page heading nav")
    member_id = subject_id(soup, url, "member")
    details = labelled(main_content(soup))
    membership = details["membership"].text if "membership" in details else None
    website = details.get("website")
    address = details.get("address")
    payload = {
        "member_id": member_id,
        "acronym": text_of(acronym[1]),
        "name": text_of(nav.find("h2")) or None,
        "country": details["country/territory"].text if "country/territory" in details else None,
        "membership_type": _MEMBERSHIP_TYPES.get(membership.lower(), membership) if membership else None,
        "address": address.html if address else None,
        "website": (website.link_href() or website.text) if website else None,
    }
    record = validate_record(MemberBody, payload, source_url=url)
    return ParsedPage(url=url, page_kind="member", subject_id=member_id, records=reject_absorbed_labels([record], url))
