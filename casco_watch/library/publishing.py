"""Telling people what is stored: the HTML report, and a notification of what changed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from casco_watch.library.connections import Database, reading
from casco_watch.pipeline.changes import diff_snapshots
from casco_watch.pipeline.store import READER_LOCK_TIMEOUT
from casco_watch.publishing.notify import (
    Notification,
    changes_since_previous,
    changes_to_send,
    check_target,
    deliver,
)
from casco_watch.publishing.report import DEFAULT_REPORT, Report, build_report, write_report
from casco_watch.schemas import Snapshot


@dataclass(frozen=True)
class WrittenReport:
    """The page written to `path`, and what it shows."""

    path: Path
    report: Report

    def references(self) -> list[str]:
        """The committees the page has a section for, by reference."""
        return [section.committee["reference"] for section in self.report.sections]


def report(
    db: Database, out: str | Path = DEFAULT_REPORT, committees: Iterable[int] | None = None, *,
    lock_timeout: float = READER_LOCK_TIMEOUT,
) -> WrittenReport:
    """`casco report`: one self-contained HTML page (latest officers, members, subgroups, liaisons, work
    programme, latest changes, P/O timelines) written whole to `out`.

    `committees`: by default every committee in the latest site data, else ISO/CASCO.
    """
    with reading(db, lock_timeout) as con:
        page = build_report(con, str(db), committees or None)
    write_report(page, Path(out))
    return WrittenReport(Path(out), page)


def notify(
    db: Database, to: str, from_snapshot: int | None = None, to_snapshot: int | None = None, *,
    lock_timeout: float = READER_LOCK_TIMEOUT,
) -> Notification:
    """`casco notify`: send the changes (by default what `diff(db)` shows) to a webhook (JSON) or an apprise URL.

    Nothing is sent when nothing changed, for a first snapshot, or when one of two named
    snapshots is not complete; `.sent` and `.reason` say which. The URL is checked before
    the database is read; NotifyError when it is unusable or delivery failed.
    """
    check_target(to)
    with reading(db, lock_timeout) as con:
        if from_snapshot is None and to_snapshot is None:
            found = changes_since_previous(con)
        else:
            found = changes_to_send(diff_snapshots(con, from_snapshot, to_snapshot))
    return deliver(found, to)


def notify_stored(db: Database, to: str, stored: Snapshot, *, lock_timeout: float = READER_LOCK_TIMEOUT) -> Notification:
    """After a crawl stored `stored`: send each of its complete parts' changes since their last complete state."""
    with reading(db, lock_timeout) as con:
        found = changes_since_previous(con, stored)
    return deliver(found, to)
