"""The browser route: pages fetched through a real Chromium, for a site that stands behind a JavaScript challenge.

iso.org is reported to sit behind Cloudflare, whose challenge only a client
that runs JavaScript and keeps cookies passes. With `casco crawl --browser`
every request goes through the Chromium installed on the machine, driven by
Playwright through scrapy-playwright; the spiders, parsers, checks, archive and
progress are the same as for a plain crawl. Politeness is the same too: the
requests still pass Scrapy's scheduler, robots.txt, delays and AutoThrottle,
and the browser loads no images, media or fonts.

A page showing a challenge is given CASCO_CHALLENGE_WAIT seconds to clear (the
challenge's own script answers and reloads); then it is lost with the
challenge as its cause. What reaches the spider is the page's final navigation
response as the network gave it: its status, headers and body, not the
browser's rendering. The crawl's archive holds it and every other response the
page received from the crawled host (the challenge, its answer), so a replay or
reparse serves each URL's newest, as for a capture of another tool. No stealth, no fingerprint
spoofing, no CAPTCHA solving: a real browser at a polite pace, or a person with
`--headed` and a kept profile (`--browser-profile`).

This module finds the browser and makes the settings, without Scrapy (the CLI
checks its options before a crawl starts); casco_watch/crawler/browser_middlewares.py
is Scrapy's side.
"""

from __future__ import annotations

import shutil
from pathlib import Path

BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome")
"""Looked for on PATH, in this order, when no --browser-path is given."""
INSTALL_ADVICE = ("install Chromium (apt install chromium, or playwright install chromium where the network allows) "
                  "or name a Chromium-based browser with --browser-path")
DEFAULT_CHALLENGE_WAIT = 30.0
SKIPPED_RESOURCES = frozenset({"image", "media", "font"})
"""What the browser does not fetch: nothing a parser or a challenge needs, and it spares the site."""


def find_browser(path: str | None = None) -> str | None:
    """The browser executable to drive: `path` if it names one, else the first of BROWSER_NAMES on PATH."""
    if path:
        return shutil.which(path)
    return next(filter(None, map(shutil.which, BROWSER_NAMES)), None)


def browser_settings(executable: str, *, profile: Path | None = None, headed: bool = False,
                     challenge_wait: float = DEFAULT_CHALLENGE_WAIT) -> dict[str, object]:
    """The Scrapy settings of a crawl through the browser at `executable` (plain values: a crawl job sends them as JSON)."""
    launch = {"executable_path": executable, "headless": not headed}
    handler = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"
    settings: dict[str, object] = {
        "CASCO_BROWSER": True,
        "CASCO_CHALLENGE_WAIT": challenge_wait,
        "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
        "DOWNLOAD_HANDLERS": {"http": handler, "https": handler},
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": launch,
        "PLAYWRIGHT_ABORT_REQUEST": "casco_watch.crawler.browser.skipped",
    }
    if profile is not None:
        settings["CASCO_BROWSER_CONTEXT"] = {"user_data_dir": str(profile.resolve()), **launch}
    return settings


def skipped(request) -> bool:
    """PLAYWRIGHT_ABORT_REQUEST: a subresource the browser does not fetch."""
    return request.resource_type in SKIPPED_RESOURCES
