"""What a crawl is about to do, said before it reads a page: site, committees, pages, pace and time expected.

The child process builds the spider from the request (the only place it is built) and reports what it will
read when it opens it (`crawl_events.Started`); the parent adds the last snapshot of the same scope in the
request's database and says the plan (`crawl_job.crawl_plan`, passed on as a `Planned` event). No click, no
Scrapy here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from casco_watch.pipeline.store import DatabaseError, open_database, read_snapshots
from casco_watch.schemas import Snapshot, SnapshotStatus

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
            pages = (f"roughly {self.pages} pages, as many as a committee of CASCO's size has (no earlier snapshot of this "
                     "scope in the database to go by)")
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
