"""Running crawls in a child process, so any number of them can be started from one Python process.

Twisted's reactor cannot be restarted (ReactorNotRestartable), so `run_crawls`
starts `python -m casco_watch.crawl_job JOB`, which runs its crawls one after
another in one reactor and writes each stored snapshot (the `snapshot_stored`
signal of the snapshot pipeline) to an outcome file that this side reads back. A missing outcome file means a crawl died before storing
anything, which is reported as an error with the end of the log.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from casco_watch.schemas import Snapshot

EXIT_COMPLETE, EXIT_ERROR, EXIT_PARTIAL = 0, 1, 3
EXIT_BY_STATUS = {"complete": EXIT_COMPLETE, "partial": EXIT_PARTIAL, "failed": EXIT_ERROR}


class CrawlError(Exception):
    """The crawl process ended before a crawl stored its snapshot; `stored` holds those that did."""

    def __init__(self, message: str, stored: list[CrawlOutcome] | None = None):
        super().__init__(message)
        self.stored = stored or []


@dataclass(frozen=True)
class CrawlOutcome:
    """A stored snapshot, the database it went to and the log of the process that crawled it."""

    snapshot: Snapshot
    db: Path
    log_file: Path

    @property
    def exit_code(self) -> int:
        return EXIT_BY_STATUS[self.snapshot.status]


def _log_path(db_path: Path) -> Path:
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    logs = db_path.parent / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    return logs / f"crawl-{stamp}.log"


@dataclass(frozen=True)
class Crawl:
    """One crawl to run: a spider by name and its arguments (None values are left out)."""

    spider: str
    spider_args: dict[str, str | None]


def run_crawls(
    crawls: list[Crawl],
    db_path: Path | str,
    settings: dict[str, object] | None = None,
    *,
    echo_log: bool = False,
    on_outcome=None,
) -> list[CrawlOutcome]:
    """Run the crawls one after another in one child process, each storing its own snapshot in `db_path`.

    One process pays Scrapy's start-up (about 2 s here) once for all of them.
    `on_outcome(outcome)` is called as each crawl finishes. If the child stops
    before a crawl stored its snapshot, CrawlError says which one; the
    snapshots stored before it stay.
    """
    db_path = Path(db_path)
    log_file = _log_path(db_path)
    outcomes: list[CrawlOutcome] = []
    with tempfile.TemporaryDirectory(prefix="casco-crawl-") as scratch:
        outcome_files = [Path(scratch) / f"outcome-{number}.json" for number in range(len(crawls))]
        job = {
            "crawls": [
                {
                    "spider": crawl.spider,
                    "spider_args": {key: value for key, value in crawl.spider_args.items() if value is not None},
                    "outcome_file": str(outcome_file),
                }
                for crawl, outcome_file in zip(crawls, outcome_files)
            ],
            "settings": {**(settings or {}), "CASCO_DB": str(db_path)},
        }
        env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "casco_watch.settings"}
        with open(log_file, "w", encoding="utf-8") as log:
            child = subprocess.Popen(
                [sys.executable, "-m", "casco_watch.crawl_job", json.dumps(job)],
                stdout=log,
                stderr=None if echo_log else log,
                env=env,
            )
            for outcome_file in outcome_files:
                while not outcome_file.exists() and child.poll() is None:
                    time.sleep(0.05)
                if not outcome_file.exists():
                    break
                snapshot = Snapshot.model_validate_json(outcome_file.read_text(encoding="utf-8"))
                outcome = CrawlOutcome(snapshot, db_path, log_file)
                outcomes.append(outcome)
                if on_outcome is not None:
                    on_outcome(outcome)
            returncode = child.wait()
    if len(outcomes) < len(crawls):
        tail = log_file.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-5:]
        raise CrawlError(
            f"the crawl stopped (exit code {returncode}) before storing a snapshot; "
            f"nothing more was written. Log: {log_file}" + ("\n  " + "\n  ".join(tail) if tail else ""),
            stored=outcomes,
        )
    return outcomes


def run_crawl(
    spider: str,
    spider_args: dict[str, str | None],
    db_path: Path | str,
    settings: dict[str, object] | None = None,
    *,
    echo_log: bool = False,
) -> CrawlOutcome:
    """Run one crawl in a child process; the snapshot lands in `db_path`. Raises CrawlError if none was stored."""
    return run_crawls([Crawl(spider, spider_args)], db_path, settings, echo_log=echo_log)[0]


def _run_job(job: dict) -> None:
    """In the child: run the job's crawls one after another; the reactor stops when the last one ends."""
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    from casco_watch.pipeline.snapshot import snapshot_stored

    settings = get_project_settings()
    settings.setdict(job["settings"], priority="cmdline")
    process = CrawlerProcess(settings)
    pending = list(job["crawls"])
    stored = [Path(crawl["outcome_file"]) for crawl in job["crawls"]]

    def crawl_next(_=None):
        """Chained on the previous crawl, so CrawlerProcess.join() always sees one more crawl running.

        A crawl that stored no snapshot ends the job: later ones must not land after a gap.
        """
        done = len(job["crawls"]) - len(pending)
        if not pending or (done and not stored[done - 1].exists()):
            return
        crawl = pending.pop(0)
        crawler = process.create_crawler(crawl["spider"])
        crawler.signals.connect(_outcome_writer(Path(crawl["outcome_file"])), signal=snapshot_stored, weak=False)
        process.crawl(crawler, **crawl["spider_args"]).addBoth(crawl_next)

    crawl_next()
    process.start()


def _outcome_writer(outcome_file: Path):
    """A `snapshot_stored` receiver that writes the snapshot to `outcome_file`, appearing whole or not at all."""

    def write(snapshot: Snapshot, **_) -> None:
        pending = outcome_file.with_name(outcome_file.name + ".pending")
        pending.write_text(snapshot.model_dump_json(indent=2), encoding="utf-8")
        pending.replace(outcome_file)

    return write


if __name__ == "__main__":
    _run_job(json.loads(sys.argv[1]))
