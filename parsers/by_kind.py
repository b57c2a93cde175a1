"""Which parser reads which kind of iso.org page: for code that parses pages without a spider choosing a callback
(re-reading pages, benchmarks, tests)."""

from __future__ import annotations

from typing import Callable

from casco_watch.parsers.catalogue_page import parse_catalogue_page
from casco_watch.parsers.committee_page import parse_committee_page
from casco_watch.parsers.member_page import parse_member_page
from casco_watch.parsers.organization_page import parse_organization_page
from casco_watch.parsers.page import ParsedPage
from casco_watch.parsers.participation_page import parse_participation_page
from casco_watch.parsers.standard_page import parse_standard_page

PAGE_PARSERS: dict[str, Callable[[str, str], ParsedPage]] = {
    "committee": parse_committee_page,
    "participation": parse_participation_page,
    "catalogue": parse_catalogue_page,
    "member": parse_member_page,
    "organization": parse_organization_page,
    "standard": parse_standard_page,
}
"""By page kind (schemas.PageKind's page values): each parser takes the page's HTML and the URL it came from."""
