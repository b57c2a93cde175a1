"""Snapshots for the history and diff tests, built straight from records through the real writer."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from casco_watch.pipeline.collect import Provenance, SnapshotCollector
from casco_watch.pipeline.store import open_database, write_snapshot
from casco_watch.schemas import RECORD_TABLES, RejectRow, SnapshotPart, SnapshotStatus
from casco_watch.schemas.records import Membership, Record
from tests.conftest import database_made_once


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
    collected = collector.finish(
        as_of, provenance=Provenance(derived_from=reparse_of, derivation="reparse" if reparse_of is not None else None)
    )
    reasons = [] if status == "complete" else [f"{status} in a test"]
    collected.snapshot = collected.snapshot.model_copy(update={
        "status": SnapshotStatus(status),
        "reasons": reasons,
        "parts": [
            SnapshotPart(
                record_table=table,
                status="complete" if status == "complete" and table not in partial_tables else "partial",
                reasons=reasons,
            )
            for table in covers
            if status != SnapshotStatus.FAILED
        ],
    })
    if status == SnapshotStatus.FAILED:
        collected.tables = {RejectRow.table: collected.tables[RejectRow.table]}
    return write_snapshot(con, collected).snapshot_id


def seats(committee_id: int, status: str, *member_ids: int) -> list[Membership]:
    return [Membership(committee_id=committee_id, member_id=m, status=status) for m in member_ids]


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "casco.duckdb"


@pytest.fixture(scope="session")
def empty_database(tmp_path_factory):
    """A database holding the schema and no snapshot, made once (creating one costs ~0.1 s of CPU, a copy ~1 ms)."""
    return database_made_once(tmp_path_factory, "empty", lambda con: None)


@pytest.fixture
def con(db_path, empty_database):
    """A new database at `db_path`, open for writing."""
    shutil.copyfile(empty_database, db_path)
    with open_database(db_path) as connection:
        yield connection
