"""The spool: a finished snapshot on disk, whole or not at all, until the database takes it."""

import datetime as dt

import pyarrow as pa

from casco_watch.pipeline import spool
from casco_watch.pipeline.collect import CollectedSnapshot
from tests.pipeline.test_store import memberships, snapshot_row


def collected(as_of=dt.date(2026, 10, 1), *member_ids) -> CollectedSnapshot:
    """A finished snapshot of its own run: a run is known by when it started and ended."""
    now = dt.datetime.now(dt.timezone.utc)
    snapshot = snapshot_row(as_of).model_copy(update={"started_at": now, "finished_at": now})
    rejects = pa.Table.from_pylist([{"record_type": "Officer", "source_url": "http://x", "line_number": None,
                                     "payload": "{}", "errors": ["unknown officer label 'Convenor'"]}])
    return CollectedSnapshot(snapshot, {"memberships": memberships(*member_ids or (1619,)), "rejects": rejects})


def test_a_spooled_snapshot_comes_back_with_the_same_rows_and_types(tmp_path):
    db = tmp_path / "casco.duckdb"
    original = collected(dt.date(2026, 10, 1), 1619, 2064)
    entry = spool.spool(db, original)
    assert entry.path.parent == tmp_path / "spool" / "casco.duckdb"
    (listed,) = spool.pending(db)
    assert listed.snapshot == original.snapshot
    loaded = listed.load()
    assert loaded.snapshot == original.snapshot
    assert set(loaded.tables) == {"memberships", "rejects"}
    for name, table in original.tables.items():
        assert loaded.tables[name].to_pylist() == table.to_pylist()
        assert [field.type for field in loaded.tables[name].schema] == [field.type for field in table.schema]


def test_pending_snapshots_come_oldest_first_and_leave_when_discarded(tmp_path):
    db = tmp_path / "casco.duckdb"
    first = spool.spool(db, collected(dt.date(2026, 10, 1)))
    second = spool.spool(db, collected(dt.date(2026, 9, 1)))
    assert [entry.name for entry in spool.pending(db)] == [first.name, second.name]
    spool.discard(first)
    assert [entry.name for entry in spool.pending(db)] == [second.name]
    assert sorted(path.name for path in spool.spool_dir(db).iterdir()) == [second.name]


def test_each_database_has_its_own_spool(tmp_path):
    spool.spool(tmp_path / "casco.duckdb", collected())
    assert spool.pending(tmp_path / "demo.duckdb") == []


def test_a_snapshot_still_being_written_or_unreadable_is_not_pending(tmp_path, caplog):
    db = tmp_path / "casco.duckdb"
    kept = spool.spool(db, collected())
    (spool.spool_dir(db) / ".00000000000000000001-99.partial").mkdir()
    garbled = spool.spool_dir(db) / "00000000000000000002-99"
    garbled.mkdir()
    (garbled / spool.MANIFEST).write_text("{not json")
    assert [entry.name for entry in spool.pending(db)] == [kept.name]
    assert f"cannot read the spooled snapshot {garbled}" in caplog.text
    assert garbled.exists()
