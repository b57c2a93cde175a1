"""Several processes on one database, run for real: readers and writers wait for each other, nothing finished is lost."""

import json
import subprocess
import threading
from pathlib import Path

import pytest

from casco_watch.fixture_site.server import FixtureSite
from casco_watch.fixture_site.site_data import STATES
from casco_watch.pipeline import spool
from casco_watch.pipeline.store import open_database
from tests.conftest import REPO, casco_executable
from tests.dumps import write_dump
from tests.fixture_oracle import SMALL_COMMITTEE
from tests.lock_holders import database_held
from tests.realdata.plain_reading import DUMPS, skip_without_dumps

pytestmark = pytest.mark.process


def listed(casco, db) -> dict[str, list[dict]]:
    result = casco("snapshots", "--db", db, "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def stored(casco, db) -> list[dict]:
    """The stored snapshots, after checking that none waits in the spool."""
    snapshots = listed(casco, db)
    assert snapshots["spooled"] == []
    return snapshots["snapshots"]


def test_a_reader_holding_the_database_delays_an_import_and_loses_nothing(casco, tmp_path):
    """Small dumps: read at once, so the import reaches the database within the reader's 10 s even on a loaded machine
    (two real dumps took longer than that to read under load, and the import then never met the reader)."""
    db = tmp_path / "casco.duckdb"
    open_database(db).close()
    dumps = [write_dump(tmp_path, day) for day in ("2025-06-11", "2025-06-12")]
    with database_held(db, mode="read", seconds=10) as reader:
        result = casco("import-opendata", *dumps, "--db", db, "--lock-timeout", 60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"for writing: it is held by PID {reader.pid}" in result.stderr
    assert [(s["snapshot_id"], s["status"]) for s in stored(casco, db)] == [(1, "complete"), (2, "complete")]


@pytest.mark.long
def test_every_dump_and_every_query_succeed_when_queries_run_in_a_loop_beside_an_import(casco, tmp_path):
    """Three real dumps, each its own snapshot written under the lock: the queries meet the import while it reads
    a dump and while it writes one, again and again; all ten would only make the loop longer."""
    skip_without_dumps()
    dumps = DUMPS[:3]
    db = tmp_path / "casco.duckdb"
    open_database(db).close()
    importing = subprocess.Popen([casco_executable(), "import-opendata", *dumps, "--db", db], cwd=REPO,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    queries = []

    def query_until_the_import_ends():
        while importing.poll() is None:
            queries.append(casco("query", "SELECT count(*) FROM snapshots", "--db", db, "--format", "csv"))

    reader = threading.Thread(target=query_until_the_import_ends)
    reader.start()
    out, err = importing.communicate(timeout=600)
    reader.join(timeout=120)
    assert importing.returncode == 0, out + err
    assert len(stored(casco, db)) == len(dumps)
    assert queries and all(query.returncode == 0 for query in queries), [q.stderr for q in queries if q.returncode]


@pytest.mark.parametrize(
    "command",
    [("snapshots",), ("query", "SELECT 1"), ("diff",), ("history", "--member", "BSI"),
     ("export", "--format", "csv", "--out", "{tmp}/export")],
)
def test_a_reader_waits_for_a_writer_up_to_its_lock_timeout_then_names_it(casco, tmp_path, command):
    db = tmp_path / "casco.duckdb"
    open_database(db).close()
    with database_held(db, mode="write") as writer:
        result = casco(*(part.format(tmp=tmp_path) for part in command), "--db", db, "--lock-timeout", 0.5)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    waiting, error = result.stderr.strip().splitlines()
    assert waiting.startswith(f"casco: waiting up to 0.5 s to open {db} for reading: it is held by PID {writer.pid}")
    assert error.startswith("casco: ") and f"in use by another process (PID {writer.pid}" in error
    assert "waited 0.5 s" in error


def test_a_reader_gets_in_once_the_writer_is_done(casco, tmp_path):
    db = tmp_path / "casco.duckdb"
    open_database(db).close()
    with database_held(db, mode="write", seconds=2):
        result = casco("query", "SELECT count(*) AS n FROM snapshots", "--db", db, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [{"n": 0}]


def test_an_import_that_never_gets_the_lock_leaves_its_snapshot_in_the_spool_for_the_next_writer(casco, tmp_path):
    db = tmp_path / "casco.duckdb"
    assert casco("import-opendata", write_dump(tmp_path, "2025-08-06"), "--db", db).returncode == 0
    with database_held(db, mode="read") as reader:
        refused = casco("import-opendata", write_dump(tmp_path, "2025-08-13", observers=(1511,)), "--db", db,
                        "--lock-timeout", 1)
        as_table = casco("snapshots", "--db", db)
        pending = listed(casco, db)
    assert refused.returncode == 1
    error = refused.stderr.strip().splitlines()[-1]
    assert f"stayed in use by another process (PID {reader.pid}" in error
    assert "is kept in" in error and "the next command that writes to the database commits it" in error
    assert "Waiting in the spool" in as_table.stdout and "2025-08-13" in as_table.stdout
    assert [(s["snapshot_id"], s["as_of"]) for s in pending["snapshots"]] == [(1, "2025-08-06")]
    assert [(s["as_of"], "snapshot_id" in s, Path(s["spool"]).parent) for s in pending["spooled"]] == [
        ("2025-08-13", False, spool.spool_dir(db))]

    later = casco("import-opendata", write_dump(tmp_path, "2025-08-20", observers=(2034,)), "--db", db)
    assert later.returncode == 0, later.stderr
    assert "committed the spooled snapshot of" in later.stderr and "as snapshot 2 (2025-08-13" in later.stderr
    assert [(s["snapshot_id"], s["as_of"]) for s in stored(casco, db)] == [
        (1, "2025-08-06"), (2, "2025-08-13"), (3, "2025-08-20")]


def test_a_crawl_that_never_gets_the_lock_keeps_its_snapshot_and_archive_in_the_spool_and_reparse_works_later(
        casco, tmp_path):
    db = tmp_path / "casco.duckdb"
    open_database(db).close()
    with FixtureSite(STATES[0]) as fixture, database_held(db, mode="read"):
        refused = casco("crawl", "--base-url", fixture.base_url, "--committee", SMALL_COMMITTEE, "--db", db,
                        "--as-of", STATES[0], "--delay", 0, "--lock-timeout", 1)
    assert refused.returncode == 1
    assert "finished, but its snapshot was not stored yet" in refused.stderr
    assert "nothing more was written" not in refused.stderr
    assert "1 snapshot(s) wait in" in refused.stderr and "`casco snapshots` lists them" in refused.stderr
    (archive,) = (tmp_path / "archive").iterdir()
    assert archive.name.endswith(".warc.gz") and f"its archive archive/{archive.name}" in refused.stderr
    (log,) = (tmp_path / "logs").iterdir()
    assert "partial archive was deleted" not in log.read_text(encoding="utf-8")
    snapshots = listed(casco, db)
    assert snapshots["snapshots"] == []
    (waiting,) = snapshots["spooled"]
    assert (waiting["status"], waiting["as_of"], "snapshot_id" in waiting) == ("complete", STATES[0], False)
    assert waiting["archive"] == f"archive/{archive.name}"

    later = casco("import-opendata", write_dump(tmp_path, "2025-08-06"), "--db", db)
    assert later.returncode == 0, later.stderr
    assert [(s["snapshot_id"], s["source_kind"]) for s in stored(casco, db)] == [(1, "site"), (2, "opendata")]
    reparsed = casco("reparse", 1, "--db", db)
    assert reparsed.returncode == 0, reparsed.stdout + reparsed.stderr
    assert "replaces snapshot 1" in reparsed.stdout
    replayed = casco("crawl", "--replay", archive, "--db", db)
    assert replayed.returncode == 0, replayed.stdout + replayed.stderr
    with open_database(db, read_only=True) as con:
        assert con.execute("SELECT snapshot_id, derivation, derived_from FROM snapshots WHERE snapshot_id > 2"
                           " ORDER BY 1").fetchall() == [(3, "reparse", 1), (4, "replay", 1)]


def test_two_crawls_started_together_take_turns_and_both_store_a_complete_snapshot(tmp_path):
    """Small crawls, each a few seconds long by their --delay (waiting, not computing), so the second meets the first."""
    db = tmp_path / "casco.duckdb"
    with FixtureSite(STATES[0]) as fixture:
        crawls = [
            subprocess.Popen([casco_executable(), "crawl", "--base-url", fixture.base_url, "--db", str(db),
                              "--committee", str(SMALL_COMMITTEE), "--as-of", STATES[0], "--delay", "1"],
                             cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)
        ]
        finished = [crawl.communicate(timeout=300) for crawl in crawls]
    for crawl, (out, err) in zip(crawls, finished):
        assert crawl.returncode == 0, out + err
    assert sum("waiting for the command already writing to" in err for _, err in finished) == 1
    with open_database(db, read_only=True) as con:
        runs = con.execute("SELECT snapshot_id, status, started_at, finished_at FROM snapshots ORDER BY 1").fetchall()
        per_snapshot = con.execute("SELECT snapshot_id, count(*) FROM memberships GROUP BY 1 ORDER BY 1").fetchall()
    assert [(snapshot_id, status) for snapshot_id, status, _, _ in runs] == [(1, "complete"), (2, "complete")]
    assert runs[0][3] <= runs[1][2], "the second crawl started before the first one ended"
    assert per_snapshot[0][1] == per_snapshot[1][1] > 0
