"""The `casco` spider as it was before its parser learned the officer label "Committee Manager".

A crawl run with SPIDER_MODULES set to this module stores what that older parser made of the pages: every
committee manager rejected as an unknown officer label, as today's parser rejects a label it does not know.
Re-parsing the crawl's archive with the project's own spiders must then give today's records.
"""

from casco_watch.parsers.committee_page import parse_committee_page
from casco_watch.parsers.page import ParsedPage
from casco_watch.schemas import Officer, Reject
from casco_watch.spiders.iso_site import FullSnapshotSpider

UNKNOWN_BEFORE = "Committee Manager"


def parse_committee_page_before_committee_managers(html: str, url: str) -> ParsedPage:
    page = parse_committee_page(html, url)
    records = [
        Reject(record_type="Officer", source_url=url, payload=record.model_dump(),
               errors=[f"role: unknown officer label {UNKNOWN_BEFORE!r}"])
        if isinstance(record, Officer) and record.role == "committee_manager" else record
        for record in page.records
    ]
    return ParsedPage(page.url, page.page_kind, page.subject_id, records)


class CascoSpiderBeforeCommitteeManagers(FullSnapshotSpider):
    def _read(self, response, parser):
        older = parse_committee_page_before_committee_managers if parser is parse_committee_page else parser
        return super()._read(response, older)
