"""What every casco-watch spider tells the pipeline about its crawl, and how it reports lost pages."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from typing import ClassVar, NamedTuple

import scrapy
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from casco_watch.parsers.challenge import Challenge, find_challenge
from casco_watch.schemas import PageFailure, PageKind, PageVisit, RecordBatch

PageEvent = PageVisit | PageFailure | RecordBatch


ARCHIVED_COPY_META = ("warc_record_id", "payload_digest")
"""request.meta keys naming a response's record in the archive (set by casco_watch.crawler.archive_middlewares);
the spiders copy them onto page events."""

LOSS_REASON = "casco_loss_reason"
"""request.meta key: why the crawl gave this page up (set by casco_watch.crawler.middlewares), added to its PageFailure."""

crawl_warning = object()
"""Signal a spider sends with `message`: something the person running the crawl should read, though the data
is whole (`casco crawl` prints it as `casco: warning: ...`); it is logged too."""


class NotInArchive(IgnoreRequest):
    """In a replay, a request the archive holds no response for: a page the original crawl never read."""


class NotInCapture(NotInArchive):
    """In a replay of another tool's capture, a page the person or tool recording it never opened."""


def parse_as_of(value: str | dt.date | None) -> dt.date | None:
    """The crawl's as-of date from a spider argument (YYYY-MM-DD)."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise ValueError(f"as_of must be a date like 2026-11-27, not {value!r}") from error


class Loss(NamedTuple):
    reason: str
    http_status: int | None
    challenge: Challenge | None


def challenge_of(response) -> Challenge | None:
    """The bot wall's challenge a Scrapy response is, if it is one."""
    headers = [(name.decode("latin-1"), value.decode("latin-1")) for name, values in response.headers.items() for value in values]
    return find_challenge(response.status, headers, response.body)


def challenge_reason(challenge: Challenge, status: int) -> str:
    return f"{challenge.describe()}: HTTP {status}, {challenge.marker}"


def describe_failure(failure: Failure, download_maxsize: int = 0) -> Loss:
    """A lost request: its reason, its HTTP status if the server answered, and the bot wall's challenge if it met one;
    the reason says why the crawl gave it up if it did.

    Some losses carry no message of their own: a body cut off at the size limit
    is a bare DownloadCancelledError.
    """
    status = failure.value.response.status if failure.check(HttpError) else None
    challenge = challenge_of(failure.value.response) if status is not None else None
    causes = getattr(failure.value.__cause__, "reasons", None)
    if challenge is not None:
        reason = challenge_reason(challenge, status)
    elif status is not None:
        reason = f"HTTP {status}"
    elif failure.check(NotInCapture):
        reason = "not in the capture"
    elif failure.check(NotInArchive):
        reason = "not in the archive"
    elif failure.check(IgnoreRequest):
        reason = failure.getErrorMessage() or "the request was dropped"
    elif failure.check(DownloadCancelledError):
        limit = failure.request.meta.get("download_maxsize", download_maxsize)
        reason = f"the response is larger than the download size limit{f' of {limit} bytes' if limit else ''} (DOWNLOAD_MAXSIZE)"
    elif causes:  # Twisted's ResponseFailed, whose message is a list of Failure reprs
        reason = f"{failure.type.__name__}: " + "; ".join(
            f"{cause.type.__name__}: {cause.getErrorMessage()}" for cause in causes)
    else:
        message = failure.getErrorMessage().strip().rstrip(".")
        reason = f"{failure.type.__name__}: {message}" if message else failure.type.__name__
    return Loss(with_loss_reason(reason, failure.request.meta), status, challenge)


def with_loss_reason(reason: str, meta: dict) -> str:
    """The reason, followed by why the crawl gave the page up when it did (request.meta[LOSS_REASON])."""
    loss = meta.get(LOSS_REASON)
    return f"{reason}; {loss}" if loss else reason


class CascoSpider(scrapy.Spider):
    """Base of all spiders: the attributes `pipeline.snapshot` reads to describe and judge a snapshot.

    `source_kind`, `source` and `scope` say where the data came from and what was
    asked for (snapshots are compared like with like); `page_kinds` says which
    pages the crawl reads, from which `covers` (the tables it fills) and the
    completeness checks follow. `archive`, `derivation`, `derived_from` and
    `content_digest` (the sha256 of a replayed capture) are set by the archive middlewares (casco_watch.crawler.archive_middlewares);
    `arguments` are the spider arguments as given, which an archive records so
    that a replay asks for the same pages.
    """

    source_kind: ClassVar[str]
    page_kinds: frozenset[PageKind]
    covers: list[str]
    source: str
    scope: str
    committee_ids: tuple[int, ...] = ()
    as_of: dt.date | None = None
    arguments: dict[str, str] = {}
    archive: str | None = None
    derivation: str | None = None
    derived_from: int | None = None
    content_digest: str | None = None

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.arguments = {name: value if isinstance(value, str) else json.dumps(value) for name, value in kwargs.items()}
        return spider

    def page_lost(self, failure: Failure):
        """Errback: a page that could not be read becomes a PageFailure, never a silent gap."""
        settings = getattr(self, "settings", None)
        loss = describe_failure(failure, settings.getint("DOWNLOAD_MAXSIZE") if settings else 0)
        request = failure.request
        lost = PageFailure(
            url=request.url,
            page_kind=request.meta["page_kind"],
            subject_id=request.meta.get("subject_id"),
            reason=loss.reason,
            http_status=loss.http_status,
            challenge=loss.challenge and loss.challenge.vendor,
        )
        yield archived(lost, failure.value.response) if failure.check(HttpError) else lost


def archived(event: PageEvent, response) -> PageEvent:
    """The page event (a RecordBatch's visit, or a PageFailure) with the response's HTTP status and archived copy.

    The archive middlewares leave the copy's WARC record id and payload digest in request.meta.
    """
    stamp = {"http_status": response.status, **{name: response.meta.get(name) for name in ARCHIVED_COPY_META}}
    if isinstance(event, RecordBatch):
        return replace(event, visit=event.visit.model_copy(update=stamp)) if event.visit is not None else event
    return event.model_copy(update=stamp)
