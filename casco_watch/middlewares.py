"""Retries that back off: iso.org is reported to be flaky and to throttle scripted clients.

Scrapy's RetryMiddleware re-queues at once. This one waits first: the server's
Retry-After when it sends one, else an exponential backoff, capped.
RedirectGuardMiddleware reports the redirects Scrapy would drop without a word.
"""

from __future__ import annotations

import datetime as dt
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlparse

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.asyncio import sleep
from scrapy.utils.response import response_status_message

_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


def retry_after_seconds(header: bytes | str | None, now: dt.datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date), or None."""
    if not header:
        return None
    value = header.decode("latin-1") if isinstance(header, bytes) else header
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    now = now or dt.datetime.now(dt.timezone.utc)
    return max(0.0, (when - now).total_seconds())


class BackoffRetryMiddleware(RetryMiddleware):
    def __init__(self, settings):
        super().__init__(settings)
        self.backoff_base = settings.getfloat("CASCO_RETRY_BACKOFF_BASE", 2.0)
        self.backoff_max = settings.getfloat("CASCO_RETRY_BACKOFF_MAX", 120.0)

    def _delay(self, retry_request, response=None) -> float:
        advised = retry_after_seconds(response.headers.get(b"Retry-After")) if response is not None else None
        exponential = self.backoff_base * 2 ** (retry_request.meta.get("retry_times", 1) - 1)
        return min(self.backoff_max, advised if advised is not None else exponential)

    async def process_response(self, request, response):
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        retry_request = self._retry(request, response_status_message(response.status))
        if retry_request is None:
            return response
        await sleep(self._delay(retry_request, response))
        return retry_request

    async def process_exception(self, request, exception):
        if request.meta.get("dont_retry", False) or not isinstance(exception, self.exceptions_to_retry):
            return None
        retry_request = self._retry(request, exception)
        if retry_request is not None:
            await sleep(self._delay(retry_request))
        return retry_request


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
        allowed = getattr(self.crawler.spider, "allowed_domains", None) or []
        host = urlparse(target).hostname or ""
        if allowed and not any(host == domain or host.endswith("." + domain) for domain in allowed):
            raise IgnoreRequest(f"HTTP {response.status} redirect off the site to {target}, not followed")
        chain = [*request.meta.get("redirect_urls", ()), request.url]
        if target in chain:
            raise IgnoreRequest(f"HTTP {response.status} redirect loop: {' -> '.join([*chain, target])}")
        return response
