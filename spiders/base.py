"""What every casco-watch spider tells the pipeline about its crawl, and how it reports lost pages."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from typing import ClassVar, NamedTuple

import scrapy
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as twisted_errors
from twisted.python.failure import Failure
from twisted.web.client import ResponseFailed

from casco_watch.parsers.challenge import Challenge, find_challenge
from casco_watch.schemas import LossCause, PageFailure, PageKind, PageVisit, RecordBatch, SourceKind

PageEvent = PageVisit | PageFailure | RecordBatch


ARCHIVED_COPY_META = ("warc_record_id", "payload_digest")
"""request.meta keys naming a response's record in the archive (set by casco_watch.crawler.archive_middlewares);
the spiders copy them onto page events."""

LOSS_REASON = "casco_loss_reason"
"""request.meta key: why the crawl gave this page up, a GaveUp (set by casco_watch.crawler.middlewares), added to its
PageFailure."""

crawl_warning = object()
"""Signal a spider sends with `message`: something the person running the crawl should read, though the data
is whole (`casco crawl` prints it as `casco: warning: ...`); it is logged too."""


class GaveUp(NamedTuple):
    """Why the crawl gave a page up when it did (the page's cause), and that in words (added to its reason)."""

    cause: LossCause
    reason: str


class PageDropped(IgnoreRequest):
    """A request the crawl drops for `cause` (a redirect off the site, its time limit, ...); the message says why."""

    def __init__(self, cause: LossCause, reason: str):
        super().__init__(reason)
        self.cause = cause


class NotInArchive(IgnoreRequest):
    """In a replay, a request the archive holds no response for: a page the original crawl never read."""


class NotInCapture(NotInArchive):
    """In a replay of another tool's capture, a page the person or tool recording it never opened."""


_CAUSE_OF_EXCEPTION: tuple[tuple[tuple[type[BaseException], ...], LossCause], ...] = (
    ((CannotResolveHostError, twisted_errors.DNSLookupError), LossCause.NO_NETWORK),
    ((DownloadConnectionRefusedError, twisted_errors.ConnectionRefusedError), LossCause.CONNECTION_REFUSED),
    ((twisted_errors.TCPTimedOutError,), LossCause.UNREACHABLE),
    ((DownloadTimeoutError, twisted_errors.TimeoutError), LossCause.TIMEOUT),
    ((DownloadFailedError, ResponseDataLossError, ResponseFailed, twisted_errors.ConnectionLost), LossCause.CONNECTION_LOST),
    ((DownloadCancelledError,), LossCause.TOO_LARGE),
)
"""What each download exception means, first match wins (Scrapy 2.19 wraps Twisted's in its own)."""


def cause_of_exception(exception: BaseException) -> LossCause:
    """The cause of a page lost to a download exception (not to an HTTP status)."""
    return next((cause for kinds, cause in _CAUSE_OF_EXCEPTION if isinstance(exception, kinds)), LossCause.OTHER)


def parse_as_of(value: str | dt.date | None) -> dt.date | None:
    """The crawl's as-of date from a spider argument (YYYY-MM-DD)."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise ValueError(f"as_of must be a date like 2026-11-27, not {value!r}") from error


class Loss(NamedTuple):
    cause: LossCause
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
    """A lost request: its cause and reason, its HTTP status if the server answered, and the bot wall's challenge if
    it met one; the cause and reason are why the crawl gave it up, if it did (a challenge's stays a challenge).

    Some losses carry no message of their own: a body cut off at the size limit
    is a bare DownloadCancelledError.
    """
    status = failure.value.response.status if failure.check(HttpError) else None
    challenge = challenge_of(failure.value.response) if status is not None else None
    causes = getattr(failure.value.__cause__, "reasons", None)
    if challenge is not None:
        cause, reason = LossCause.CHALLENGE, challenge_reason(challenge, status)
    elif status is not None:
        cause, reason = LossCause.of_http_status(status), f"HTTP {status}"
    elif failure.check(NotInCapture):
        cause, reason = LossCause.NOT_IN_CAPTURE, "not in the capture"
    elif failure.check(NotInArchive):
        cause, reason = LossCause.NOT_IN_ARCHIVE, "not in the archive"
    elif failure.check(PageDropped):
        cause, reason = failure.value.cause, failure.getErrorMessage()
    elif failure.check(IgnoreRequest):
        cause, reason = LossCause.DROPPED, failure.getErrorMessage() or "the request was dropped"
    elif failure.check(DownloadCancelledError):
        limit = failure.request.meta.get("download_maxsize", download_maxsize)
        cause = LossCause.TOO_LARGE
        reason = f"the response is larger than the download size limit{f' of {limit} bytes' if limit else ''} (DOWNLOAD_MAXSIZE)"
    elif causes:  # Twisted's ResponseFailed, whose message is a list of Failure reprs
        cause = cause_of_exception(failure.value)
        reason = f"{failure.type.__name__}: " + "; ".join(
            f"{inner.type.__name__}: {inner.getErrorMessage()}" for inner in causes)
    else:
        message = failure.getErrorMessage().strip().rstrip(".")
        cause = cause_of_exception(failure.value)
        reason = f"{failure.type.__name__}: {message}" if message else failure.type.__name__
    gave_up = failure.request.meta.get(LOSS_REASON)
    if gave_up is not None and challenge is None:
        cause = gave_up.cause
    return Loss(cause, with_loss_reason(reason, failure.request.meta), status, challenge)


def with_loss_reason(reason: str, meta: dict) -> str:
    """The reason, followed by why the crawl gave the page up when it did (request.meta[LOSS_REASON])."""
    gave_up = meta.get(LOSS_REASON)
    return f"{reason}; {gave_up.reason}" if gave_up else reason


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

    source_kind: ClassVar[SourceKind]
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
            cause=loss.cause,
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
