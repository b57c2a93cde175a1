"""The crawl process's side: run the requested crawls in one reactor and report on them to the parent.

Started by `casco_watch.runner.crawl_job` as `python -P -m casco_watch.runner.crawl_child JOB` in its own
session, with the write end of a pipe for its events (`casco_watch.runner.crawl_events`). It ignores SIGINT
(the parent decides), dies with its parent (`_die_with_parent`), and on SIGTERM stops at once, storing
nothing, unless the finished crawl's snapshot is being stored, which it completes first.
"""

from __future__ import annotations

import ctypes
import gc
import json
import logging
import os
import signal
import sys
import threading
import time

if __name__ == "__main__":
    # pyarrow imports NumPy whenever it is installed (matplotlib, for `casco report`, brings it), and a crawl never
    # computes with it: pyarrow (NumPy optional since pyarrow 16) builds, spools and hands DuckDB the snapshot's
    # tables without it, and the child reaches its first request 0.13-0.19 s of CPU sooner. Only the child process
    # itself goes without: a process that merely imports this module keeps NumPy.
    sys.modules.setdefault("numpy", None)  # type: ignore[assignment]

# Scrapy's HTTP handler before anything else: its TLS module's deprecated aliases each run inspect.stack(), which
# looks up the module of every frame among every module loaded; loaded here, not at engine set-up, that costs
# about half (0.05-0.10 s CPU, not 0.12-0.19 s).
import scrapy.core.downloader.handlers.http11  # noqa: F401

from casco_watch.crawler.signals import crawl_abandoned
from casco_watch.exit_codes import EXIT_COMPLETE, EXIT_ERROR
from casco_watch.runner.crawl_events import (
    ChildEvent,
    CrawlWarning,
    Error,
    Lost,
    Progress,
    Spooled,
    Started,
    Stored,
    Storing,
    Wait,
    encode,
)
from casco_watch.runner.crawl_request import CrawlRequest

PROGRESS_EVERY = 1.0
"""Seconds between the child's progress events."""


class _EventWriter:
    """Writes events to the parent; a parent that is gone is not an error here (the parent-pid watch handles it)."""

    def __init__(self, fd: int):
        self.fd = fd

    def send(self, event: ChildEvent) -> None:
        data = encode(event)
        try:
            while data:
                data = data[os.write(self.fd, data):]
        except OSError:
            pass


class _ChildState:
    """What the child's SIGTERM handler needs to know: the crawl running, and whether its snapshot is being stored."""

    crawler = None
    storing = False
    stop_requested = False


def _die_with_parent(parent_pid: int) -> None:
    """Ask the kernel for SIGTERM when the parent dies (Linux), and watch the parent's pid as well."""
    if sys.platform.startswith("linux"):
        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != parent_pid:
        os._exit(EXIT_ERROR)

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(1.0)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _on_sigterm(state: _ChildState):
    def stop(signum, _frame) -> None:
        if state.storing:
            state.stop_requested = True
            os.write(2, b"casco-watch: SIGTERM while storing a finished snapshot; finishing the store, then stopping\n")
            return
        if state.crawler is not None:
            state.crawler.signals.send_catch_log(crawl_abandoned, dont_log=Exception)
        os.write(2, b"casco-watch: SIGTERM; stopping now, nothing stored\n")
        os._exit(128 + signum)

    return stop


class _Reporter:
    """The child's reports about one crawl, from Scrapy's signals to the parent's pipe."""

    def __init__(self, crawler, number: int, events: _EventWriter, state: _ChildState):
        from scrapy import signals

        from casco_watch.crawler.middlewares import retry_waiting
        from casco_watch.pipeline.snapshot import snapshot_spooled, snapshot_stored
        from casco_watch.spiders.base import crawl_warning

        self.crawler, self.number, self.events, self.state = crawler, number, events, state
        self.responses = self.lost = 0
        self.downloading: dict[int, tuple[str, float]] = {}
        self.ticker = None
        for handler, signal_ in (
            (self.opened, signals.spider_opened),
            (self.idle, signals.spider_idle),
            (self.closed, signals.spider_closed),
            (self.response_received, signals.response_received),
            (self.reached_downloader, signals.request_reached_downloader),
            (self.left_downloader, signals.request_left_downloader),
            (self.item_scraped, signals.item_scraped),
            (self.waiting, retry_waiting),
            (self.warned, crawl_warning),
            (self.stored, snapshot_stored),
            (self.spooled, snapshot_spooled),
        ):
            crawler.signals.connect(handler, signal=signal_, weak=False)

    def opened(self, spider, **_) -> None:
        from twisted.internet.task import LoopingCall

        self.state.crawler, self.state.storing = self.crawler, False
        settings = self.crawler.settings
        self.events.send(Started(
            self.number, spider.name, spider.source, spider.scope, tuple(spider.committee_ids),
            tuple(sorted(spider.page_kinds)), bool(getattr(spider, "follow_liaisons", False)),
            settings.getfloat("DOWNLOAD_DELAY"), settings.getbool("AUTOTHROTTLE_ENABLED"),
            settings.getfloat("CASCO_MAX_DURATION"),
        ))
        self.ticker = LoopingCall(self.progress)
        self.ticker.start(PROGRESS_EVERY, now=False)

    def progress(self) -> None:
        engine = self.crawler.engine
        try:
            queued = len(engine.scheduler) + len(engine.downloader.active)
        except (AttributeError, TypeError):
            queued = None
        slowest = min(self.downloading.values(), key=lambda entry: entry[1], default=None)
        self.events.send(Progress(self.number, self.responses, queued, self.lost,
                                  slowest[0] if slowest else None,
                                  round(time.monotonic() - slowest[1], 1) if slowest else None))

    def idle(self, **_) -> None:
        """Nothing left to fetch: the engine closes the spider, and the pipeline judges and stores the snapshot."""
        self.state.storing = True
        self.progress()
        self._stop_ticker()
        self.events.send(Storing(self.number))

    def closed(self, **_) -> None:
        self.state.storing = False
        self._stop_ticker()

    def _stop_ticker(self) -> None:
        """No progress after the last page: the events end with storing, then stored (or spooled)."""
        if self.ticker is not None and self.ticker.running:
            self.ticker.stop()

    def response_received(self, **_) -> None:
        self.responses += 1

    def reached_downloader(self, request, **_) -> None:
        self.downloading[id(request)] = (request.url, time.monotonic())

    def left_downloader(self, request, **_) -> None:
        self.downloading.pop(id(request), None)

    def item_scraped(self, item, **_) -> None:
        from casco_watch.schemas import PageFailure

        if isinstance(item, PageFailure):
            self.lost += 1
            self.events.send(Lost(self.number, item))

    def waiting(self, request, seconds, cause, http_status, source, retry, retries, **_) -> None:
        self.events.send(Wait(self.number, request.url, seconds, cause, http_status, source, retry, retries))

    def warned(self, message, **_) -> None:
        self.events.send(CrawlWarning(self.number, message))

    def stored(self, snapshot, **_) -> None:
        """Told before the storing phase ends, so a SIGTERM can never stop the child between the two."""
        self.events.send(Stored(self.number, snapshot))
        self.state.storing = False

    def spooled(self, snapshot, reason, **_) -> None:
        self.events.send(Spooled(self.number, reason, snapshot.archive))
        self.state.storing = False


class _ErrorsToParent(logging.Handler):
    """Every ERROR the child logs also goes to the parent, which shows them if the crawl stores nothing."""

    def __init__(self, events: _EventWriter):
        super().__init__(logging.ERROR)
        self.events = events

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            message = f"{message}: {type(error).__name__}: {error}"
        self.events.send(Error(message))


def _run_job(requests: list[CrawlRequest], events: _EventWriter) -> bool:
    """Run the crawls one after another in one reactor, with the first one's settings (`run_crawls` checks they
    share them); the reactor stops when the last one ends. True if every crawl stored its snapshot."""
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    from casco_watch.pipeline.snapshot import snapshot_stored

    state = _ChildState()
    logging.getLogger().addHandler(_ErrorsToParent(events))
    settings = get_project_settings()
    settings.setdict(requests[0].child_settings(), priority="cmdline")
    process = CrawlerProcess(settings)
    pending = list(enumerate(requests))
    started: list[int] = []
    stored: set[int] = set()

    def crawl_next(_=None):
        """Chained on the previous crawl, so CrawlerProcess.join() always sees one more crawl running.

        A crawl that stored no snapshot ends the job: later ones must not land after a gap.
        """
        if not pending or state.stop_requested or (started and started[-1] not in stored):
            return
        number, request = pending.pop(0)
        started.append(number)
        crawler = process.create_crawler(request.spider)
        _Reporter(crawler, number, events, state)
        crawler.signals.connect(lambda **_: stored.add(number), signal=snapshot_stored, weak=False)
        process.crawl(crawler, **request.spider_args).addErrback(crawl_failed, request).addBoth(crawl_next)

    def crawl_failed(failure, request):
        logging.getLogger(__name__).error(
            "the %s crawl could not run", request.spider,
            exc_info=(failure.type, failure.value, failure.getTracebackObject()),
        )

    signal.signal(signal.SIGTERM, _on_sigterm(state))
    crawl_next()
    process.start(install_signal_handlers=False)
    return len(stored) == len(requests)


def child_main(job: dict) -> None:
    """The child process: `job` is what `casco_watch.runner.crawl_job` passes (requests, events fd, parent pid)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(job["parent_pid"])
    events = _EventWriter(job["events_fd"])
    try:
        all_stored = _run_job([CrawlRequest.from_json(request) for request in job["requests"]], events)
    except Exception as error:
        logging.getLogger(__name__).exception("the crawl process failed")
        events.send(Error(f"{type(error).__name__}: {error}"))
        all_stored = False
    # The interpreter's exit collects garbage over every object still alive (~0.4 s here); frozen, they are only
    # freed. Nothing of the exit is skipped: handlers are flushed and closed, atexit runs.
    gc.freeze()
    sys.exit(EXIT_COMPLETE if all_stored else EXIT_ERROR)


if __name__ == "__main__":
    # Run the imported module, not this __main__ copy: its signals are the objects other modules import.
    from casco_watch.runner import crawl_child

    crawl_child.child_main(json.loads(sys.argv[1]))
