"""What every casco-watch spider tells the pipeline about its crawl, and how it reports lost pages."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from casco_watch.schemas import PageFailure, PageKind


def parse_as_of(value: str | dt.date | None) -> dt.date | None:
    """The crawl's as-of date from a spider argument (YYYY-MM-DD)."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise ValueError(f"as_of must be a date like 2026-11-27, not {value!r}") from error


def describe_failure(failure: Failure) -> tuple[str, int | None]:
    """A lost request as (reason, HTTP status if the server answered)."""
    if failure.check(HttpError):
        status = failure.value.response.status
        return f"HTTP {status}", status
    if failure.check(IgnoreRequest):
        return failure.getErrorMessage(), None
    causes = getattr(failure.value.__cause__, "reasons", None)
    if causes:  # Twisted's ResponseFailed, whose message is a list of Failure reprs
        message = "; ".join(f"{cause.type.__name__}: {cause.getErrorMessage()}" for cause in causes)
    else:
        message = failure.getErrorMessage()
    return f"{failure.type.__name__}: {message}", None


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
        reason, status = describe_failure(failure)
        request = failure.request
        yield PageFailure(
            url=request.url,
            page_kind=request.meta["page_kind"],
            subject_id=request.meta.get("subject_id"),
            reason=reason,
            http_status=status,
        )
