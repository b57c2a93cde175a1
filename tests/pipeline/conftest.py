"""Snapshots for the history and diff tests: built straight from records, or imported from the real dumps."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import subprocess
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pytest

from pipeline.store import SnapshotRow, open_database, write_snapshot
from schemas.records import Membership, Record
from tests.conftest import REPO, casco_executable

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


OPEN_DATA = REPO.parent / "shared" / "iso-open-data"
OPEN_DATA_DUMPS = sorted(OPEN_DATA.glob("iso_technical_committees-*.jsonl.gz"))


@dataclass(frozen=True)
class DumpReading:
    """One Open Data dump read with nothing but json and gzip: the facts a diff is checked against."""

    references: dict[int, str]
    seats: dict[tuple[int, int], str]
    liaisons: frozenset[tuple[int, str, int]]

    @classmethod
    def read(cls, path: Path) -> DumpReading:
        references, seats, liaisons = {}, {}, set()
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            for line in map(json.loads, lines):
                committee = line["id"]
                references[committee] = line["reference"]
                for status, field in (("P", "pMembers"), ("O", "oMembers")):
                    seats.update({(committee, entry["id"]): status for entry in line[field] or []})
                for kind, field in (("committee", "committeeLiaisons"), ("organization", "organizationLiaisons")):
                    liaisons.update((committee, kind, entry["id"]) for entry in line[field] or [])
        return cls(references, seats, frozenset(liaisons))


@pytest.fixture(scope="session")
def opendata_db(tmp_path_factory):
    """The ten real dumps imported with the real `casco import-opendata`, once per test session."""
    if not OPEN_DATA_DUMPS:
        pytest.skip(f"the real ISO Open Data dumps are not here ({OPEN_DATA}); these tests need ../shared")
    path = tmp_path_factory.mktemp("opendata") / "casco.duckdb"
    result = subprocess.run([casco_executable(), "import-opendata", *OPEN_DATA_DUMPS, "--db", path],
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    return path
