"""Running crawls in a child process that lives and dies with the command that started it: the parent's side.

Twisted's reactor cannot be restarted (ReactorNotRestartable), so `run_crawls`
starts `python -P -m casco_watch.runner.crawl_child`, which runs its crawls one after
another in one reactor. The child reports over a pipe, one typed event per
line (`casco_watch.runner.crawl_events`): its progress, every wait, every page lost, that it is
storing a finished snapshot, each snapshot stored or left in the spool, and any error. Nothing
travels through files, so a killed crawl leaves no temporary folder behind.

Why a pipe of our own rather than multiprocessing with a Connection: the child must start as
`python -P -m ...` (no shadowing by a clone's root, docs/architecture.md) in a new session (a terminal's
Ctrl-C reaches only the parent), and the parent waits on the pipe and a signal wake-up pipe in one
`select`. multiprocessing's spawn starts its own command line (no -P, no new session), and fork would copy a
parent that may already run threads (the progress display); the events would still need a type each.

Lifetime (POSIX; the parent-death signal is Linux's, the parent-pid watch works
everywhere):
- The child runs in its own session, so a terminal's Ctrl-C reaches only the
  parent, which decides. SIGINT or SIGTERM of the parent stops the child
  (SIGTERM, then SIGKILL) and raises CrawlInterrupted; nothing is stored,
  unless the crawl had already finished and its snapshot was being stored,
  which the child then completes and reports.
- If the parent dies without a word (SIGKILL), the child gets SIGTERM from the
  kernel (PR_SET_PDEATHSIG) or notices its parent is gone within a second.
- CASCO_MAX_DURATION bounds each crawl inside the child (the middlewares give
  pages up with that reason); the parent stops a child that overruns it by
  more than DEADLINE_GRACE, storing nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from casco_watch.archives.crawl_archive import resolve_archive_path
from casco_watch.exit_codes import EXIT_BY_STATUS
from casco_watch.runner.crawl_events import (
    ChildEvent,
    Error,
    Event,
    Planned,
    Spooled,
    Started,
    Stopping,
    Stored,
    Storing,
    decode,
)
from casco_watch.runner.crawl_plan import ROUGH_PAGES, CrawlPlan, previous_snapshot
from casco_watch.runner.crawl_request import CrawlRequest
from casco_watch.schemas import Snapshot

STOP_GRACE = 10.0
"""Seconds a child gets to exit after SIGTERM before it is killed."""
STORE_GRACE = 120.0
"""Seconds a child storing a finished snapshot gets to finish after SIGTERM (a second Ctrl-C abandons it)."""
DEADLINE_GRACE = 90.0
"""Seconds past CASCO_MAX_DURATION after which a crawl still running is stopped, storing nothing. A download
already waiting out its politeness delay at the limit may end up to one delay late (AUTOTHROTTLE_MAX_DELAY, 60 s)."""


class CrawlError(Exception):
    """The crawl process ended before a crawl stored its snapshot; `stored` holds those that did."""

    def __init__(self, message: str, stored: list[CrawlOutcome] | None = None):
        super().__init__(message)
        self.stored = stored or []


class SnapshotWaitsInSpool(CrawlError):
    """A crawl finished, but the database stayed in use: its snapshot (and archive) wait for the next writer."""


class CrawlInterrupted(CrawlError):
    """SIGINT or SIGTERM stopped the crawl; `stored` holds any snapshot finished before it stopped."""

    def __init__(self, signum: int, stored: list[CrawlOutcome], while_storing: bool):
        self.signal_name = signal.Signals(signum).name
        self.exit_code = 128 + signum
        self.while_storing = while_storing
        super().__init__(f"interrupted ({self.signal_name})", stored)


@dataclass(frozen=True)
class CrawlOutcome:
    """A stored snapshot, the database it went to and the log of the process that crawled it.

    `skipped`: nothing ran, since the same capture for the same day is stored already as `snapshot`
    (then there is no `log_file`)."""

    snapshot: Snapshot
    db: Path
    log_file: Path | None
    skipped: bool = False

    @property
    def exit_code(self) -> int:
        return EXIT_BY_STATUS[self.snapshot.status]

    @property
    def archive(self) -> Path | None:
        """The snapshot's WARC archive (a site crawl's), or the capture a replay read."""
        return resolve_archive_path(self.snapshot.archive, self.db) if self.snapshot.archive else None


def _log_path(db_path: Path) -> Path:
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    logs = db_path.parent / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    return logs / f"crawl-{stamp}.log"


def run_crawls(
    requests: list[CrawlRequest],
    *,
    echo_log: bool = False,
    on_outcome: Callable[[CrawlOutcome], None] | None = None,
    on_event: Callable[[Event], None] | None = None,
) -> list[CrawlOutcome]:
    """Run the crawls one after another in one child process, each storing its own snapshot.

    One process pays Scrapy's start-up (1.3 s CPU here, benchmarks/bench_crawl_start.py) once for all of them,
    so they share one database and one set of settings (ValueError otherwise). `on_outcome(outcome)` is called
    as each crawl's snapshot is stored, `on_event(event)` with every event (`crawl_events`). If the child stops
    before a crawl stored its snapshot, CrawlError says which one and why; the snapshots stored before it stay.
    SIGINT/SIGTERM raise CrawlInterrupted (when called from the main thread, the only one that receives
    signals).
    """
    first = requests[0]
    if any((request.db, request.settings) != (first.db, first.settings) for request in requests):
        raise ValueError("crawls run in one process share their database and settings")
    job = _ChildJob(requests, _log_path(first.db))
    with _signals_noted() as signals_received:
        job.run(echo_log, signals_received, on_event or (lambda event: None), on_outcome or (lambda outcome: None))
    return job.outcomes


def run_crawl(request: CrawlRequest, *, echo_log: bool = False,
              on_event: Callable[[Event], None] | None = None) -> CrawlOutcome:
    """Run one crawl in a child process. Raises CrawlError if it stored no snapshot."""
    return run_crawls([request], echo_log=echo_log, on_event=on_event)[0]


def crawl_plan(started: Started, request: CrawlRequest) -> CrawlPlan:
    """The plan of a crawl: what its spider reads (told by the child, which built it from `request`), at the pace
    its settings give, and as many pages as the last snapshot of the same scope in the request's database."""
    kinds, committees = started.page_kinds, started.committees
    if committees:
        what = (f"committee{'s' if len(committees) > 1 else ''} {', '.join(map(str, committees))}, "
                f"reading {', '.join(kinds)} pages" + (" and the committees in liaison" if started.follow_liaisons else ""))
    else:
        what = "one dataset file"
    previous = previous_snapshot(request.db, started.scope)
    pages = (sum(previous.pages_by_status.values()) if previous is not None
             else max(1, len(committees)) * sum(ROUGH_PAGES[kind] for kind in kinds))
    return CrawlPlan(
        source=started.source, what=what, delay=started.delay, autothrottle=started.autothrottle, pages=pages,
        previous=previous, max_duration=started.max_duration, reading=request.reading,
    )


class _SignalsReceived:
    """SIGINT/SIGTERM noted by number, with a pipe that wakes the parent's wait at once."""

    def __init__(self) -> None:
        self.received: list[int] = []
        self.wake_fd, self._wake_write = os.pipe()
        os.set_blocking(self._wake_write, False)

    def note(self, signum: int, _frame=None) -> None:
        self.received.append(signum)
        try:
            os.write(self._wake_write, b"!")
        except BlockingIOError:
            pass

    def close(self) -> None:
        os.close(self.wake_fd)
        os.close(self._wake_write)


@contextmanager
def _signals_noted():
    """While crawling, SIGINT and SIGTERM are noted rather than raised at whatever line runs; the loop acts on them."""
    noted = _SignalsReceived()
    in_main = threading.current_thread() is threading.main_thread()
    previous = {signum: signal.signal(signum, noted.note) for signum in (signal.SIGINT, signal.SIGTERM)} if in_main else {}
    try:
        yield noted
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        noted.close()


class _ChildJob:
    """The parent's side of one child process: start it, follow its events, stop it when asked or overdue."""

    def __init__(self, requests: list[CrawlRequest], log_file: Path):
        self.requests, self.log_file = requests, log_file
        self.max_duration = requests[0].max_duration
        self.outcomes: list[CrawlOutcome] = []
        self.errors: list[str] = []
        self.spooled: str | None = None
        self.storing = False
        self.stopped_while_storing = False
        self.overdue = False
        self.crawl_started: float | None = None

    def run(self, echo_log: bool, signals_received: _SignalsReceived, on_event, on_outcome) -> None:
        self.on_event, self.on_outcome = on_event, on_outcome
        events_read, events_write = os.pipe()
        job = {"requests": [request.to_json() for request in self.requests], "events_fd": events_write,
               "parent_pid": os.getpid()}
        env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "casco_watch.crawler.settings"}
        try:
            with open(self.log_file, "w", encoding="utf-8") as log:
                self.child = subprocess.Popen(
                    # -P: the current folder (a clone's root, with its own casco_watch/) must not shadow the install.
                    [sys.executable, "-P", "-m", "casco_watch.runner.crawl_child", json.dumps(job)],
                    stdin=subprocess.DEVNULL, stdout=log, stderr=None if echo_log else log,
                    env=env, pass_fds=(events_write,), start_new_session=True,
                )
        finally:
            os.close(events_write)
        self.events = _EventReader(events_read)
        try:
            if not self._follow(signals_received, until=None):
                self._stop(signals_received)
        except BaseException:
            self.child.kill()
            raise
        finally:
            try:
                self.child.wait(timeout=STOP_GRACE)
            except subprocess.TimeoutExpired:
                self.child.kill()
                self.child.wait()
            self.events.close()
        if signals_received.received:
            raise CrawlInterrupted(signals_received.received[0], self.outcomes, self.stopped_while_storing)
        if self.overdue:
            raise CrawlError(self._overdue_message(), stored=self.outcomes)
        if self.spooled is not None:
            raise SnapshotWaitsInSpool(self._spooled_message(), stored=self.outcomes)
        if len(self.outcomes) < len(self.requests):
            raise CrawlError(self._failure_message(), stored=self.outcomes)

    def _follow(self, signals_received: _SignalsReceived, until: float | None) -> bool:
        """Handle events until the child closes its end (True), or a signal, an overrun or `until` says stop (False)."""
        while True:
            now = time.monotonic()
            if until is not None and now >= until:
                return False
            deadline = self._deadline()
            if until is None and deadline is not None and now >= deadline:
                self.overdue = True
                return False
            timeout = min(t - now for t in (until, deadline, now + 1.0) if t is not None)
            ready, _, _ = select.select([self.events.fd, signals_received.wake_fd], [], [], max(timeout, 0))
            if signals_received.wake_fd in ready:
                os.read(signals_received.wake_fd, 64)
                return False
            if self.events.fd in ready:
                events = self.events.read()
                if events is None:
                    return True
                for event in events:
                    self._handle(event)

    def _deadline(self) -> float | None:
        if not self.max_duration or self.crawl_started is None or self.storing:
            return None
        return self.crawl_started + self.max_duration + DEADLINE_GRACE

    def _stop(self, signals_received: _SignalsReceived) -> None:
        """SIGTERM: the child exits at once, or finishes storing first; a further signal, or no exit in time, kills it."""
        self.stopped_while_storing = self.storing
        signal_name = signal.Signals(signals_received.received[0]).name if signals_received.received else None
        self.on_event(Stopping(self.storing, signal_name))
        self.child.send_signal(signal.SIGTERM)
        heard, started = len(signals_received.received), time.monotonic()
        while len(signals_received.received) == heard:
            limit = started + (STORE_GRACE if self.storing else STOP_GRACE)
            if time.monotonic() >= limit:
                break
            if self._follow(signals_received, until=min(limit, time.monotonic() + 0.5)):
                return
        self.child.kill()
        self._follow(signals_received, until=time.monotonic() + STOP_GRACE)

    def _handle(self, event: ChildEvent) -> None:
        if isinstance(event, Started):
            self.crawl_started = time.monotonic()
            self.on_event(Planned(event.crawl, crawl_plan(event, self.requests[event.crawl])))
        elif isinstance(event, Storing):
            self.storing = True
        elif isinstance(event, Stored):
            self.storing = False
            outcome = CrawlOutcome(event.snapshot, self.requests[event.crawl].db, self.log_file)
            self.outcomes.append(outcome)
            self.on_outcome(outcome)
        elif isinstance(event, Spooled):
            self.storing = False
            self.spooled = event.reason + (f"; its archive {event.archive} (beside the database) is kept for it"
                                           if event.archive else "")
        elif isinstance(event, Error):
            self.errors.append(event.message)
        self.on_event(event)

    def _log_tail(self, lines: int = 8) -> list[str]:
        try:
            return self.log_file.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-lines:]
        except OSError:
            return []

    def _failure_message(self) -> str:
        crawl = self.requests[len(self.outcomes)]
        said = self.errors or self._log_tail()
        return (
            f"the {crawl.spider} crawl stopped (exit code {self.child.returncode}) before storing a snapshot; "
            f"nothing more was written. Log: {self.log_file}" + "".join(f"\n  {line}" for line in said)
        )

    def _spooled_message(self) -> str:
        crawl = self.requests[len(self.outcomes)]
        return f"the {crawl.spider} crawl finished, but its snapshot was not stored yet: {self.spooled}. Log: {self.log_file}"

    def _overdue_message(self) -> str:
        return (
            f"the crawl was still running {DEADLINE_GRACE:.0f} s after its time limit of {self.max_duration:g} s "
            f"(--max-duration) and was stopped; nothing more was stored. Log: {self.log_file}"
        )


class _EventReader:
    """Events from the child's end of the pipe, one per line, however the reads split them."""

    def __init__(self, fd: int):
        self.fd = fd
        self._pending = b""

    def read(self) -> list[ChildEvent] | None:
        """The complete events available now, or None once the child has closed its end."""
        chunk = os.read(self.fd, 1 << 16)
        if not chunk:
            return None
        *lines, self._pending = (self._pending + chunk).split(b"\n")
        return [decode(line) for line in lines if line.strip()]

    def close(self) -> None:
        os.close(self.fd)
