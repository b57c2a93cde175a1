"""`casco demo`: the whole tool working offline, on the bundled copy of the site in two dated states.

It serves each dated state of the bundled fixture site (`casco_watch.fixture_site`) on a free loopback port
of its own and crawls them oldest first, one after the other in one crawl process (one Scrapy start-up), so a
newcomer sees two real snapshots and a real diff without reaching iso.org. Each crawl leaves its archive in
`archive/` beside the database, so `casco reparse` and `casco crawl --replay` work on them offline.

The demo replaces its database on every run, so it touches only a database it made itself: one with its
mark beside it (`demo.duckdb.casco-demo`) that holds nothing but crawls of a loopback server.
"""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlparse

from casco_watch.archives.crawl_archive import resolve_archive_path
from casco_watch.fixture_site.server import FIXTURE_STATES, FixtureSite
from casco_watch.pipeline.store import DatabaseError, open_database, read_snapshots
from casco_watch.runner.crawl_job import CrawlOutcome, run_crawls
from casco_watch.runner.crawl_request import crawl_settings, site_crawl
from casco_watch.schemas import SourceKind

DEMO_DB = Path("output") / "demo.duckdb"
LOOPBACK_SETTINGS = crawl_settings(delay=0, settings={"CASCO_RETRY_BACKOFF_BASE": 0.1})
"""A local server needs no politeness delay."""
MARK_SUFFIX = ".casco-demo"


class NotADemoDatabase(Exception):
    """The database was not made by `casco demo`: the demo, which replaces its database, must leave it alone."""


def demo_mark(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + MARK_SUFFIX)


def refuse_foreign_database(db_path: Path) -> None:
    """Raise NotADemoDatabase unless `db_path` is absent or was made by the demo (its mark, loopback crawls only)."""
    if not db_path.exists():
        return
    refusal = (f"{db_path} was not made by `casco demo`, which replaces its database and deletes that "
               "database's archives; it was left untouched. Give --db a new file (or one an earlier "
               "`casco demo` made)")
    if not demo_mark(db_path).is_file():
        raise NotADemoDatabase(refusal)
    try:
        with open_database(db_path, read_only=True) as con:
            stored = read_snapshots(con)
    except DatabaseError as error:
        raise NotADemoDatabase(f"{refusal}: {error}") from error
    if any(snapshot.source_kind != SourceKind.SITE or urlparse(snapshot.source).hostname != "127.0.0.1" for snapshot in stored):
        raise NotADemoDatabase(f"{refusal}: it holds snapshots of other sources than the demo's loopback server")


def _previous_archives(db_path: Path) -> list[Path]:
    """The archives that the demo's own crawls wrote beside its database about to be replaced.

    Replays and re-parses point at those same files, or at archives elsewhere that the demo never wrote,
    so only snapshots that are neither count.
    """
    if not db_path.exists():
        return []
    try:
        with open_database(db_path, read_only=True) as con:
            stored = read_snapshots(con)
    except DatabaseError:
        return []
    return [
        resolve_archive_path(snapshot.archive, db_path)
        for snapshot in stored
        if snapshot.archive and snapshot.derivation is None and not Path(snapshot.archive).is_absolute()
    ]


def run_demo(db_path: Path, report, on_event=None) -> list[CrawlOutcome]:
    """Crawl every fixture state into a fresh `db_path`, calling `report(state, outcome)` after each.

    Raises NotADemoDatabase, touching nothing, if `db_path` holds a database the demo did not make (checked
    again here, under the writing turn, though the command checks before it takes the turn).
    `on_event` receives the crawl's progress events (`casco_watch.runner.crawl_events`)."""
    refuse_foreign_database(db_path)
    for stale in _previous_archives(db_path):
        stale.unlink(missing_ok=True)
    for stale in (db_path, db_path.with_name(db_path.name + ".wal")):
        stale.unlink(missing_ok=True)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    demo_mark(db_path).write_text("Made by `casco demo`, which may replace this database.\n", encoding="utf-8")
    with ExitStack() as servers:
        sites = [servers.enter_context(FixtureSite(state)) for state in FIXTURE_STATES]
        requests = [site_crawl(db_path, base_url=site.base_url, as_of=site.state, settings=LOOPBACK_SETTINGS)
                    for site in sites]
        return run_crawls(requests, on_event=on_event,
                          on_outcome=lambda outcome: report(outcome.snapshot.as_of.isoformat(), outcome))
