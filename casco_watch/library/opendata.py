"""`load_opendata`: one ISO Open Data file (committees or deliverables dataset, path or URL) as one snapshot.

Nothing here starts Scrapy: the file is streamed through the same parser, judge
and commit path as `scrapy crawl opendata`, and a URL is downloaded with the
crawler's manners, defined once in its settings (`casco_watch.crawler.download`:
User-Agent, robots.txt, retries, Retry-After). What the two share and what stays
the spider's own: spiders/opendata.py.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import json
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import duckdb

from casco_watch.crawler.download import DownloadError, open_url
from casco_watch.library.connections import Database, reading
from casco_watch.parsers.opendata import (
    DATASET_COVERS,
    DATASET_SCOPE,
    UNDATED,
    dataset_as_of,
    parse_dataset,
    unreadable_dataset,
)
from casco_watch.parsers.opendata_deliverables import (
    DELIVERABLES_DATASET,
    DELIVERABLES_SCOPE,
    deliverable_rows,
    is_deliverables_row,
    parse_deliverable,
)
from casco_watch.pipeline.collect import Provenance, SnapshotCollector
from casco_watch.pipeline.commit import Committed, commit_snapshot, refuse_future_date
from casco_watch.pipeline.history import committee_ids_by_reference as _committee_ids_by_reference
from casco_watch.pipeline.store import WRITER_LOCK_TIMEOUT, default_db
from casco_watch.schemas import Deliverable, PageFailure, PageKind, PageVisit, Reject, SourceKind, content_digest
from casco_watch.spiders import CASCO_COMMITTEE_ID

log = logging.getLogger(__name__)


class DatasetError(Exception):
    """An Open Data file that cannot be loaded as it is; the message says what to do. Nothing was stored."""


class _Digesting(io.RawIOBase):
    """A byte stream that keeps the sha256 of what was read through it: a dataset's digest in the same pass."""

    def __init__(self, raw) -> None:
        self.raw, self.sha256 = raw, hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        count = self.raw.readinto(buffer) or 0
        self.sha256.update(memoryview(buffer)[:count])
        return count


@contextmanager
def _dataset_stream(dataset: str) -> Iterator[tuple[io.BufferedReader, _Digesting, str | None]]:
    """The file's content as a stream (gunzipped when it is gzip'd, known by its magic bytes), the raw bytes'
    digest, and for a URL its Last-Modified header (opened with the crawler's manners: casco_watch.crawler.download,
    whose DownloadError says why a URL could not be fetched)."""
    scheme = urlparse(dataset).scheme
    if scheme in ("http", "https"):
        raw = open_url(dataset)
        last_modified = raw.headers.get("Last-Modified")
    else:
        raw, last_modified = local_dump(url2pathname(urlparse(dataset).path) if scheme == "file" else dataset).open("rb"), None
    with raw:
        digesting = _Digesting(raw)
        stream = io.BufferedReader(digesting, buffer_size=1 << 20)
        if stream.peek(2)[:2] == b"\x1f\x8b":
            stream = io.BufferedReader(gzip.GzipFile(fileobj=stream), buffer_size=1 << 20)
        yield stream, digesting, last_modified


def _is_deliverables(stream: io.BufferedReader) -> bool:
    """Whether the stream's first line (a JSON object, or a CSV header) has the deliverables dataset's fields."""
    head = stream.peek(1 << 20).lstrip()
    first = head.split(b"\n", 1)[0]
    if first.startswith(b"{"):
        try:
            return is_deliverables_row(json.loads(first))
        except ValueError:
            return False
    return is_deliverables_row(field.strip().strip('"') for field in first.decode("utf-8-sig", "replace").split(","))


def local_dump(path: str | Path) -> Path:
    """The path of a dump file that exists; the one error for a missing one, whichever command was given it."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise DatasetError(f"{path} is a folder; give a dump file (iso_technical_committees-YYYY-MM-DD.jsonl.gz)")
    if not path.is_file():
        raise DatasetError(f"no such file: {path}")
    return path


def committee_ids_by_reference(db: Database) -> dict[str, int]:
    """Every committee reference the database has seen, with its id; ISO/CASCO's is known without it, since the
    committees dataset has no CASCO row (shared/iso-site/NOTES.md §4.3)."""
    known = {}
    if isinstance(db, duckdb.DuckDBPyConnection) or Path(db).exists():
        with reading(db) as con:
            known = _committee_ids_by_reference(con)
    return {"ISO/CASCO": CASCO_COMMITTEE_ID, **known}


def load_opendata(
    dataset: str | Path,
    db: Database | None = None,
    as_of: dt.date | None = None,
    *,
    committees: Iterable[int] = (),
    lock_timeout: float = WRITER_LOCK_TIMEOUT,
    max_vanish: float | None = None,
) -> Committed:
    """Load one ISO Open Data file (path, file:// or http(s) URL, plain or gzip'd) as one snapshot: the committees
    dataset, or the deliverables dataset (recognised by its fields; `committees`: only those committees' documents),
    into `db` (by default the CASCO_DB environment variable's, else output/casco.duckdb, as for `casco`).

    The snapshot is dated `as_of`, else by the date in the file name or URL, else by
    the server's Last-Modified (`parsers.opendata.dataset_as_of`, as for the spider);
    when Last-Modified disagrees with the name, the name wins and a warning is logged
    (`casco_watch` logger: the command prints it). A file with no date is refused,
    never dated today, and a date after today raises FutureDateError. A URL is
    downloaded as the crawler would (its User-Agent and robots.txt; 429/5xx retried
    with backoff, honouring Retry-After): `casco_watch.crawler.download`. It goes through the same
    parser, judge, plausibility check (`max_vanish`, as for `store_snapshot`) and
    store as `scrapy crawl opendata`, and records the sha256
    of the file's bytes as `content_digest`. Returns what was committed: `.snapshot`
    as stored, and `.skipped` when the same file for the same day was stored already
    (nothing new is stored; `.snapshot` is the stored one). The deliverables dataset is
    read line by line, so memory holds only the records kept, never the file.
    """
    source = str(dataset)
    db = default_db() if db is None else db
    committees = tuple(sorted(set(committees)))
    if as_of is not None:
        refuse_future_date(as_of)
    try:
        return _load_stream(source, db, as_of, committees, lock_timeout, max_vanish)
    except DownloadError as error:
        return _lost_download(source, db, as_of, committees, error, lock_timeout, max_vanish)


def _load_stream(
    source: str, db: Database, as_of: dt.date | None, committees: tuple[int, ...], lock_timeout: float,
    max_vanish: float | None,
) -> Committed:
    with _dataset_stream(source) as (stream, digesting, last_modified):
        as_of, disagreement = dataset_as_of(source, as_of, last_modified)
        if disagreement:
            log.warning(disagreement)
        if as_of is None:
            raise DatasetError(UNDATED.format(source=source))
        refuse_future_date(as_of)
        try:
            deliverables = _is_deliverables(stream)
        except (OSError, EOFError):
            deliverables = False
        if deliverables:
            owners = committee_ids_by_reference(db)
            collector = _deliverables_collector(source, committees)
            read = lambda: collector.add_all(_deliverable_items(stream, source, owners, committees))  # noqa: E731
        elif committees:
            raise DatasetError(
                f"{source} is not ISO Open Data's deliverables dataset; --committee chooses committees of that "
                "dataset only (the committees dataset is always loaded whole)"
            )
        else:
            collector = _committees_collector(source)
            read = lambda: collector.add_all(parse_dataset(stream.read(), source))  # noqa: E731
        page_kind = PageKind.DELIVERABLES_DATASET if deliverables else PageKind.DATASET
        try:
            read()
        except (OSError, EOFError) as error:
            collector.add(unreadable_dataset(source, page_kind, error))
        else:
            collector.add(PageVisit(url=source, page_kind=page_kind))
        while digesting.read(1 << 20):
            pass  # the digest covers every byte of the file, read or not
    collected = collector.finish(as_of, provenance=Provenance(content_digest=content_digest(digesting.sha256.hexdigest())))
    downloaded = urlparse(source).scheme in ("http", "https")  # a local file can be read again: spooled only if need be
    return commit_snapshot(db, collected, lock_timeout=lock_timeout, max_vanish=max_vanish, spool_first=downloaded)


def _lost_download(
    source: str, db: Database, as_of: dt.date | None, committees: tuple[int, ...], error: DownloadError,
    lock_timeout: float, max_vanish: float | None,
) -> Committed:
    """A dataset the server would not give is a failed snapshot, recorded as the spider records it: dated by
    `as_of` or its name (an undated one is refused), of the dataset its name says (the committees dataset unless
    it names the deliverables one: nothing else of it is known)."""
    as_of, _ = dataset_as_of(source, as_of, None)
    if as_of is None:
        raise DatasetError(f"{error}; nothing was stored (the dataset has no date in its name to record the failure by)")
    deliverables = DELIVERABLES_DATASET in source
    collector = _deliverables_collector(source, committees) if deliverables else _committees_collector(source)
    collector.add(PageFailure(url=source, page_kind=PageKind.DELIVERABLES_DATASET if deliverables else PageKind.DATASET,
                              cause=error.cause, reason=str(error), http_status=error.http_status))
    return commit_snapshot(db, collector.finish(as_of), lock_timeout=lock_timeout, max_vanish=max_vanish)


def _committees_collector(source: str) -> SnapshotCollector:
    return SnapshotCollector(
        source_kind=SourceKind.OPENDATA, source=source, scope=DATASET_SCOPE,
        covers=DATASET_COVERS, page_kinds=["dataset"], spiders=[],
    )


def _deliverables_collector(source: str, committees: tuple[int, ...]) -> SnapshotCollector:
    scope = DELIVERABLES_SCOPE + (f":committees={','.join(map(str, committees))}" if committees else "")
    return SnapshotCollector(
        source_kind=SourceKind.OPENDATA, source=source, scope=scope, covers=[Deliverable.table],
        page_kinds=["deliverables_dataset"], spiders=[], requested_committees=committees,
    )


def _deliverable_items(stream, source: str, owners: dict[str, int], committees: tuple[int, ...]):
    """The Deliverables (and Rejects) of the rows owned by `committees` (every row when none is named)."""
    chosen = set(committees)
    for number, row in deliverable_rows(stream, source):
        if isinstance(row, Reject):
            yield row
            continue
        owner = owners.get(row.get("ownerCommittee"))
        if chosen and owner not in chosen:
            continue
        yield parse_deliverable(row, number, source, owners.get)
