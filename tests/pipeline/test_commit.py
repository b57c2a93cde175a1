"""The one commit path: spooled first (a local dump only if it must wait), committed when the file is free, never lost,
never doubled, never dated ahead."""

import datetime as dt

import pytest

from casco_watch.pipeline import spool
from casco_watch.pipeline.commit import FutureDateError, SnapshotSpooled, commit_pending, commit_snapshot, today
from casco_watch.pipeline.store import open_database, read_snapshots, write_snapshot
from casco_watch.schemas import SnapshotStatus
from tests.lock_holders import database_held
from tests.pipeline.test_spool import collected


def stored_members(db):
    with open_database(db, read_only=True) as con:
        return con.execute("SELECT snapshot_id, member_id FROM memberships ORDER BY ALL").fetchall()


def test_a_snapshot_is_committed_and_its_spool_removed(tmp_path):
    db = tmp_path / "casco.duckdb"
    committed = commit_snapshot(db, collected(dt.date(2026, 10, 1), 1619, 2064))
    assert (committed.snapshot.snapshot_id, committed.skipped) == (1, False)
    assert stored_members(db) == [(1, 1619), (1, 2064)]
    assert spool.pending(db) == []


def test_a_writer_waits_while_a_reader_holds_the_file_and_then_commits(tmp_path):
    db = tmp_path / "casco.duckdb"
    commit_snapshot(db, collected(dt.date(2026, 10, 1), 1619))
    with database_held(db, mode="read", seconds=2):
        committed = commit_snapshot(db, collected(dt.date(2026, 10, 2), 2064), lock_timeout=120)
    assert committed.snapshot.snapshot_id == 2
    assert stored_members(db) == [(1, 1619), (2, 2064)]


def test_when_the_lock_never_comes_the_snapshot_stays_in_the_spool_until_the_next_writer(tmp_path):
    db = tmp_path / "casco.duckdb"
    commit_snapshot(db, collected(dt.date(2026, 10, 1), 1619))
    with database_held(db, mode="read") as holder:
        with pytest.raises(SnapshotSpooled) as refused:
            commit_snapshot(db, collected(dt.date(2026, 10, 2), 2064), lock_timeout=0.5)
    (waiting,) = spool.pending(db)
    message = str(refused.value)
    assert f"PID {holder.pid}" in message and str(waiting.path) in message and "next command that writes" in message
    assert stored_members(db) == [(1, 1619)]

    later = commit_snapshot(db, collected(dt.date(2026, 10, 3), 2188))
    assert later.snapshot.snapshot_id == 3
    assert stored_members(db) == [(1, 1619), (2, 2064), (3, 2188)]
    assert spool.pending(db) == []


def test_a_snapshot_that_can_be_read_again_skips_the_spool_while_the_file_is_free_but_waits_in_it_otherwise(
    tmp_path, monkeypatch
):
    """`spool_first=False` (a local dump): committed at once after what already waits, spooled only when it must."""
    db = tmp_path / "casco.duckdb"
    commit_snapshot(db, collected(dt.date(2026, 10, 1), 1619))
    with database_held(db, mode="read"):
        with pytest.raises(SnapshotSpooled):
            commit_snapshot(db, collected(dt.date(2026, 10, 2), 2064), lock_timeout=0.5, spool_first=False)
    assert len(spool.pending(db)) == 1

    monkeypatch.setattr(spool, "spool", lambda *args: pytest.fail("spooled although the file was free"))
    committed = commit_snapshot(db, collected(dt.date(2026, 10, 3), 2188), spool_first=False)
    assert committed.snapshot.snapshot_id == 3
    assert stored_members(db) == [(1, 1619), (2, 2064), (3, 2188)]
    assert spool.pending(db) == []


def test_a_spool_whose_commit_landed_is_not_stored_twice(tmp_path):
    """A writer killed between its commit and removing the spool folder leaves both; the next one sees the twin."""
    db = tmp_path / "casco.duckdb"
    finished = collected(dt.date(2026, 10, 1), 1619)
    spool.spool(db, finished)
    with open_database(db) as con:
        write_snapshot(con, finished)
    (committed,) = commit_pending(db).values()
    assert (committed.snapshot.snapshot_id, committed.skipped) == (1, False)
    assert stored_members(db) == [(1, 1619)]
    assert spool.pending(db) == []


def test_the_same_content_for_the_same_day_is_skipped_and_the_stored_snapshot_returned(tmp_path):
    db = tmp_path / "casco.duckdb"

    def dump(as_of, digest):
        snapshot = collected(as_of, 1619)
        snapshot.snapshot = snapshot.snapshot.model_copy(update={"content_digest": digest})
        return snapshot

    first = commit_snapshot(db, dump(dt.date(2025, 8, 13), "sha256:aa"))
    again = commit_snapshot(db, dump(dt.date(2025, 8, 13), "sha256:aa"))
    assert again.skipped and again.snapshot == first.snapshot
    assert not commit_snapshot(db, dump(dt.date(2025, 8, 14), "sha256:aa")).skipped
    assert not commit_snapshot(db, dump(dt.date(2025, 8, 13), "sha256:bb")).skipped
    assert [s.snapshot_id for s in read_snapshots(open_database(db, read_only=True))] == [1, 2, 3]
    assert spool.pending(db) == []


def test_content_that_failed_before_may_be_stored_again(tmp_path):
    db = tmp_path / "casco.duckdb"
    failed = collected(dt.date(2025, 8, 13))
    failed.snapshot = failed.snapshot.model_copy(update={"status": SnapshotStatus.FAILED, "content_digest": "sha256:aa"})
    commit_snapshot(db, failed)
    retried = collected(dt.date(2025, 8, 13))
    retried.snapshot = retried.snapshot.model_copy(update={"content_digest": "sha256:aa"})
    assert not commit_snapshot(db, retried).skipped


def test_a_date_after_today_is_refused_before_anything_is_written(tmp_path):
    db = tmp_path / "casco.duckdb"
    with pytest.raises(FutureDateError, match="2099-01-01 is after today"):
        commit_snapshot(db, collected(dt.date(2099, 1, 1)))
    assert not db.exists() and spool.pending(db) == []
    assert commit_snapshot(db, collected(today())).snapshot.snapshot_id == 1


def test_an_unreadable_spooled_snapshot_does_not_hold_back_the_next(tmp_path, caplog):
    db = tmp_path / "casco.duckdb"
    commit_snapshot(db, collected(dt.date(2026, 10, 1), 1619))
    with database_held(db, mode="read"):
        with pytest.raises(SnapshotSpooled):
            commit_snapshot(db, collected(dt.date(2026, 10, 2), 2064), lock_timeout=0.1)
    (broken,) = spool.pending(db)
    (broken.path / "memberships.parquet").write_bytes(b"not parquet")
    assert commit_snapshot(db, collected(dt.date(2026, 10, 3), 2188)).snapshot.snapshot_id == 2
    assert f"could not commit the spooled snapshot {broken.path}" in caplog.text
    assert [entry.name for entry in spool.pending(db)] == [broken.name]
