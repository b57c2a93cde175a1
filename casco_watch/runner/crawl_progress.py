"""What `casco crawl` says while it works, on stderr: the plan, live progress, every wait, the first failure.

A polite crawl of iso.org takes minutes, and a site that throttles or refuses
can make it take many more; a silent terminal cannot be told from a hung one.
So the command first says what it is about to do and how long that should
take, then keeps a progress line (rich, refreshed about once a second, on a
terminal; a plain line at most every PLAIN_EVERY seconds otherwise), and
prints at once each wait with its cause and length, and the first failure with
what to try. The events come from the crawl's child process (`crawl_job`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import click
from rich.console import Console
from rich.live import Live
from rich.text import Text

from casco_watch.pipeline.loss_advice import loss_advice
from casco_watch.runner.crawl_job import Event
from casco_watch.pipeline.store import DatabaseError, open_database, read_snapshots
from casco_watch.schemas import LossCause, Snapshot, SnapshotStatus

PLAIN_EVERY = 5.0
"""Seconds between progress lines when stderr is not a terminal (a log, a CI job)."""
PLAIN_QUIET_MAX = 30.0
"""... and at most this long without one, even when nothing changed."""
ROUGH_PAGES = {
    "committee": 1, "participation": 1, "member": 130, "organization": 30, "catalogue": 1, "standard": 60, "dataset": 1,
}
"""Pages per committee when no earlier snapshot tells: CASCO's pages, rounded (one member page per member body,
one organization page per organization in liaison, one standard page per document in its catalogue)."""
START_UP_SECONDS = 3.0
"""A crawl process spends about this long starting Scrapy before its first request."""
MIN_SECONDS_PER_PAGE = 0.1
"""What a page costs even with no politeness delay (latency, parsing), for the estimate."""


def duration_text(seconds: float) -> str:
    if seconds < 10:
        return f"{seconds:.2g} s"
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


@dataclass(frozen=True)
class CrawlPlan:
    """What a crawl is about to do, said before it starts."""

    source: str
    what: str
    delay: float
    autothrottle: bool
    pages: int
    previous: Snapshot | None
    max_duration: float = 0.0
    reading: Path | None = None
    """The archive or capture a replay reads instead of the network."""

    def lines(self) -> list[str]:
        if self.reading is not None:
            return [f"reading {self.reading} (no network), as a crawl of {self.source}: {self.what}."]
        pace = (f"AutoThrottle from {self.delay:g} s between requests" if self.autothrottle
                else f"{self.delay:g} s between requests")
        if self.previous is not None:
            took = (self.previous.finished_at - self.previous.started_at).total_seconds()
            pages = (f"about {self.pages} pages, as many as snapshot {self.previous.snapshot_id} of "
                     f"{self.previous.as_of} fetched (in {duration_text(took)})")
        else:
            pages = f"roughly {self.pages} pages (no earlier snapshot of this scope in the database to go by)"
        seconds = START_UP_SECONDS + self.pages * max(self.delay, MIN_SECONDS_PER_PAGE)
        limit = f"; stopping after {duration_text(self.max_duration)} at most (--max-duration)" if self.max_duration else ""
        return [f"crawling {self.source}: {self.what}; {pace}{limit}.",
                f"expect {pages}; at this pace about {duration_text(seconds)}."]


def previous_snapshot(db_path: Path, scope: str) -> Snapshot | None:
    """The latest stored snapshot of the same scope that fetched pages, preferring complete ones."""
    try:
        with open_database(db_path, read_only=True, lock_timeout=0) as con:
            stored = read_snapshots(con)
    except DatabaseError:
        return None
    same = [s for s in stored if s.scope == scope and s.pages_by_status]
    return max(same, key=lambda s: (s.status == SnapshotStatus.COMPLETE, s.snapshot_id), default=None)


def crawl_plan(spider_name: str, spider_args: dict[str, str | None], settings: dict[str, object], db_path: Path,
               reading: Path | None = None) -> CrawlPlan:
    """The plan of a crawl, from the spider its arguments make (scope, pages) and the settings it will run with.

    `reading`: the archive or capture a replay or re-parse reads instead of the network.
    """
    from scrapy.settings import Settings
    from scrapy.spiderloader import get_spider_loader

    effective = Settings()
    effective.setmodule("casco_watch.crawler.settings", priority="project")
    effective.setdict(settings, priority="cmdline")
    spider_class = get_spider_loader(effective).load(spider_name)
    spider = spider_class(**{key: value for key, value in spider_args.items() if value is not None})
    kinds = sorted(spider.page_kinds)
    committees = getattr(spider, "committee_ids", ())
    if committees:
        what = (f"committee{'s' if len(committees) > 1 else ''} {', '.join(map(str, committees))}, "
                f"reading {', '.join(kinds)} pages" + (" and the committees in liaison" if getattr(spider, "follow_liaisons", False) else ""))
    else:
        what = "one dataset file"
    previous = previous_snapshot(db_path, spider.scope)
    pages = (sum(previous.pages_by_status.values()) if previous is not None
             else max(1, len(committees)) * sum(ROUGH_PAGES[kind] for kind in kinds))
    return CrawlPlan(
        source=spider.source, what=what, delay=effective.getfloat("DOWNLOAD_DELAY"),
        autothrottle=effective.getbool("AUTOTHROTTLE_ENABLED"), pages=pages, previous=previous,
        max_duration=effective.getfloat("CASCO_MAX_DURATION"), reading=reading,
    )


@dataclass
class _Progress:
    fetched: int = 0
    queued: int | None = None
    failed: int = 0
    slowest_url: str | None = None
    slowest_seconds: float | None = None

    def text(self, elapsed: float, retry_in: float | None = None, fetched: str = "fetched") -> str:
        queued = "?" if self.queued is None else self.queued
        line = f"pages: {self.fetched} {fetched}, {queued} queued, {self.failed} failed; {duration_text(elapsed)} elapsed"
        if self.slowest_url and self.slowest_seconds and self.slowest_seconds >= 5:
            line += f"; waiting {duration_text(self.slowest_seconds)} for {self.slowest_url}"
        if retry_in is not None and retry_in > 0:
            line += f"; next retry in {duration_text(retry_in)}"
        return line


class CrawlDisplay:
    """Renders a crawl's events on stderr; use as a context manager around the crawl, and pass `on_event`."""

    def __init__(self, live: bool | None = None, reading: Path | None = None):
        """`reading`: the archive or capture a replay reads, which its lines speak of instead of a site."""
        self.reading = reading
        self.fetched = "fetched" if reading is None else "read"
        self.console = Console(stderr=True, highlight=False)
        self.live = self.console.is_terminal if live is None else live
        self.progress = _Progress()
        self.started = time.monotonic()
        self.failure_shown = False
        self.retry_due: float | None = None
        self._live: Live | None = None
        self._last_line = 0.0
        self._last_counts: tuple = ()

    def __enter__(self) -> CrawlDisplay:
        if self.live:
            self._live = Live(self, console=self.console, refresh_per_second=1, transient=True, redirect_stdout=False)
            self._live.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        if self._live is not None:
            self._live.stop()
            self._live = None

    def _progress_text(self) -> str:
        now = time.monotonic()
        return self.progress.text(now - self.started, None if self.retry_due is None else self.retry_due - now,
                                  self.fetched)

    def __rich__(self) -> Text:
        return Text(self._progress_text(), style="dim")

    def say(self, message: str) -> None:
        """A line that stays: above the live progress line, or plain."""
        if self._live is not None:
            self._live.console.print(Text(f"casco: {message}"))
        else:
            click.echo(f"casco: {message}", err=True)

    def on_event(self, event: Event) -> None:
        handler = getattr(self, f"_on_{event['event']}", None)
        if handler is not None:
            handler(event)

    def _on_started(self, event: Event) -> None:
        self.started = time.monotonic()

    def _on_progress(self, event: Event) -> None:
        self.progress = _Progress(event["fetched"], event["queued"], event["failed"],
                                  event.get("slowest_url"), event.get("slowest_seconds"))
        if self._live is not None:
            return
        now = time.monotonic()
        counts = (self.progress.fetched, self.progress.queued, self.progress.failed)
        if now - self._last_line >= (PLAIN_EVERY if counts != self._last_counts else PLAIN_QUIET_MAX):
            click.echo(f"casco: {self._progress_text()}", err=True)
            self._last_line, self._last_counts = now, counts

    def _first_failure(self, url: str, reason: str, cause: LossCause, http_status: int | None,
                       challenge: str | None = None) -> None:
        if self.failure_shown:
            return
        self.failure_shown = True
        advice = loss_advice(cause, replaying=self.reading is not None, http_status=http_status, challenge=challenge)
        self.say(f"first failure: {url}: {reason.rstrip('.')}" + (f". {advice}" if advice else ""))

    def _on_wait(self, event: Event) -> None:
        self._first_failure(event["url"], event["cause"], LossCause(event["loss_cause"]), event["http_status"])
        if self.reading is not None:
            return  # a replay reads the recorded retries at once: nothing is waited for
        self.retry_due = time.monotonic() + event["seconds"]
        why = ("the server asked for it (Retry-After)" if event["source"] == "Retry-After"
               else "backing off before trying again")
        self.say(f"waiting {duration_text(event['seconds'])} before retrying {event['url']} "
                 f"(retry {event['retry']} of {event['retries']}) after {str(event['cause']).rstrip('.')}: {why}")

    def _on_warning(self, event: Event) -> None:
        self.say(f"warning: {event['message']}")

    def _on_lost(self, event: Event) -> None:
        self._first_failure(event["url"], event["reason"], LossCause(event["cause"]), event.get("http_status"),
                            event.get("challenge"))

    def _on_storing(self, event: Event) -> None:
        done = "crawl finished" if self.reading is None else f"{self.reading.name} read"
        self.say(f"{done} after {duration_text(time.monotonic() - self.started)} "
                 f"(pages: {self.progress.fetched} {self.fetched}, {self.progress.failed} failed); "
                 "judging and storing the snapshot")

    def _on_stopping(self, event: Event) -> None:
        if event["storing"]:
            self.say("the crawl had finished and its snapshot is being stored; letting that finish "
                     "(interrupt again to stop at once: a snapshot already spooled is committed by the next "
                     "command that writes to the database)")

