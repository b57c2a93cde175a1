"""First contact: the pages a crawl fetched but did not fully understand, and where their raw copies are.

When iso.org shows a label or a layout the parsers do not know, a crawl's summary names each such page,
what was not understood (the Reject errors, or the layout error), and its copy in the snapshot's archive
with a command that extracts it: the copy is what a bug report or a parser fix needs, and once the parser
knows the page, `casco reparse` rebuilds the snapshot from the same archive.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path

import duckdb

from casco_watch.archives.crawl_archive import ArchiveError, CrawlArchive, read_archive, resolve_archive_path
from casco_watch.pipeline.store import DatabaseError, open_database, sql_text
from casco_watch.schemas import Snapshot, SnapshotStatus, SourceKind

MAX_PAGES = 5
MAX_PROBLEMS_PER_PAGE = 3


@dataclass(frozen=True)
class ProblemPage:
    url: str
    page_kind: str | None
    warc_record_id: str | None
    problems: list[str]


def problem_pages(con: duckdb.DuckDBPyConnection, snapshot_id: int) -> list[ProblemPage]:
    """The snapshot's pages that were fetched but lost to their layout, or had records rejected."""
    rows = con.execute(sql_text("first_contact.sql"), {"snapshot_id": snapshot_id}).fetchall()
    return [ProblemPage(*row) for row in rows]


def _more(count: int, noun: str) -> str:
    return f"... and {count} more {noun}{'' if count == 1 else 's'}"


def _page_lines(page: ProblemPage, archive: CrawlArchive | None, archive_path: Path | None) -> list[str]:
    kind = f" ({page.page_kind} page)" if page.page_kind else ""
    lines = [f"    * {page.url}{kind}"]
    lines += [f"        {problem}" for problem in page.problems[:MAX_PROBLEMS_PER_PAGE]]
    if len(page.problems) > MAX_PROBLEMS_PER_PAGE:
        lines.append(f"        {_more(len(page.problems) - MAX_PROBLEMS_PER_PAGE, 'problem')}")
    if page.warc_record_id is None or archive_path is None:
        lines.append("        no archived copy (the crawl kept no archive)")
        return lines
    lines.append(f"        archived: {archive_path} record {page.warc_record_id}")
    copy = archive.copy_with_record_id(page.warc_record_id) if archive is not None else None
    if copy is not None:
        lines.append(f"        extract:  warcio extract --payload {shlex.quote(str(archive_path))} {copy.offset}")
    return lines


def first_contact_report(snapshot: Snapshot, db_path: Path) -> list[str]:
    """Lines for a crawl's summary naming the pages not understood (a few lines each, at most MAX_PAGES)."""
    if snapshot.source_kind != SourceKind.SITE or snapshot.snapshot_id is None or (
        snapshot.status == SnapshotStatus.COMPLETE and not snapshot.rejected
    ):
        return []
    try:
        with open_database(db_path, read_only=True) as con:
            pages = problem_pages(con, snapshot.snapshot_id)
    except DatabaseError as error:
        return [f"  (the pages not understood cannot be listed: {error})"]
    if not pages:
        return []
    archive_path = resolve_archive_path(snapshot.archive, db_path) if snapshot.archive else None
    archive, archive_note = None, []
    if archive_path is not None:
        try:
            archive = read_archive(archive_path)
        except ArchiveError as error:
            archive_note = [f"    (no extract commands: {error})"]
    db = shlex.quote(str(db_path))
    lines = [
        f"  First contact: {len(pages)} page{'' if len(pages) == 1 else 's'} fetched but not fully understood. "
        "Report the archived copy, or teach the parser and run "
        f"`casco reparse {snapshot.snapshot_id} --db {db}`:",
        *archive_note,
    ]
    for page in pages[:MAX_PAGES]:
        lines += _page_lines(page, archive, archive_path)
    if len(pages) > MAX_PAGES:
        query = f"SELECT source_url, errors FROM rejects WHERE snapshot_id = {snapshot.snapshot_id}"
        lines.append(f"    {_more(len(pages) - MAX_PAGES, 'page')}: casco query --db {db} {shlex.quote(query)}")
    return lines
