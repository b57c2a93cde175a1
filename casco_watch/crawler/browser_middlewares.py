"""Scrapy's side of the browser route (casco_watch/crawler/browser.py): every request through the browser, and what the
network gave it handed on.

Nothing the browser asks for leaves the crawled host (the host of the request a page is fetched for), but
for the hosts a known challenge is solved on (casco_watch.parsers.challenge.CHALLENGE_HOSTS): iso.org's pages
load scripts from third parties (cdn.cookielaw.org), which the crawl has no business asking.

BrowserPages sits closer to the download handler than ArchiveRecorder, so the archive records the final
navigation's status, headers and body, exactly as a plain crawl records its responses; every other response
the page received from the crawled host (a challenge's interstitial, its answer) goes with it, in
request.meta[BROWSER_EXCHANGES], to be archived before it.

Playwright is imported where the browser route uses it: Scrapy imports this module for every crawl (BrowserPages
is in DOWNLOADER_MIDDLEWARES), and Playwright's import cost a plain crawl 0.1 s CPU.
"""

from __future__ import annotations

import asyncio
import logging
import time
from urllib.parse import urlsplit

from scrapy.exceptions import NotConfigured
from scrapy.http import Headers
from scrapy.responsetypes import responsetypes

from casco_watch.archives.crawl_archive import RecordedRequest, RecordedResponse, decoded_body_headers
from casco_watch.crawler.archive_middlewares import BROWSER_EXCHANGES, recorded_request
from casco_watch.crawler.middlewares import off_site, off_site_redirect
from casco_watch.parsers.challenge import find_challenge, is_challenge_host
from casco_watch.schemas import LossCause
from casco_watch.spiders.base import LOSS_REASON, GaveUp, PageDropped

logger = logging.getLogger(__name__)

_VISIT = "casco_browser_visit"
OFF_HOST_STAT = "casco/browser/off_host_aborted"
"""Requests of the browser aborted because their host was not the crawled one."""


async def _redirects(request) -> list[tuple[int, str]]:
    """The redirects that led to `request`, as (status, target), first first."""
    hops = []
    while (previous := request.redirected_from) is not None:
        answer = await previous.response()
        hops.insert(0, (answer.status if answer else 0, request.url))
        request = previous
    return hops


def _header_pairs(pairs: list[dict]) -> list[tuple[str, str]]:
    return [(pair["name"], pair["value"]) for pair in pairs]


async def _exchange(response) -> tuple[object, RecordedRequest, RecordedResponse] | None:
    """A response of the page as the archive records it (a redirect, whose body no browser keeps, with none);
    None if the page was closed before it could be read."""
    from playwright.async_api import Error as PlaywrightError

    asked = response.request
    try:
        try:
            body = b"" if asked.redirected_to is not None else await response.body()
        except PlaywrightError:  # the page went on before its body was read
            body = b""
        sent = _header_pairs(await asked.headers_array())
        headers = decoded_body_headers(_header_pairs(await response.headers_array()))
    except PlaywrightError:
        return None
    request = recorded_request(asked.method, asked.url, sent, asked.post_data_buffer or b"")
    return response, request, RecordedResponse(response.status, headers, body)


class BrowserVisit:
    """One request's page in the browser: its main-frame navigations, and the response that settles it.

    `on_response` listens to the page from before its navigation; `settle` runs once the first document
    has loaded, and waits (at most `challenge_wait` seconds) while the latest navigation is a challenge.
    """

    def __init__(self, challenge_wait: float, host: str | None):
        self.challenge_wait = challenge_wait
        self.host = host
        self.received: list[asyncio.Task] = []
        """Every response from the crawled host, being read for the archive."""
        self.navigations: list = []
        self.redirects: list[tuple[int, str]] = []
        """The redirects the browser followed to the final navigation: status and target, in order."""
        self.arrived = asyncio.Event()
        self.final: tuple[str, int, list[tuple[str, str]], bytes] | None = None
        self.final_response = None
        self.gave_up = False

    def on_response(self, response) -> None:
        if urlsplit(response.url).hostname == self.host:
            self.received.append(asyncio.ensure_future(_exchange(response)))
        if response.request.is_navigation_request() and response.frame.parent_frame is None:
            self.navigations.append(response)
            self.arrived.set()

    async def settle(self, page) -> None:
        try:
            await self._settle(page)
        finally:
            await asyncio.gather(*self.received)

    def earlier_exchanges(self) -> list[tuple[RecordedRequest, RecordedResponse]]:
        """The page's responses from the crawled host but the final one, in the order they arrived."""
        done = [task.result() for task in self.received if task.done()]
        return [(request, response) for source, request, response in filter(None, done) if source is not self.final_response]

    async def _settle(self, page) -> None:
        from playwright.async_api import Error as PlaywrightError

        deadline = time.monotonic() + self.challenge_wait
        while self.navigations:
            seen = len(self.navigations)
            response = self.navigations[-1]
            if response.request.redirected_to is not None:  # the redirect's target is on its way
                await self._next_navigation(seen, deadline)
                continue
            try:
                headers = decoded_body_headers(_header_pairs(await response.headers_array()))
                body = await response.body()
            except PlaywrightError:
                if len(self.navigations) > seen:  # the challenge cleared and reloaded the page before its body was read
                    continue
                raise
            self.final = (response.url, response.status, headers, body)
            self.final_response = response
            self.redirects = await _redirects(response.request)
            if find_challenge(response.status, headers, body) is None or not await self._next_navigation(seen, deadline):
                return
            await page.wait_for_load_state()

    async def _next_navigation(self, seen: int, deadline: float) -> bool:
        """Wait for a navigation after the first `seen`, until the deadline; False (and gave_up) if none came."""
        while len(self.navigations) == seen:
            self.arrived.clear()
            try:
                await asyncio.wait_for(self.arrived.wait(), max(0.0, deadline - time.monotonic()))
            except TimeoutError:
                self.gave_up = True
                return False
        return True


class BrowserPages:
    """Downloader middleware: sends every request through the browser (on with CASCO_BROWSER), and hands on
    the final navigation response of its page."""

    def __init__(self, crawler, challenge_wait: float, download_timeout: float, download_maxsize: int, context: dict):
        self.crawler = crawler
        self.stats = crawler.stats
        self.context = context
        self.challenge_wait = challenge_wait
        self.download_timeout = download_timeout
        self.download_maxsize = download_maxsize

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        if not settings.getbool("CASCO_BROWSER") or settings.get("CASCO_REPLAY"):
            raise NotConfigured
        return cls(crawler, settings.getfloat("CASCO_CHALLENGE_WAIT"), settings.getfloat("DOWNLOAD_TIMEOUT"),
                   settings.getint("DOWNLOAD_MAXSIZE"), settings.getdict("CASCO_BROWSER_CONTEXT"))

    def process_request(self, request):
        from scrapy_playwright.page import PageMethod

        visit = BrowserVisit(self.challenge_wait, urlsplit(request.url).hostname)
        timeout = request.meta.get("download_timeout", self.download_timeout)
        request.meta.update({
            "playwright": True,
            _VISIT: visit,
            "playwright_page_event_handlers": {"response": visit.on_response},
            "playwright_page_methods": [PageMethod(visit.settle)],
            "playwright_page_init_callback": self.keep_on_host,
            "playwright_page_goto_kwargs": {"timeout": timeout * 1000},
            # With the request, not in PLAYWRIGHT_CONTEXTS: the first request can come before the startup
            # contexts exist, and would then open a context of its own, without the profile.
            "playwright_context_kwargs": self.context,
        })

    async def keep_on_host(self, page, request) -> None:
        """Abort whatever the page asks of another host than `request`'s, but a challenge's; the rest goes on to
        scrapy-playwright's own route (Playwright tries the routes added last first)."""
        crawled = urlsplit(request.url).hostname

        async def route(route, asked) -> None:
            host = urlsplit(asked.url).hostname or ""
            if host == crawled or is_challenge_host(host):
                await route.fallback()
                return
            if not self.stats.get_value(f"{OFF_HOST_STAT}/{host}"):
                logger.info("The browser was kept from %s (not the crawled host %s); it fetches nothing off the site",
                            host, crawled)
            self.stats.inc_value(OFF_HOST_STAT)
            self.stats.inc_value(f"{OFF_HOST_STAT}/{host}")
            await route.abort()

        await page.route("**", route)

    def process_response(self, request, response):
        visit: BrowserVisit | None = request.meta.get(_VISIT)
        if visit is None or visit.final is None or "playwright" not in response.flags:
            return response
        off = next(((status, target) for status, target in visit.redirects if off_site(self.crawler.spider, target)), None)
        if off is not None:
            raise PageDropped(LossCause.REDIRECT_OFF_SITE, off_site_redirect(*off))
        request.meta[BROWSER_EXCHANGES] = visit.earlier_exchanges()
        url, status, pairs, body = visit.final
        limit = request.meta.get("download_maxsize", self.download_maxsize)
        if limit and len(body) > limit:
            raise PageDropped(LossCause.TOO_LARGE,
                              f"the response is larger than the download size limit of {limit} bytes (DOWNLOAD_MAXSIZE)")
        if visit.gave_up:
            request.meta[LOSS_REASON] = GaveUp(LossCause.CHALLENGE, f"the browser waited {self.challenge_wait:g} s for "
                                               "the challenge to clear (--challenge-wait), then gave up")
        headers = Headers()
        for name, value in pairs:
            headers.appendlist(name, value)
        response_class = responsetypes.from_args(headers=headers, url=url, body=body)
        return response_class(url=url, status=status, headers=headers, body=body, request=request,
                              protocol=response.protocol, ip_address=response.ip_address, flags=response.flags)
