"""Running one crawl as its own process, so any number of crawls can run from one Python process.

Twisted's reactor cannot be restarted (ReactorNotRestartable), so `run_crawl`
starts `python -m casco_watch.crawl_job JOB` and reads back the outcome file the
snapshot pipeline writes. No outcome file means the crawl died before storing
anything, which is reported as an error with the end of its log.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

EXIT_COMPLETE, EXIT_ERROR, EXIT_PARTIAL = 0, 1, 3
EXIT_BY_STATUS = {"complete": EXIT_COMPLETE, "partial": EXIT_PARTIAL, "failed": EXIT_ERROR}


class CrawlError(Exception):
    """The crawl process ended without storing a snapshot."""


@dataclass
class CrawlOutcome:
    snapshot_id: int
    status: str
    reasons: list[str]
    pages_by_status: dict[str, int]
    records: dict[str, int]
    rejected: dict[str, int]
    as_of: str
    db: str
    log_file: str | None = field(default=None)

    @property
    def exit_code(self) -> int:
        return EXIT_BY_STATUS[self.status]


def _log_path(db_path: Path) -> Path:
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    logs = db_path.parent / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    return logs / f"crawl-{stamp}.log"


def run_crawl(
    spider: str,
    spider_args: dict[str, str],
    db_path: Path | str,
    settings: dict[str, object] | None = None,
    *,
    echo_log: bool = False,
) -> CrawlOutcome:
    """Run `spider` in a child process; the snapshot lands in `db_path`. Raises CrawlError if none was stored."""
    db_path = Path(db_path)
    log_file = _log_path(db_path)
    with tempfile.TemporaryDirectory(prefix="casco-crawl-") as scratch:
        outcome_file = Path(scratch) / "outcome.json"
        job = {
            "spider": spider,
            "spider_args": {key: value for key, value in spider_args.items() if value is not None},
            "settings": {**(settings or {}), "CASCO_DB": str(db_path), "CASCO_OUTCOME_FILE": str(outcome_file)},
        }
        env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "casco_watch.settings"}
        with open(log_file, "w", encoding="utf-8") as log:
            completed = subprocess.run(
                [sys.executable, "-m", "casco_watch.crawl_job", json.dumps(job)],
                stdout=log,
                stderr=None if echo_log else log,
                env=env,
                check=False,
            )
        if not outcome_file.exists():
            tail = log_file.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-5:]
            raise CrawlError(
                f"the crawl stopped (exit code {completed.returncode}) before storing a snapshot; "
                f"nothing was written. Log: {log_file}" + ("\n  " + "\n  ".join(tail) if tail else "")
            )
        outcome = json.loads(outcome_file.read_text(encoding="utf-8"))
    return CrawlOutcome(**outcome, log_file=str(log_file))


def _run_job(job: dict) -> None:
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    settings.setdict(job["settings"], priority="cmdline")
    process = CrawlerProcess(settings)
    process.crawl(job["spider"], **job["spider_args"])
    process.start()


if __name__ == "__main__":
    _run_job(json.loads(sys.argv[1]))
