"""One crawl request, built in one place and checked once, then only read.

A crawl used to be put together in pieces: settings dicts assembled by each command and by the demo, its
date checked in several places, the spider built in the parent for the plan and again in the child. A
`CrawlRequest` now carries everything a crawl needs (spider, arguments, settings, database, the file a replay
reads) and is checked when it is made; the plan, the child process and the report all read the same value.
`crawl_settings` is the one place options become Scrapy settings, `site_crawl` the one builder of a crawl of
iso.org (or a copy of it). Nothing here imports click or Scrapy: the library's `crawl` makes its requests here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from casco_watch.pipeline.commit import refuse_future_date
from casco_watch.pipeline.store import WRITER_LOCK_TIMEOUT
from casco_watch.runner.crawl_options import CrawlArgumentError, check_writable_database, site_url
from casco_watch.spiders import CASCO_BASE_URL, CASCO_COMMITTEE_ID


def as_of_date(value: str | dt.date) -> dt.date:
    """The one check of a crawl's date: a day like 2026-11-27 that has happened (FutureDateError otherwise)."""
    if isinstance(value, dt.date):
        day = value
    else:
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            raise CrawlArgumentError(f"expected a date like 2026-11-27, not {value!r}", "--as-of") from None
    refuse_future_date(day)
    return day


@dataclass(frozen=True)
class CrawlRequest:
    """A crawl to run: the spider, its arguments, its settings and the database its snapshot goes to.

    `reading`: the archive or capture a replay or re-parse reads instead of the network.
    """

    db: Path
    spider: str = "casco"
    spider_args: Mapping[str, str] = field(default_factory=dict)
    settings: Mapping[str, object] = field(default_factory=dict)
    reading: Path | None = None

    def __post_init__(self) -> None:
        args = {name: str(value) for name, value in self.spider_args.items() if value is not None}
        if "as_of" in args:
            args["as_of"] = as_of_date(args["as_of"]).isoformat()
        object.__setattr__(self, "db", Path(self.db))
        object.__setattr__(self, "spider_args", MappingProxyType(args))
        object.__setattr__(self, "settings", MappingProxyType(dict(self.settings)))

    @property
    def max_duration(self) -> float:
        return float(self.settings.get("CASCO_MAX_DURATION") or 0)

    def child_settings(self) -> dict[str, object]:
        """The settings the child's Scrapy runs with: the request's, and its database."""
        return {**self.settings, "CASCO_DB": str(self.db)}

    def to_json(self) -> dict:
        return {"db": str(self.db), "spider": self.spider, "spider_args": dict(self.spider_args),
                "settings": dict(self.settings), "reading": None if self.reading is None else str(self.reading)}

    @classmethod
    def from_json(cls, data: dict) -> CrawlRequest:
        reading = data.get("reading")
        return cls(Path(data["db"]), data["spider"], data["spider_args"], data["settings"],
                   None if reading is None else Path(reading))


def crawl_settings(
    *,
    delay: float | None = None,
    max_duration: float | None = None,
    user_agent: str | None = None,
    lock_timeout: float = WRITER_LOCK_TIMEOUT,
    max_vanish: float | None = None,
    browser: Mapping[str, object] | None = None,
    settings: Mapping[str, object] | None = None,
) -> dict[str, object]:
    """The Scrapy settings of a crawl's options (None: the project's default).

    `delay` starts AutoThrottle (default 1 s); `max_duration` bounds the crawl (pages not read by then are lost);
    `browser`: settings from `casco_watch.crawler.browser.browser_settings`; `settings`: any Scrapy settings,
    typed (--set), applied first, so a named option wins."""
    settings = {**(settings or {}), "CASCO_LOCK_TIMEOUT": lock_timeout}
    if max_vanish is not None:
        settings["CASCO_MAX_VANISH"] = max_vanish
    if delay is not None:
        settings.update(AUTOTHROTTLE_START_DELAY=delay, DOWNLOAD_DELAY=delay)
    if max_duration is not None:
        if max_duration <= 0:
            raise CrawlArgumentError(f"expected a number of seconds above 0, not {max_duration!r}", "--max-duration")
        settings["CASCO_MAX_DURATION"] = max_duration
    if user_agent:
        settings["USER_AGENT"] = user_agent
    if browser:
        settings.update(browser)
    return settings


def site_crawl(
    db: Path | str,
    *,
    committees: Iterable[int] = (),
    base_url: str = CASCO_BASE_URL,
    follow_liaisons: bool = False,
    deliverables: bool = True,
    as_of: dt.date | str | None = None,
    **options,
) -> CrawlRequest:
    """A crawl of iso.org, or of a mirror or copy at `base_url`, for `committees` (default ISO/CASCO).

    `options`: those of `crawl_settings` (delay, max_duration, user_agent, lock_timeout, max_vanish, browser,
    settings). The database must be writable, or absent in a writable folder, before minutes of crawling are
    spent (CrawlArgumentError otherwise)."""
    db = Path(db)
    check_writable_database(db)
    spider_args = {
        "base_url": site_url(base_url),
        "committees": ",".join(map(str, tuple(committees) or (CASCO_COMMITTEE_ID,))),
        "follow_liaisons": str(follow_liaisons),
        "as_of": as_of,
        **({} if deliverables else {"deliverables": "False"}),
    }
    return CrawlRequest(db, "casco", spider_args, crawl_settings(**options))
