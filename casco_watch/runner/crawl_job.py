"""Running crawls in a child process that lives and dies with the command that started it.

Twisted's reactor cannot be restarted (ReactorNotRestartable), so `run_crawls`
starts `python -m casco_watch.runner.crawl_job`, which runs its crawls one after
another in one reactor. The child reports over a pipe, one JSON line per
event (see `_Reporter`): its progress, every wait, every page lost, that it is
storing a finished snapshot, each snapshot stored or left in the spool, and any error. Nothing
travels through files, so a killed crawl leaves no temporary folder behind.

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

import ctypes
import datetime as dt
import json
import logging
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

from casco_watch.crawler.signals import crawl_abandoned
from casco_watch.exit_codes import EXIT_BY_STATUS, EXIT_COMPLETE, EXIT_ERROR
from casco_watch.schemas import Snapshot

STOP_GRACE = 10.0
"""Seconds a child gets to exit after SIGTERM before it is killed."""
STORE_GRACE = 120.0
"""Seconds a child storing a finished snapshot gets to finish after SIGTERM (a second Ctrl-C abandons it)."""
DEADLINE_GRACE = 90.0
"""Seconds past CASCO_MAX_DURATION after which a crawl still running is stopped, storing nothing. A download
already waiting out its politeness delay at the limit may end up to one delay late (AUTOTHROTTLE_MAX_DELAY, 60 s)."""
PROGRESS_EVERY = 1.0
"""Seconds between the child's progress events."""

Event = dict[str, object]



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
    """A stored snapshot, the database it went to and the log of the process that crawled it."""

    snapshot: Snapshot
    db: Path
    log_file: Path

    @property
    def exit_code(self) -> int:
        return EXIT_BY_STATUS[self.snapshot.status]


@dataclass(frozen=True)
class Crawl:
    """One crawl to run: a spider by name and its arguments (None values are left out)."""

    spider: str
    spider_args: dict[str, str | None]


def _log_path(db_path: Path) -> Path:
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    logs = db_path.parent / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    return logs / f"crawl-{stamp}.log"


def run_crawls(
    crawls: list[Crawl],
    db_path: Path | str,
    settings: dict[str, object] | None = None,
    *,
    echo_log: bool = False,
    on_outcome: Callable[[CrawlOutcome], None] | None = None,
    on_event: Callable[[Event], None] | None = None,
) -> list[CrawlOutcome]:
    """Run the crawls one after another in one child process, each storing its own snapshot in `db_path`.

    One process pays Scrapy's start-up (about 2 s here) once for all of them.
    `on_outcome(outcome)` is called as each crawl's snapshot is stored,
    `on_event(event)` with every event the child reports. If the child stops
    before a crawl stored its snapshot, CrawlError says which one and why; the
    snapshots stored before it stay. SIGINT/SIGTERM raise CrawlInterrupted
    (when called from the main thread, the only one that receives signals).
    """
    db_path = Path(db_path)
    job = _ChildJob(crawls, db_path, _log_path(db_path), {**(settings or {}), "CASCO_DB": str(db_path)})
    with _signals_noted() as signals_received:
        job.run(echo_log, signals_received, on_event or (lambda event: None), on_outcome or (lambda outcome: None))
    return job.outcomes


def run_crawl(
    spider: str,
    spider_args: dict[str, str | None],
    db_path: Path | str,
    settings: dict[str, object] | None = None,
    *,
    echo_log: bool = False,
    on_event: Callable[[Event], None] | None = None,
) -> CrawlOutcome:
    """Run one crawl in a child process; the snapshot lands in `db_path`. Raises CrawlError if none was stored."""
    return run_crawls([Crawl(spider, spider_args)], db_path, settings, echo_log=echo_log, on_event=on_event)[0]


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

    def __init__(self, crawls: list[Crawl], db_path: Path, log_file: Path, settings: dict[str, object]):
        self.crawls, self.db_path, self.log_file, self.settings = crawls, db_path, log_file, settings
        self.max_duration = float(settings.get("CASCO_MAX_DURATION") or 0)
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
        job = {
            "crawls": [
                {"spider": crawl.spider, "spider_args": {k: v for k, v in crawl.spider_args.items() if v is not None}}
                for crawl in self.crawls
            ],
            "settings": self.settings,
            "events_fd": events_write,
            "parent_pid": os.getpid(),
        }
        env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "casco_watch.crawler.settings"}
        try:
            with open(self.log_file, "w", encoding="utf-8") as log:
                self.child = subprocess.Popen(
                    # -P: the current folder (a clone's root, with its own casco_watch/) must not shadow the install.
                    [sys.executable, "-P", "-m", "casco_watch.runner.crawl_job", json.dumps(job)],
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
        if len(self.outcomes) < len(self.crawls):
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
        self.on_event({"event": "stopping", "storing": self.storing, "signal": signal_name})
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

    def _handle(self, event: Event) -> None:
        kind = event["event"]
        if kind == "started":
            self.crawl_started = time.monotonic()
        elif kind == "storing":
            self.storing = True
        elif kind == "stored":
            self.storing = False
            outcome = CrawlOutcome(Snapshot.model_validate(event["snapshot"]), self.db_path, self.log_file)
            self.outcomes.append(outcome)
            self.on_outcome(outcome)
        elif kind == "spooled":
            self.storing = False
            archive = event.get("archive")
            self.spooled = str(event["reason"]) + (f"; its archive {archive} (beside the database) is kept for it"
                                                   if archive else "")
        elif kind == "error":
            self.errors.append(str(event["message"]))
        self.on_event(event)

    def _log_tail(self, lines: int = 8) -> list[str]:
        try:
            return self.log_file.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-lines:]
        except OSError:
            return []

    def _failure_message(self) -> str:
        crawl = self.crawls[len(self.outcomes)]
        said = self.errors or self._log_tail()
        return (
            f"the {crawl.spider} crawl stopped (exit code {self.child.returncode}) before storing a snapshot; "
            f"nothing more was written. Log: {self.log_file}" + "".join(f"\n  {line}" for line in said)
        )

    def _spooled_message(self) -> str:
        crawl = self.crawls[len(self.outcomes)]
        return f"the {crawl.spider} crawl finished, but its snapshot was not stored yet: {self.spooled}. Log: {self.log_file}"

    def _overdue_message(self) -> str:
        return (
            f"the crawl was still running {DEADLINE_GRACE:.0f} s after its time limit of {self.max_duration:g} s "
            f"(--max-duration) and was stopped; nothing more was stored. Log: {self.log_file}"
        )


class _EventReader:
    """JSON lines from the child's end of the pipe, however the reads split them."""

    def __init__(self, fd: int):
        self.fd = fd
        self._pending = b""

    def read(self) -> list[Event] | None:
        """The complete events available now, or None once the child has closed its end."""
        chunk = os.read(self.fd, 1 << 16)
        if not chunk:
            return None
        *lines, self._pending = (self._pending + chunk).split(b"\n")
        return [json.loads(line) for line in lines if line.strip()]

    def close(self) -> None:
        os.close(self.fd)


# ---- the child's side ------------------------------------------------------------------------------------------


class _EventWriter:
    """Writes events to the parent; a parent that is gone is not an error here (the parent-pid watch handles it)."""

    def __init__(self, fd: int):
        self.fd = fd

    def send(self, event: Event) -> None:
        data = (json.dumps(event, default=str) + "\n").encode("utf-8")
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

    def send(self, kind: str, **fields) -> None:
        self.events.send({"event": kind, "crawl": self.number, **fields})

    def opened(self, spider, **_) -> None:
        from twisted.internet.task import LoopingCall

        self.state.crawler, self.state.storing = self.crawler, False
        self.send("started", spider=spider.name)
        self.ticker = LoopingCall(self.progress)
        self.ticker.start(PROGRESS_EVERY, now=False)

    def progress(self) -> None:
        engine = self.crawler.engine
        try:
            queued = len(engine.scheduler) + len(engine.downloader.active)
        except (AttributeError, TypeError):
            queued = None
        slowest = min(self.downloading.values(), key=lambda entry: entry[1], default=None)
        self.send("progress", fetched=self.responses, queued=queued, failed=self.lost,
                  slowest_url=slowest[0] if slowest else None,
                  slowest_seconds=round(time.monotonic() - slowest[1], 1) if slowest else None)

    def idle(self, **_) -> None:
        """Nothing left to fetch: the engine closes the spider, and the pipeline judges and stores the snapshot."""
        self.state.storing = True
        self.progress()
        self.send("storing")

    def closed(self, **_) -> None:
        self.state.storing = False
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
            self.send("lost", url=item.url, page_kind=item.page_kind, cause=item.cause, reason=item.reason,
                      http_status=item.http_status, challenge=item.challenge)

    def waiting(self, request, seconds, cause, loss_cause, http_status, source, retry, retries, **_) -> None:
        self.send("wait", url=request.url, seconds=seconds, cause=cause, loss_cause=loss_cause, http_status=http_status,
                  source=source, retry=retry, retries=retries)

    def warned(self, message, **_) -> None:
        self.send("warning", message=message)

    def stored(self, snapshot, **_) -> None:
        """Told before the storing phase ends, so a SIGTERM can never stop the child between the two."""
        self.send("stored", snapshot=snapshot.model_dump(mode="json"))
        self.state.storing = False

    def spooled(self, snapshot, reason, **_) -> None:
        self.send("spooled", reason=reason, archive=snapshot.archive)
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
        self.events.send({"event": "error", "message": message})


def _run_job(job: dict) -> bool:
    """In the child: run the job's crawls one after another; the reactor stops when the last one ends.

    True if every crawl stored its snapshot."""
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    from casco_watch.pipeline.snapshot import snapshot_stored

    events = _EventWriter(job["events_fd"])
    state = _ChildState()
    logging.getLogger().addHandler(_ErrorsToParent(events))
    settings = get_project_settings()
    settings.setdict(job["settings"], priority="cmdline")
    process = CrawlerProcess(settings)
    pending = list(enumerate(job["crawls"]))
    started: list[int] = []
    stored: set[int] = set()

    def crawl_next(_=None):
        """Chained on the previous crawl, so CrawlerProcess.join() always sees one more crawl running.

        A crawl that stored no snapshot ends the job: later ones must not land after a gap.
        """
        if not pending or state.stop_requested or (started and started[-1] not in stored):
            return
        number, crawl = pending.pop(0)
        started.append(number)
        crawler = process.create_crawler(crawl["spider"])
        _Reporter(crawler, number, events, state)
        crawler.signals.connect(lambda **_: stored.add(number), signal=snapshot_stored, weak=False)
        process.crawl(crawler, **crawl["spider_args"]).addErrback(crawl_failed, number).addBoth(crawl_next)

    def crawl_failed(failure, number):
        logging.getLogger(__name__).error(
            "the %s crawl could not run", job["crawls"][number]["spider"],
            exc_info=(failure.type, failure.value, failure.getTracebackObject()),
        )

    signal.signal(signal.SIGTERM, _on_sigterm(state))
    crawl_next()
    process.start(install_signal_handlers=False)
    return len(stored) == len(job["crawls"])


def _child_main(job: dict) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(job["parent_pid"])
    try:
        all_stored = _run_job(job)
    except Exception as error:
        logging.getLogger(__name__).exception("the crawl process failed")
        _EventWriter(job["events_fd"]).send({"event": "error", "message": f"{type(error).__name__}: {error}"})
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_COMPLETE if all_stored else EXIT_ERROR)


if __name__ == "__main__":
    # Run the imported module, not this __main__ copy: its signals are the objects other modules import.
    from casco_watch.runner import crawl_job

    crawl_job._child_main(json.loads(sys.argv[1]))
