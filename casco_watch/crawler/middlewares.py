"""Downloader middlewares that keep a crawl polite, bounded and honest about every page it gives up.

- BackoffRetryMiddleware: iso.org is reported to be flaky and to throttle
  scripted clients. Scrapy's RetryMiddleware re-queues at once; this one waits
  first (the server's Retry-After, else an exponential backoff, capped) and
  announces every wait with the `retry_waiting` signal. A Retry-After longer
  than CASCO_RETRY_AFTER_MAX is not waited for: the page is lost, saying so.
- RedirectGuardMiddleware: a redirect off the crawled site, or back into its own
  chain, is never followed; the page is lost with a reason naming the target.
- CrawlDeadlineMiddleware: CASCO_MAX_DURATION (`casco crawl --max-duration`)
  bounds a crawl. After it, every request is given up with that reason, so the
  snapshot's reasons say why pages are missing and it can never be complete.

A page given up on carries its cause and reason in `request.meta[LOSS_REASON]`
(a GaveUp), which `casco_watch.spiders.base.describe_failure` gives its PageFailure.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urljoin, urlparse

from scrapy.downloadermiddlewares.retry import RetryMiddleware, get_retry_request
from scrapy.exceptions import CannotResolveHostError, NotConfigured
from scrapy.utils.asyncio import sleep
from twisted.internet.error import DNSLookupError

from casco_watch.crawler.download import NO_NETWORK, backoff_seconds, retry_after_seconds
from casco_watch.schemas import LossCause
from casco_watch.spiders.base import LOSS_REASON, GaveUp, PageDropped, cause_of_exception, challenge_of

retry_waiting = object()
"""Signal sent before a retry waits: request, seconds, cause (what failed, a LossCause), http_status (the status
that failed, if one did), source ('Retry-After' or 'backoff'), retry (1, 2, ...) and retries (the most allowed)."""

_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


def seconds_left(crawler) -> float | None:
    """Seconds until the crawl's CASCO_MAX_DURATION runs out (counted from the spider's opening), or None if unbounded."""
    limit = crawler.settings.getfloat("CASCO_MAX_DURATION")
    started = crawler.stats.get_value("start_time")
    if not limit or started is None:
        return None
    return limit - (dt.datetime.now(dt.timezone.utc) - started).total_seconds()


class BackoffRetryMiddleware(RetryMiddleware):
    def __init__(self, settings):
        super().__init__(settings)
        self.backoff_base = settings.getfloat("CASCO_RETRY_BACKOFF_BASE")
        self.backoff_max = settings.getfloat("CASCO_RETRY_BACKOFF_MAX")
        self.retry_after_max = settings.getfloat("CASCO_RETRY_AFTER_MAX")

    async def process_response(self, request, response):
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        if challenge_of(response) is not None:
            return response  # a 503 challenge answers every retry alike: waiting only delays saying so
        advised = retry_after_seconds(response.headers.get(b"Retry-After"))
        if advised is not None and advised > self.retry_after_max:
            request.meta[LOSS_REASON] = GaveUp(
                LossCause.RETRY_AFTER_TOO_LONG,
                f"not retried: the server asked to wait {advised:.0f} s (Retry-After), longer than the "
                f"{self.retry_after_max:.0f} s this crawl waits (CASCO_RETRY_AFTER_MAX); try again later",
            )
            return response
        return await self._retry_after_wait(request, response.status, advised) or response

    async def process_exception(self, request, exception):
        if request.meta.get("dont_retry", False) or not isinstance(exception, self.exceptions_to_retry):
            return None
        if isinstance(exception, (CannotResolveHostError, DNSLookupError)):
            return self._dns_retry(request, exception)
        return await self._retry_after_wait(request, exception, None)

    def _dns_retry(self, request, exception):
        """A host that does not resolve is retried once, at once: waiting brings no network back."""
        retry = None
        if not request.meta.get("retry_times", 0):
            retry = get_retry_request(request, spider=self.crawler.spider, reason=exception, max_retry_times=1)
        if retry is None:
            request.meta[LOSS_REASON] = GaveUp(LossCause.NO_NETWORK, NO_NETWORK.format(host=urlparse(request.url).hostname))
        return retry

    async def _retry_after_wait(self, request, failure: Exception | int, advised: float | None):
        """The retry request once its wait is over, or None when retries are used up or the crawl's time runs out first."""
        retry = get_retry_request(
            request,
            spider=self.crawler.spider,
            reason=f"HTTP {failure}" if isinstance(failure, int) else failure,
            max_retry_times=request.meta.get("max_retry_times", self.max_retry_times),
            priority_adjust=request.meta.get("priority_adjust", self.priority_adjust),
            give_up_log_level=request.meta.get("give_up_log_level", self.give_up_log_level),
        )
        if retry is None:
            return None
        attempt = retry.meta["retry_times"]
        wait = advised if advised is not None else backoff_seconds(attempt, self.backoff_base, self.backoff_max)
        left = seconds_left(self.crawler)
        if left is not None and wait >= left:
            limit = self.crawler.settings.getfloat("CASCO_MAX_DURATION")
            request.meta[LOSS_REASON] = GaveUp(
                LossCause.TIME_LIMIT, f"not retried: the crawl's time limit of {limit:g} s (--max-duration) ends first")
            return None
        self.crawler.signals.send_catch_log(
            retry_waiting, request=request, seconds=wait,
            cause=LossCause.of_http_status(failure) if isinstance(failure, int) else cause_of_exception(failure),
            http_status=failure if isinstance(failure, int) else None,
            source="Retry-After" if advised is not None else "backoff",
            retry=attempt, retries=retry.meta.get("max_retry_times", self.max_retry_times),
        )
        await sleep(wait)
        return retry


def off_site(spider, url: str) -> bool:
    """Whether `url` lies outside the spider's allowed_domains (none: nothing is off the site)."""
    allowed = getattr(spider, "allowed_domains", None) or []
    host = urlparse(url).hostname or ""
    return bool(allowed) and not any(host == domain or host.endswith("." + domain) for domain in allowed)


def off_site_redirect(status: int, target: str) -> str:
    """The reason of a page whose redirect leads off the site."""
    return f"HTTP {status} redirect off the site to {target}, not followed"


class RedirectGuardMiddleware:
    """A redirect off the crawled site, or back to a page of its own chain, is a lost page with its reason.

    Scrapy drops both without calling the request's errback (OffsiteMiddleware
    filters the off-site target; the duplicate filter the page seen before), so
    the page would vanish from the crawl with nothing said. Runs before
    RedirectMiddleware sees the response.
    """

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_response(self, request, response):
        location = response.headers.get(b"Location")
        if response.status not in _REDIRECT_STATUSES or location is None or request.meta.get("dont_redirect"):
            return response
        target = urljoin(request.url, location.decode("latin-1"))
        if off_site(self.crawler.spider, target):
            raise PageDropped(LossCause.REDIRECT_OFF_SITE, off_site_redirect(response.status, target))
        chain = [*request.meta.get("redirect_urls", ()), request.url]
        if target in chain:
            raise PageDropped(LossCause.REDIRECT_LOOP,
                              f"HTTP {response.status} redirect loop: {' -> '.join([*chain, target])}")
        return response


class CrawlDeadlineMiddleware:
    """After CASCO_MAX_DURATION, requests are given up at once; before it, no download is allowed to outlast it."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.limit = crawler.settings.getfloat("CASCO_MAX_DURATION")

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getfloat("CASCO_MAX_DURATION"):
            raise NotConfigured
        return cls(crawler)

    def process_request(self, request):
        left = seconds_left(self.crawler)
        if left is None:
            return
        if left <= 0:
            raise PageDropped(LossCause.TIME_LIMIT,
                              f"not read: the crawl reached its time limit of {self.limit:g} s (--max-duration)")
        request.meta["download_timeout"] = min(request.meta.get("download_timeout", left), left)
