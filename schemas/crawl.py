"""What a crawl says about itself, beside the records: pages read, pages lost, records refused.

These travel through Scrapy like records so that the pipeline can judge a
snapshot's completeness from evidence without ever looking at HTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from casco_watch.schemas.records import Committee, Deliverable, Liaison, MemberBody, Membership, Officer, Organization, Record, Subgroup
from casco_watch.schemas.vocabulary import LossCause, PageKind

MODELS_OF_PAGE: dict[PageKind, tuple[type[Record], ...]] = {
    PageKind.COMMITTEE: (Committee, Officer, Subgroup, Liaison),
    PageKind.PARTICIPATION: (Membership,),
    PageKind.MEMBER: (MemberBody,),
    PageKind.ORGANIZATION: (Organization,),
    PageKind.CATALOGUE: (Deliverable,),
    PageKind.STANDARD: (Deliverable,),
    PageKind.DATASET: (Committee, Membership, Liaison, MemberBody, Organization),
    PageKind.DELIVERABLES_DATASET: (Deliverable,),
}
"""The kinds of record each kind of page states: what a crawl of those pages covers, and what a lost page leaves out."""


class CrawlEvent(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PageVisit(CrawlEvent):
    """A page was fetched and parsed; `subject_id` is the committee, member or organization it is about."""

    url: str
    page_kind: PageKind
    subject_id: int | None = None
    http_status: int | None = None
    warc_record_id: str | None = None
    payload_digest: str | None = None


class PageFailure(CrawlEvent):
    """A page that should have been read was not: refused, lost, or not in the layout the parser knows.

    `cause` says why as a value, which advice is chosen by; `reason` says it in words, with the details."""

    url: str
    page_kind: PageKind
    cause: LossCause
    reason: str
    subject_id: int | None = None
    http_status: int | None = None
    warc_record_id: str | None = None
    payload_digest: str | None = None
    challenge: str | None = None
    """The bot wall (its vendor, e.g. Cloudflare) whose JavaScript challenge answered instead of the page: a cause
    no slower rate or other User-Agent removes (casco_watch.parsers.challenge)."""


class Reject(CrawlEvent):
    """A record that failed validation, kept whole with its errors so nothing is dropped silently."""

    record_type: str
    source_url: str | None = None
    line_number: int | None = None
    payload: dict[str, Any]
    errors: list[str]


class Conflict(CrawlEvent):
    """A source stated two different things about one committee: the parts named are not to be trusted.

    `tables` are the record tables whose facts disagree, for `committee_id`; `reason` names both statements.
    """

    reason: str
    committee_id: int
    tables: tuple[str, ...]


@dataclass(frozen=True)
class RecordBatch:
    """The records and rejects one page (or one dataset line) states, sent through Scrapy as one item.

    Scrapy's cost is per item (signals, middlewares, logging: about 0.1 ms each),
    so a dataset of 40,000 records goes through as 800 batches; the records
    inside were validated when they were built.
    """

    records: tuple[Record | Reject | Conflict, ...]
    visit: PageVisit | None = None


def validate_record(
    model: type[Record], payload: dict[str, Any], source_url: str | None = None, line_number: int | None = None
) -> Record | Reject:
    """The one gate every record passes: a valid model, or a Reject that says why."""
    try:
        return model.model_validate(payload)
    except ValidationError as error:
        return Reject(
            record_type=model.__name__,
            source_url=source_url,
            line_number=line_number,
            payload=payload,
            errors=[
                f"{'.'.join(map(str, e['loc'])) or model.__name__}: {e['msg']} (got {e.get('input')!r})"
                for e in error.errors()
            ],
        )
