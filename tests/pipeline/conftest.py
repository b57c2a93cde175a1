"""Snapshots for the history and diff tests, built straight from records through the real writer."""

from __future__ import annotations

import datetime as dt

import pytest

from casco_watch.pipeline.collect import SnapshotCollector
from casco_watch.pipeline.store import open_database, write_snapshot
from casco_watch.schemas import RECORD_TABLES, RejectRow, SnapshotPart, SnapshotStatus
from casco_watch.schemas.records import Membership, Record


def store_snapshot(
    con,
    as_of: dt.date,
    records: list[Record],
    *,
    status: str = "complete",
    source_kind: str = "site",
    scope: str = "test",
    covers: tuple[str, ...] = RECORD_TABLES,
    reparse_of: int | None = None,
    partial_tables: tuple[str, ...] = (),
) -> int:
    """Write `records` as one snapshot of the given status through the real collector and writer; returns its id.

    Every covered table is one part with the snapshot's status (partial when the snapshot is not complete),
    but those in `partial_tables` are partial; `reparse_of` makes it a re-parse of that snapshot.
    """
    collector = SnapshotCollector(
        source_kind=source_kind, source="test", scope=scope, covers=covers, page_kinds=(), spiders=["test"]
    )
    collector.add_all(records)
    collected = collector.finish(as_of)
    snapshot = collected.snapshot
    snapshot.status = status
    snapshot.reasons = [] if status == "complete" else [f"{status} in a test"]
    snapshot.parts = [
        SnapshotPart(
            record_table=table,
            status="complete" if status == "complete" and table not in partial_tables else "partial",
            reasons=snapshot.reasons,
        )
        for table in covers
        if status != SnapshotStatus.FAILED
    ]
    if reparse_of is not None:
        snapshot.derived_from, snapshot.derivation = reparse_of, "reparse"
    if status == SnapshotStatus.FAILED:
        collected.tables = {RejectRow.table: collected.tables[RejectRow.table]}
    return write_snapshot(con, collected)


def seats(committee_id: int, status: str, *member_ids: int) -> list[Membership]:
    return [Membership(committee_id=committee_id, member_id=m, status=status) for m in member_ids]


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "casco.duckdb"


@pytest.fixture
def con(db_path):
    with open_database(db_path) as connection:
        yield connection
