"""Scrapy settings of the casco-watch project: polite towards iso.org by default.

Every politeness knob is a plain Scrapy setting (AutoThrottle, robots.txt,
retries, timeouts, size limits), overridable per crawl by `casco crawl` options
or `scrapy crawl -s NAME=VALUE`. Every `CASCO_*` setting is declared here, with
its default, and only here: code that reads one gives no default of its own.
"""

import os

from casco_watch.pipeline import plausibility
from casco_watch.pipeline.store import WRITER_LOCK_TIMEOUT, default_db
from casco_watch.schemas import TOOL_VERSION

BOT_NAME = "casco-watch"
SPIDER_MODULES = ["casco_watch.spiders"]
NEWSPIDER_MODULE = "casco_watch.spiders"
COMMANDS_MODULE = "casco_watch.crawler.scrapy_commands"

CASCO_CONTACT_URL = os.environ.get("CASCO_CONTACT_URL", "https://github.com/casco-watch/casco-watch")
USER_AGENT = os.environ.get(
    "CASCO_USER_AGENT", f"casco-watch/{TOOL_VERSION} (+{CASCO_CONTACT_URL}; standards monitoring)"
)
ROBOTSTXT_OBEY = True

AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_DELAY = 1.0
CONCURRENT_REQUESTS_PER_DOMAIN = 2
CONCURRENT_REQUESTS = 2
"""A crawl reads one site, so this costs nothing; it keeps waiting requests in the scheduler, where a stop
(--max-duration) reaches them at once, instead of in the downloader's queue behind politeness delays."""

RETRY_ENABLED = True
RETRY_TIMES = 4
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
CASCO_RETRY_BACKOFF_BASE = 2.0
CASCO_RETRY_BACKOFF_MAX = 120.0
CASCO_RETRY_AFTER_MAX = 300.0
"""A Retry-After longer than this (seconds) is not waited for: the page is lost with that reason."""
CASCO_MAX_DURATION = 0.0
"""Seconds a crawl may take (`casco crawl --max-duration`); pages not read by then are lost with that reason. 0: no limit."""
DOWNLOADER_MIDDLEWARES = {
    "casco_watch.crawler.middlewares.CrawlDeadlineMiddleware": 360,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "casco_watch.crawler.middlewares.BackoffRetryMiddleware": 550,
    "casco_watch.crawler.middlewares.RedirectGuardMiddleware": 610,
    "casco_watch.crawler.archive_middlewares.ArchiveRecorder": 950,
    "casco_watch.crawler.archive_middlewares.ArchiveReplay": 960,
    "casco_watch.crawler.browser_middlewares.BrowserPages": 970,
}

# The browser route (`casco crawl --browser`; casco_watch/crawler/browser.py): casco_watch.crawler.browser.browser_settings
# adds the download handlers and the browser to launch.
CASCO_BROWSER = False
CASCO_CHALLENGE_WAIT = 30.0
"""Seconds a page showing a JavaScript challenge is given to clear in the browser before it is lost."""
CASCO_BROWSER_CONTEXT = {}
"""Playwright's arguments for the browser context every page opens in (a kept profile: `user_data_dir`)."""

# Every site crawl keeps its raw HTTP exchanges in one .warc.gz (casco_watch/archives/crawl_archive.py), in
# CASCO_ARCHIVE_DIR (default: archive/ beside CASCO_DB). CASCO_REPLAY names an archive to serve every
# response from instead of the network (`casco crawl --replay`, `casco reparse`).
CASCO_ARCHIVE = True
CASCO_ARCHIVE_DIR = None
CASCO_REPLAY = None
CASCO_DERIVATION = "replay"
"""How a replayed crawl's snapshot was made: 'replay' (`casco crawl --replay`) or 'reparse' (`casco reparse`)."""
CASCO_DERIVED_FROM = None
"""The snapshot a replayed crawl re-reads, when the database holds it."""
CASCO_CONTENT_DIGEST = None
"""The sha256 of the replayed capture, stored so that the same capture replayed again stores nothing new."""

DOWNLOAD_TIMEOUT = 60.0
DOWNLOAD_MAXSIZE = 64 * 1024 * 1024
DOWNLOAD_WARNSIZE = 16 * 1024 * 1024

ITEM_PIPELINES = {
    "casco_watch.pipeline.validation.ValidationPipeline": 100,
    "casco_watch.pipeline.snapshot.SnapshotPipeline": 900,
}


CASCO_DB = str(default_db())
"""The database a crawl stores into: the CASCO_DB environment variable, else output/casco.duckdb (one rule for
crawls, commands and library calls: casco_watch.pipeline.store.default_db)."""
CASCO_MAX_VANISH = plausibility.DEFAULT_MAX_VANISH
CASCO_LOCK_TIMEOUT = WRITER_LOCK_TIMEOUT
"""Seconds a finished crawl waits for the database held by another process before its snapshot stays in the spool."""
CASCO_AS_OF = None
"""The date (YYYY-MM-DD) a crawl's snapshot records when the spider is given none; None: the day it started."""

EXTENSIONS_BASE = {
    "scrapy.extensions.corestats.CoreStats": 0,
    "scrapy.extensions.logcount.LogCount": 0,
    "scrapy.extensions.memusage.MemoryUsage": 0,
    "scrapy.extensions.memdebug.MemoryDebugger": 0,
    "scrapy.extensions.closespider.CloseSpider": 0,
    "scrapy.extensions.feedexport.FeedExporter": 0,
    "scrapy.extensions.logstats.LogStats": 0,
    "scrapy.extensions.spiderstate.SpiderState": 0,
    "scrapy.extensions.throttle.AutoThrottle": 0,
}
"""Scrapy's own (2.19; tests/casco_watch/test_settings.py compares them with the installed Scrapy's, since
reading them from scrapy.settings here would import Scrapy into the in-process download, ~0.7 s) but
TelnetConsole and RemoteControl: a crawl opens no port. Named None in EXTENSIONS they
would still be imported, since Scrapy loads every key there to compare it with the base's; RemoteControl's
import (aiohttp) alone cost each crawl 0.15-0.2 s CPU."""
LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"
