"""The library's crawls: `crawl` (iso.org or a copy of it) and `reparse` (a stored snapshot's archive, read again).

Each builds one `CrawlRequest` (`casco_watch.runner.crawl_request`), runs it in a child process (Twisted's
reactor cannot be restarted, so no crawl runs in the caller's process) and returns the `CrawlOutcome`: the
stored Snapshot, the crawl's log file and its archive. Like the commands, a call waits for its turn to
write the database (`casco_watch.runner.crawl_lock`) and first commits what waits in its spool. `replay` (a capture) is in
`casco_watch.library.replaying`. Nothing here imports click: `casco crawl` and `casco reparse` call these.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from casco_watch.archives.captures import read_capture
from casco_watch.archives.crawl_archive import ArchiveError, resolve_archive_path
from casco_watch.library.replaying import plan_replay
from casco_watch.pipeline.changes import load_snapshot
from casco_watch.pipeline.store import open_database
from casco_watch.runner.crawl_events import Event
from casco_watch.runner.crawl_job import CrawlOutcome, run_crawl
from casco_watch.runner.crawl_lock import writing_turn
from casco_watch.runner.crawl_options import check_writable_database
from casco_watch.runner.crawl_request import site_crawl
from casco_watch.schemas import Derivation


class NoArchive(ArchiveError):
    """The snapshot to re-parse has no archive, or its archive is not where the database says."""


def crawl(
    db: str | Path,
    *,
    echo_log: bool = False,
    on_event: Callable[[Event], None] | None = None,
    **options,
) -> CrawlOutcome:
    """Crawl iso.org (or a copy of it) into `db` as one snapshot; the outcome says what was stored.

    `options` are those of `casco_watch.runner.crawl_request.site_crawl` (`committees`, default ISO/CASCO,
    `base_url`, `follow_liaisons`, `deliverables`, `as_of`) and `crawl_settings` (`delay`, `max_duration`,
    `user_agent`, `lock_timeout`, `max_vanish`, `browser`, `settings`). A bad argument raises CrawlArgumentError (a
    ValueError, `option` naming it) and a date after today FutureDateError, before any crawl starts; a crawl
    that stores nothing raises CrawlError, and SIGINT/SIGTERM CrawlInterrupted. `on_event` receives the
    crawl's events (`casco_watch.runner.crawl_events`), `echo_log` shows its log on stderr.
    """
    request = site_crawl(db, **options)
    with writing_turn(request.db):
        return run_crawl(request, echo_log=echo_log, on_event=on_event)


def reparse(
    db: str | Path,
    snapshot: int,
    *,
    echo_log: bool = False,
    on_event: Callable[[Event], None] | None = None,
) -> CrawlOutcome:
    """Read snapshot `snapshot`'s archive again with today's parsers, into a new snapshot of the same date.

    The new snapshot has derivation 'reparse' and is derived from `snapshot`, which stays as it was.
    SnapshotChoiceError when `db` holds no such snapshot, NoArchive when it has no archive (only site crawls
    keep one) or its file is missing, ArchiveError when the file is damaged, CrawlArgumentError when `db`
    cannot be written.
    """
    db_path = Path(db)
    with open_database(db_path, read_only=True) as con:
        original = load_snapshot(con, snapshot)
    if not original.archive:
        raise NoArchive(f"snapshot {snapshot} has no archive (only site crawls keep one), so it cannot be re-parsed")
    path = resolve_archive_path(original.archive, db_path)
    if not path.exists():
        raise NoArchive(f"the archive of snapshot {snapshot} is missing: {path}; restore it there to re-parse")
    check_writable_database(db_path)
    plan = plan_replay(read_capture(path), db_path, as_of=original.as_of, derivation=Derivation.REPARSE,
                       derived_from=snapshot)
    with writing_turn(db_path):
        return run_crawl(plan.request, echo_log=echo_log, on_event=on_event)
