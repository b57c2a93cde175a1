"""The library beneath the `casco` command: load, store, diff and read history from Python.

Nothing here starts Scrapy or a child process. Every function takes `db` as a
path to a casco-watch DuckDB file or as an open connection (from
`open_database`); a path is opened for the length of the call only, waiting
while another process holds the file (30 s to read, `lock_timeout` to write;
a snapshot that cannot be written in time waits in the spool, see docs/locking.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import duckdb

from casco_watch.download import DownloadError, download
from casco_watch.parsers.opendata import (
    DATASET_MODELS,
    DATASET_SCOPE,
    UNDATED,
    dataset_as_of,
    parse_dataset,
)
from casco_watch.pipeline.changes import Diff, Rows, diff_snapshots
from casco_watch.pipeline.collect import CollectedSnapshot, CrawlItem, SnapshotCollector
from casco_watch.pipeline.history import committee_timeline as _committee_timeline
from casco_watch.pipeline.history import member_timeline as _member_timeline
from casco_watch.pipeline.commit import commit_snapshot, refuse_future_date
from casco_watch.pipeline.store import DEFAULT_DB, WRITER_LOCK_TIMEOUT, open_database, read_snapshots
from casco_watch.schemas import PageFailure, PageVisit, RecordBatch, Snapshot
from casco_watch.schemas.snapshot import SourceKind

Database = str | Path | duckdb.DuckDBPyConnection
log = logging.getLogger(__name__)


class DatasetError(Exception):
    """An Open Data file that cannot be loaded as it is; the message says what to do. Nothing was stored."""


@contextmanager
def _reading(db: Database) -> Iterator[duckdb.DuckDBPyConnection]:
    if isinstance(db, duckdb.DuckDBPyConnection):
        yield db
        return
    with open_database(db, read_only=True) as con:
        yield con


class AlreadyStored(UserWarning):
    """Nothing was stored: the same dump for the same day is already there; `snapshot` is that stored one."""

    def __init__(self, source: str, snapshot: Snapshot):
        super().__init__(
            f"skipped {source}: the same content as of {snapshot.as_of} is already stored as "
            f"snapshot {snapshot.snapshot_id}; nothing new was stored"
        )
        self.snapshot = snapshot


def _stored(db: Database, collected: CollectedSnapshot, lock_timeout: float, max_vanish: float | None) -> Snapshot:
    """Commit through the one commit path; a repeat returns the stored twin with an AlreadyStored warning."""
    committed = commit_snapshot(db, collected, lock_timeout=lock_timeout, max_vanish=max_vanish)
    if committed.skipped:
        warnings.warn(AlreadyStored(collected.snapshot.source, committed.snapshot), stacklevel=3)
    return committed.snapshot


def store_snapshot(
    db: Database,
    items: Iterable[CrawlItem],
    *,
    source_kind: SourceKind,
    source: str,
    scope: str,
    as_of: dt.date,
    covers: Iterable[str] | None = None,
    page_kinds: Iterable[str] = (),
    requested_committees: Iterable[int] = (),
    lock_timeout: float = WRITER_LOCK_TIMEOUT,
    max_vanish: float | None = None,
) -> Snapshot:
    """Judge validated records (and Rejects, PageVisits, PageFailures) as one snapshot and store it.

    `covers` names the tables the source set out to fill (default: the tables of
    the records given); `page_kinds` the pages read, which switches on the
    checks that need them (counters against participation rows, a page per member).
    `max_vanish` is the share of a committee's seats that may vanish at once before
    its memberships are held back as suspect (default 0.2; see pipeline/plausibility.py).
    An `as_of` after today raises FutureDateError.
    """
    refuse_future_date(as_of)
    items = list(items)
    if covers is None:
        records = (part for item in items for part in (item.records if isinstance(item, RecordBatch) else (item,)))
        covers = {record.table for record in records if hasattr(record, "table")}
    collector = SnapshotCollector(
        source_kind=source_kind,
        source=source,
        scope=scope,
        covers=covers,
        page_kinds=page_kinds,
        spiders=[],
        requested_committees=requested_committees,
    )
    collector.add_all(items)
    return _stored(db, collector.finish(as_of), lock_timeout, max_vanish)


def _read_dataset(dataset: str) -> tuple[bytes, str | None]:
    """The file's bytes and, for a URL, its Last-Modified header (downloaded with the crawler's manners)."""
    scheme = urlparse(dataset).scheme
    if scheme in ("http", "https"):
        try:
            downloaded = download(dataset)
        except DownloadError as error:
            raise DatasetError(str(error)) from error
        return downloaded.body, downloaded.last_modified
    return local_dump(urlparse(dataset).path if scheme == "file" else dataset).read_bytes(), None


def local_dump(path: str | Path) -> Path:
    """The path of a dump file that exists; the one error for a missing one, whichever command was given it."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise DatasetError(f"{path} is a folder; give a dump file (iso_technical_committees-YYYY-MM-DD.jsonl.gz)")
    if not path.is_file():
        raise DatasetError(f"no such file: {path}")
    return path


def load_opendata(
    dataset: str | Path,
    db: Database = DEFAULT_DB,
    as_of: dt.date | None = None,
    *,
    lock_timeout: float = WRITER_LOCK_TIMEOUT,
    max_vanish: float | None = None,
) -> Snapshot:
    """Load one ISO Open Data committee file (path, file:// or http(s) URL, plain or gzip'd) as one snapshot.

    The snapshot is dated `as_of`, else by the date in the file name or URL, else by
    the server's Last-Modified (`parsers.opendata.dataset_as_of`, as for the spider);
    when Last-Modified disagrees with the name, the name wins and a warning is logged
    (`casco_watch` logger: the command prints it). A file with no date is refused,
    never dated today, and a date after today raises FutureDateError. A URL is
    downloaded as the crawler would (its User-Agent; 429/5xx retried with backoff,
    honouring Retry-After): `casco_watch.download`. It goes through the same
    parser, judge, plausibility check (`max_vanish`, as for `store_snapshot`) and
    store as `scrapy crawl opendata`, and records the sha256
    of the file's bytes as `content_digest`: loading the same file for the same
    day again stores nothing and returns the stored snapshot with an
    `AlreadyStored` warning (`warnings.simplefilter("error", AlreadyStored)`
    makes that an exception carrying `.snapshot`).
    """
    source = str(dataset)
    if as_of is not None:
        refuse_future_date(as_of)
    body, last_modified = _read_dataset(source)
    as_of, disagreement = dataset_as_of(source, as_of, last_modified)
    if disagreement:
        log.warning(disagreement)
    if as_of is None:
        raise DatasetError(UNDATED.format(source=source))
    refuse_future_date(as_of)
    collector = SnapshotCollector(
        source_kind="opendata",
        source=source,
        scope=DATASET_SCOPE,
        covers=[model.table for model in DATASET_MODELS],
        page_kinds=["dataset"],
        spiders=[],
    )
    try:
        collector.add_all(parse_dataset(body, source))
    except (OSError, EOFError) as error:
        collector.add(PageFailure(url=source, page_kind="dataset", reason=f"not a readable gzip file: {error}"))
    else:
        collector.add(PageVisit(url=source, page_kind="dataset"))
    collected = collector.finish(as_of)
    collected.snapshot.content_digest = f"sha256:{hashlib.sha256(body).hexdigest()}"
    return _stored(db, collected, lock_timeout, max_vanish)


def snapshots(db: Database = DEFAULT_DB) -> list[Snapshot]:
    """Every stored snapshot, oldest first."""
    with _reading(db) as con:
        return read_snapshots(con)


def diff(
    db: Database = DEFAULT_DB,
    from_snapshot: int | None = None,
    to_snapshot: int | None = None,
    committee: int | None = None,
) -> Diff:
    """What changed between two snapshots; by default the two latest complete ones of one series.

    `.summary()` is the `summary` of `casco diff --format json`, `.to_dict()` its whole JSON.
    """
    with _reading(db) as con:
        return diff_snapshots(con, from_snapshot, to_snapshot, committee)


def member_timeline(db: Database, member: str | int, committee: int | None = None) -> Rows:
    """A member body's seats (committee, status, from, to), by acronym or ISO member id: `casco history --member`."""
    with _reading(db) as con:
        return _member_timeline(con, str(member), committee)


def committee_timeline(db: Database, committee: int) -> Rows:
    """A committee's P and O counts per complete snapshot and the seats changed: `casco history --committee`."""
    with _reading(db) as con:
        return _committee_timeline(con, committee)
