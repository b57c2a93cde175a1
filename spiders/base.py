"""What every casco-watch spider tells the pipeline about its crawl, and how it reports lost pages."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

import scrapy
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from casco_watch.middlewares import LOSS_REASON
from casco_watch.schemas import PageFailure, PageKind


def parse_as_of(value: str | dt.date | None) -> dt.date | None:
    """The crawl's as-of date from a spider argument (YYYY-MM-DD)."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise ValueError(f"as_of must be a date like 2026-11-27, not {value!r}") from error


def describe_failure(failure: Failure, download_maxsize: int = 0) -> tuple[str, int | None]:
    """A lost request as (reason, HTTP status if the server answered), with why the crawl gave it up if it did.

    Some losses carry no message of their own: a body cut off at the size limit
    is a bare DownloadCancelledError, a redirect off the host a bare HTTP 302.
    """
    status = failure.value.response.status if failure.check(HttpError) else None
    if status is not None:
        reason = f"HTTP {status}"
    elif failure.check(IgnoreRequest):
        reason = failure.getErrorMessage() or "the request was dropped"
    elif failure.check(DownloadCancelledError):
        limit = failure.request.meta.get("download_maxsize", download_maxsize)
        reason = f"the response is larger than the download size limit{f' of {limit} bytes' if limit else ''} (DOWNLOAD_MAXSIZE)"
    else:
        message = failure.getErrorMessage().strip().rstrip(".")
        reason = f"{failure.type.__name__}: {message}" if message else failure.type.__name__
    loss = failure.request.meta.get(LOSS_REASON)
    return (f"{reason}; {loss}" if loss else reason), status


class CascoSpider(scrapy.Spider):
    """Base of all spiders: the attributes `pipeline.snapshot` reads to describe and judge a snapshot.

    `source_kind`, `source` and `scope` say where the data came from and what was
    asked for (snapshots are compared like with like); `page_kinds` says which
    pages the crawl reads, from which `covers` (the tables it fills) and the
    completeness checks follow.
    """

    source_kind: ClassVar[str]
    page_kinds: ClassVar[frozenset[PageKind]]
    covers: list[str]
    source: str
    scope: str
    committee_ids: tuple[int, ...] = ()
    as_of: dt.date | None = None

    def page_lost(self, failure: Failure):
        """Errback: a page that could not be read becomes a PageFailure, never a silent gap."""
        settings = getattr(self, "settings", None)
        reason, status = describe_failure(failure, settings.getint("DOWNLOAD_MAXSIZE") if settings else 0)
        request = failure.request
        yield PageFailure(url=request.url, page_kind=request.meta["page_kind"], reason=reason, http_status=status)
