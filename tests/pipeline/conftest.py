"""Snapshots for the history and diff tests, built straight from records through the real writer."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pyarrow as pa
import pytest

from casco_watch.pipeline.store import SnapshotRow, open_database, write_snapshot
from casco_watch.schemas.records import Membership, Record

ALL_TABLES = ("committees", "officers", "subgroups", "member_bodies", "memberships", "liaisons", "organizations")


def store_snapshot(
    con,
    as_of: dt.date,
    records: list[Record],
    *,
    status: str = "complete",
    source_kind: str = "site",
    scope: str = "test",
    covers: tuple[str, ...] = ALL_TABLES,
) -> int:
    """Write `records` as one snapshot through the real writer; returns its id."""
    by_table: dict[str, list[dict]] = defaultdict(list)
    for record in records:
        by_table[record.table].append(record.model_dump())
    moment = dt.datetime.combine(as_of, dt.time(12), tzinfo=dt.timezone.utc)
    snapshot = SnapshotRow(
        started_at=moment, finished_at=moment, as_of=as_of, source_kind=source_kind, source="test",
        scope=scope, covers=list(covers), spiders=["test"], status=status,
        reasons=[] if status == "complete" else [f"{status} in a test"], pages_by_status={},
        records={table: len(rows) for table, rows in by_table.items()}, rejected={}, tool_version="test",
    )
    return write_snapshot(con, snapshot, {table: pa.Table.from_pylist(rows) for table, rows in by_table.items()})


def seats(committee_id: int, status: str, *member_ids: int) -> list[Membership]:
    return [Membership(committee_id=committee_id, member_id=m, status=status) for m in member_ids]


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "casco.duckdb"


@pytest.fixture
def con(db_path):
    with open_database(db_path) as connection:
        yield connection
