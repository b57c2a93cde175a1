"""What `casco crawl` says while it works, on stderr: the plan, live progress, every wait, the first failure.

A polite crawl of iso.org takes minutes, and a site that throttles or refuses
can make it take many more; a silent terminal cannot be told from a hung one.
So the command first says what it is about to do and how long that should
take, then keeps a progress line (rich, refreshed about once a second, on a
terminal; a plain line at most every PLAIN_EVERY seconds otherwise), and
prints at once each wait with its cause and length, and the first failure with
what to try. The events come from the crawl's child process (`crawl_events`); the plan is said when the
child has built the spider from the request (the spider is built there only) and opened it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
import click
from rich.console import Console
from rich.live import Live
from rich.text import Text

from casco_watch.pipeline.loss_advice import cause_words, loss_advice
from casco_watch.runner.crawl_events import (
    CrawlWarning,
    Event,
    Lost,
    Planned,
    Progress,
    Started,
    Stopping,
    Storing,
    Wait,
)
from casco_watch.runner.crawl_plan import duration_text
from casco_watch.schemas import LossCause

PLAIN_EVERY = 5.0
"""Seconds between progress lines when stderr is not a terminal (a log, a CI job)."""
PLAIN_QUIET_MAX = 30.0
"""... and at most this long without one, even when nothing changed."""


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

    def __init__(self, live: bool | None = None, plans: bool = False):
        """`plans`: say each crawl's plan when it starts. The lines of a replay speak of the file it reads."""
        self.plans = plans
        self.reading: Path | None = None
        self.fetched = "fetched"
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
        handler = getattr(self, f"_on_{event.kind}", None)
        if handler is not None:
            handler(event)

    def _on_started(self, event: Started) -> None:
        self.started = time.monotonic()

    def _on_planned(self, event: Planned) -> None:
        self.reading = event.plan.reading
        self.fetched = "fetched" if self.reading is None else "read"
        if self.plans:
            for line in event.plan.lines():
                self.say(line)

    def _on_progress(self, event: Progress) -> None:
        self.progress = _Progress(event.fetched, event.queued, event.failed, event.slowest_url, event.slowest_seconds)
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

    def _on_wait(self, event: Wait) -> None:
        words = cause_words(event.cause, event.http_status)
        self._first_failure(event.url, words, event.cause, event.http_status)
        if self.reading is not None:
            return  # a replay reads the recorded retries at once: nothing is waited for
        self.retry_due = time.monotonic() + event.seconds
        why = ("the server asked for it (Retry-After)" if event.source == "Retry-After"
               else "backing off before trying again")
        self.say(f"waiting {duration_text(event.seconds)} before retrying {event.url} "
                 f"(retry {event.retry} of {event.retries}) after {words}: {why}")

    def _on_warning(self, event: CrawlWarning) -> None:
        self.say(f"warning: {event.message}")

    def _on_lost(self, event: Lost) -> None:
        failure = event.failure
        self._first_failure(failure.url, failure.reason, failure.cause, failure.http_status, failure.challenge)

    def _on_storing(self, event: Storing) -> None:
        done = "crawl finished" if self.reading is None else f"{self.reading.name} read"
        self.say(f"{done} after {duration_text(time.monotonic() - self.started)} "
                 f"(pages: {self.progress.fetched} {self.fetched}, {self.progress.failed} failed); "
                 "judging and storing the snapshot")

    def _on_stopping(self, event: Stopping) -> None:
        if event.storing:
            self.say("the crawl had finished and its snapshot is being stored; letting that finish "
                     "(interrupt again to stop at once: a snapshot already spooled is committed by the next "
                     "command that writes to the database)")
