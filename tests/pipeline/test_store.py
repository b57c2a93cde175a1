"""The DuckDB store: schema versioning, clear errors, and snapshots that are written whole or not at all."""

import datetime as dt
import signal
import subprocess
import sys
import re
import textwrap
import time
import typing
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from casco_watch.pipeline import store
from casco_watch.pipeline.collect import CollectedSnapshot
from casco_watch.pipeline.store import (
    SCHEMA_VERSION,
    DatabaseError,
    DatabaseInUse,
    open_database,
    sql_text,
    write_snapshot,
)
from casco_watch.schemas import MODEL_OF_TABLE, RECORD_TABLES, Snapshot, SnapshotPart
from tests.lock_holders import database_held

REPO = Path(__file__).resolve().parents[2]


def snapshot_row(as_of=dt.date(2026, 10, 1)) -> Snapshot:
    now = dt.datetime(2026, 11, 27, 6, 0, tzinfo=dt.timezone.utc)
    return Snapshot(
        started_at=now, finished_at=now, as_of=as_of, source_kind="site", source="http://127.0.0.1",
        scope="test", covers=["memberships"], spiders=["casco"], status="complete", reasons=[],
        pages_by_status={"200": 1}, records={"Membership": 2}, rejected={}, tool_version="test",
        parts=[SnapshotPart(record_table="memberships", status="complete")],
    )


def memberships(*member_ids, status="P") -> pa.Table:
    return pa.Table.from_pylist(
        [{"committee_id": 54998, "member_id": m, "status": status, "is_secretariat": False} for m in member_ids]
    )


def test_a_new_database_gets_the_schema_and_its_version(tmp_path):
    con = open_database(tmp_path / "new" / "casco.duckdb")
    assert con.execute("SELECT value FROM casco_meta WHERE key = 'schema_version'").fetchall() == [(str(SCHEMA_VERSION),)]
    tables = {row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert {"snapshots", "committees", "officers", "subgroups", "member_bodies", "memberships", "liaisons",
            "organizations", "rejects"} <= tables


def test_a_writing_open_of_a_current_file_leaves_its_views_and_macros_as_they_are(tmp_path):
    db = tmp_path / "casco.duckdb"
    open_database(db).close()
    with duckdb.connect(str(db)) as con:
        con.execute("CREATE OR REPLACE VIEW latest_memberships AS SELECT 'left alone' AS mark")
    with open_database(db) as con:
        assert con.execute("FROM latest_memberships").fetchall() == [("left alone",)]


def test_a_changed_schema_file_is_installed_on_the_next_writing_open(tmp_path, monkeypatch):
    db = tmp_path / "casco.duckdb"
    with open_database(db) as con:
        write_snapshot(con, CollectedSnapshot(snapshot_row(), {"memberships": memberships(1619)}))
        digest = con.execute("SELECT value FROM casco_meta WHERE key = 'schema_digest'").fetchall()
    changed = sql_text("history_periods.sql") + "\nCREATE OR REPLACE VIEW new_view AS SELECT 1 AS one;\n"
    monkeypatch.setattr(store, "sql_text", lambda name: changed if name == "history_periods.sql" else sql_text(name))

    with open_database(db) as con:
        assert con.execute("FROM new_view").fetchall() == [(1,)]
        assert con.execute("SELECT member_id FROM latest_memberships").fetchall() == [(1619,)]
        assert con.execute("SELECT value FROM casco_meta WHERE key = 'schema_digest'").fetchall() != digest


def test_snapshot_ids_increase_and_rows_carry_them(tmp_path):
    con = open_database(tmp_path / "casco.duckdb")
    assert write_snapshot(con, CollectedSnapshot(snapshot_row(), {"memberships": memberships(1619, 2064)})).snapshot_id == 1
    assert write_snapshot(con, CollectedSnapshot(snapshot_row(), {"memberships": memberships(2188)})).snapshot_id == 2
    assert con.execute("SELECT snapshot_id, member_id FROM memberships ORDER BY 1, 2").fetchall() == [
        (1, 1619), (1, 2064), (2, 2188)]


def test_a_failure_mid_write_leaves_no_partial_snapshot(tmp_path):
    con = open_database(tmp_path / "casco.duckdb")
    write_snapshot(con, CollectedSnapshot(snapshot_row(), {"memberships": memberships(1619)}))
    broken = pa.Table.from_pylist([{"committee_id": 54998, "member_id": 1, "status": "P", "no_such_column": 1}])
    with pytest.raises(duckdb.Error):
        write_snapshot(con, CollectedSnapshot(snapshot_row(), {"memberships": memberships(2064, 2188), "liaisons": broken}))
    assert con.execute("SELECT snapshot_id FROM snapshots").fetchall() == [(1,)]
    assert con.execute("SELECT snapshot_id, member_id FROM memberships").fetchall() == [(1, 1619)]
    assert write_snapshot(con, CollectedSnapshot(snapshot_row(), {"memberships": memberships(2188)})).snapshot_id == 2


KILLED_WRITER = textwrap.dedent(
    """
    import sys, time, pyarrow as pa
    from casco_watch.pipeline.collect import CollectedSnapshot
    from casco_watch.pipeline.store import open_database, write_snapshot
    from tests.pipeline.test_store import snapshot_row, memberships

    def tables():
        yield "memberships", memberships(*range(1, 400_001))
        print("WRITING", flush=True)   # the bulk insert is done, the transaction still open
        time.sleep(60)
        yield "organizations", pa.Table.from_pylist([])

    class SlowTables(dict):
        def items(self):
            return tables()

    con = open_database(sys.argv[1])
    write_snapshot(con, CollectedSnapshot(snapshot_row(), SlowTables()))
    """
)


@pytest.mark.process
def test_a_process_killed_during_the_bulk_write_leaves_earlier_snapshots_and_no_half_snapshot(tmp_path):
    db = tmp_path / "casco.duckdb"
    with open_database(db) as con:
        write_snapshot(con, CollectedSnapshot(snapshot_row(), {"memberships": memberships(1619, 2064)}))

    writer = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(db)], cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "WRITING"
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
    assert writer.returncode == -signal.SIGKILL

    with open_database(db, read_only=True) as con:
        assert con.execute("SELECT snapshot_id FROM snapshots").fetchall() == [(1,)]
        assert con.execute("SELECT snapshot_id, count(*) FROM memberships GROUP BY ALL").fetchall() == [(1, 2)]
    with open_database(db) as con:
        assert write_snapshot(con, CollectedSnapshot(snapshot_row(), {"memberships": memberships(2188)})).snapshot_id == 2


def test_reading_a_missing_database_says_what_to_do(tmp_path):
    with pytest.raises(DatabaseError, match="no database at .* yet; run `casco crawl`"):
        open_database(tmp_path / "none.duckdb", read_only=True)


def test_a_database_from_a_newer_tool_is_refused_clearly(tmp_path):
    db = tmp_path / "casco.duckdb"
    with open_database(db) as con:
        con.execute("UPDATE casco_meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(DatabaseError, match="written by a newer casco-watch \\(schema 99"):
        open_database(db)


def test_a_foreign_duckdb_file_is_refused_clearly(tmp_path):
    db = tmp_path / "other.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute("CREATE TABLE t (x INTEGER)")
    with pytest.raises(DatabaseError, match="not a casco-watch database"):
        open_database(db)


def test_a_file_that_is_not_duckdb_is_refused_clearly(tmp_path):
    db = tmp_path / "notes.duckdb"
    db.write_text("these are my notes, not a database")
    with pytest.raises(DatabaseError, match="not a casco-watch database \\(not a DuckDB file\\)"):
        open_database(db, read_only=True)


def test_a_writer_waits_for_the_lock_then_names_the_process_that_holds_it(tmp_path, caplog):
    db = tmp_path / "casco.duckdb"
    open_database(db).close()
    with database_held(db, mode="read") as holder:
        started = time.monotonic()
        with pytest.raises(DatabaseInUse, match=f"in use by another process \\(PID {holder.pid}: .*python.*\\); waited 0.5 s"):
            open_database(db, lock_timeout=0.5)
        assert time.monotonic() - started >= 0.5
    assert f"waiting up to 0.5 s to open {db} for writing: it is held by PID {holder.pid}" in caplog.text


def test_a_reader_gets_in_as_soon_as_the_writer_lets_go(tmp_path):
    db = tmp_path / "casco.duckdb"
    with open_database(db) as con:
        write_snapshot(con, CollectedSnapshot(snapshot_row(), {"memberships": memberships(1619)}))
    with database_held(db, mode="write", seconds=1):
        with open_database(db, read_only=True, lock_timeout=60) as con:
            assert con.execute("SELECT count(*) FROM snapshots").fetchall() == [(1,)]


SCHEMA_1_SNAPSHOTS = """
CREATE TABLE casco_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
INSERT INTO casco_meta VALUES ('schema_version', '1');
CREATE TABLE snapshots (
    snapshot_id INTEGER PRIMARY KEY, started_at TIMESTAMPTZ NOT NULL, finished_at TIMESTAMPTZ NOT NULL,
    as_of DATE NOT NULL, source_kind VARCHAR NOT NULL, source VARCHAR NOT NULL, scope VARCHAR NOT NULL,
    covers VARCHAR[] NOT NULL, spiders VARCHAR[] NOT NULL, status VARCHAR NOT NULL, reasons VARCHAR[] NOT NULL,
    pages_by_status JSON NOT NULL, records JSON NOT NULL, rejected JSON NOT NULL, tool_version VARCHAR NOT NULL
);
CREATE TABLE memberships (
    snapshot_id INTEGER NOT NULL, committee_id BIGINT NOT NULL, member_id BIGINT NOT NULL,
    status VARCHAR(1) NOT NULL, is_secretariat BOOLEAN NOT NULL, PRIMARY KEY (snapshot_id, committee_id, member_id)
);
INSERT INTO snapshots VALUES
    (1, now(), now(), DATE '2026-10-01', 'site', 'https://www.iso.org',
     'site:committees=54998,46486:pages=committee,member,organization,participation',
     ['memberships', 'member_bodies'], ['casco'], 'complete', [], '{}', '{}', '{}', '0.1.0'),
    (2, now(), now(), DATE '2025-08-13', 'opendata', 'dump.jsonl.gz', 'opendata:iso_technical_committees',
     ['memberships'], ['opendata'], 'partial', ['1 Membership record(s) failed validation'], '{}', '{}', '{}', '0.1.0'),
    (3, now(), now(), DATE '2026-11-01', 'site', 'https://www.iso.org', 'site:committees=54998:pages=committee',
     ['committees'], ['committee'], 'failed', ['refused'], '{}', '{}', '{}', '0.1.0');
INSERT INTO memberships VALUES (1, 54998, 1619, 'P', false), (1, 46486, 2064, 'O', false);
"""


def test_a_schema_1_file_is_upgraded_in_place_on_its_first_write_with_parts_from_each_scope(tmp_path):
    db = tmp_path / "old.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute(SCHEMA_1_SNAPSHOTS)
    with pytest.raises(DatabaseError, match="schema 1, older than .* run one writing command on it"):
        open_database(db, read_only=True)

    with open_database(db) as con:
        assert con.execute("SELECT value FROM casco_meta WHERE key = 'schema_version'").fetchall() == [(str(SCHEMA_VERSION),)]
        assert con.execute(
            "SELECT snapshot_id, record_table, committee_id, status FROM snapshot_parts ORDER BY ALL"
        ).fetchall() == [
            (1, "member_bodies", None, "complete"), (1, "memberships", 46486, "complete"),
            (1, "memberships", 54998, "complete"), (2, "memberships", None, "partial")]
        assert con.execute("SELECT committee_id, member_id FROM latest_memberships ORDER BY ALL").fetchall() == [
            (46486, 2064), (54998, 1619)]
        assert con.execute("SELECT archive, derived_from FROM snapshots WHERE snapshot_id = 1").fetchall() == [(None, None)]
    with open_database(db, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM snapshots").fetchall() == [(3,)]


def allowed_values(table: str) -> dict[str, tuple]:
    """The columns of `table` whose model allows a fixed set of values (a Literal, optional or not), and those values."""
    allowed = {}
    for name, field in MODEL_OF_TABLE[table].model_fields.items():
        literals = [arg for arg in (field.annotation, *typing.get_args(field.annotation))
                    if typing.get_origin(arg) is typing.Literal]
        if literals:
            allowed[name] = typing.get_args(literals[0])
    return allowed


def a_row(con, table: str, **values) -> dict:
    """A row of `table` every column of which is filled with something storable, the Literal columns from their model."""
    fill = {"BIGINT": 1, "INTEGER": 1, "BOOLEAN": False, "DATE": dt.date(2026, 1, 1), "BIGINT[]": [1]}
    columns = con.execute("SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ?", [table]).fetchall()
    allowed = allowed_values(table)
    return {name: values.get(name, allowed[name][0] if name in allowed else fill.get(kind, "x")) for name, kind in columns}


def stores(con, table: str, row: dict) -> bool:
    con.begin()
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT {', '.join(f'${name} AS {name}' for name in row)}", row)
        return True
    except duckdb.ConstraintException:
        return False
    finally:
        con.rollback()


@pytest.mark.parametrize("table", RECORD_TABLES)
def test_each_record_table_stores_exactly_the_values_its_model_allows(con_for_checks, table):
    for column, values in allowed_values(table).items():
        for value in values:
            assert stores(con_for_checks, table, a_row(con_for_checks, table, **{column: value})), (table, column, value)
        assert not stores(con_for_checks, table, a_row(con_for_checks, table, **{column: "not in the model"})), (
            f"{table}.{column} stores a value its model refuses")


@pytest.fixture(scope="module")
def con_for_checks(tmp_path_factory):
    with open_database(tmp_path_factory.mktemp("checks") / "casco.duckdb") as con:
        yield con


SCHEMA_2_ROWS = """
INSERT INTO casco_meta VALUES ('schema_version', '2');
INSERT INTO snapshots (snapshot_id, started_at, finished_at, as_of, source_kind, source, scope, covers, spiders, status,
                       reasons, pages_by_status, records, rejected, tool_version)
VALUES (1, now(), now(), DATE '2026-10-01', 'site', 'https://www.iso.org', 'site:committees=54998:pages=participation',
        ['memberships'], ['casco'], 'complete', [], '{}', '{}', '{}', '0.1.0');
INSERT INTO snapshot_parts VALUES (1, 'memberships', 54998, 'complete', []);
INSERT INTO memberships VALUES (1, 54998, 1619, 'P', false), (1, 54998, 2064, 'O', true);
"""


SCHEMA_3_PAGES = """CREATE TABLE IF NOT EXISTS pages (
    snapshot_id    INTEGER NOT NULL,
    url            VARCHAR NOT NULL,
    page_kind      VARCHAR NOT NULL,
    subject_id     BIGINT,
    http_status    INTEGER,
    outcome        VARCHAR NOT NULL CHECK (outcome IN ('parsed', 'lost')),
    reason         VARCHAR,
    warc_record_id VARCHAR,
    payload_digest VARCHAR,
    challenge      VARCHAR
);"""


def schema_3() -> str:
    """Schema 3 is today's schema.sql with `pages` as it was: no `cause`, no CHECK on its page kinds."""
    return re.sub(r"CREATE TABLE IF NOT EXISTS pages \(.*?\n\);", SCHEMA_3_PAGES, sql_text("schema.sql"), flags=re.S)


def test_a_schema_2_file_is_upgraded_in_place_and_keeps_its_rows_under_the_new_checks(tmp_path):
    """Schema 2 is schema 3 without the record tables' CHECKs and without `pages.challenge`."""
    db = tmp_path / "schema2.duckdb"
    record_checks = r"\s*CHECK \((?:role|type|membership_type|partner_kind|direction|category|status) IN \([^()]*\)\)"
    tables, records = schema_3().split("CREATE TABLE IF NOT EXISTS committees")
    tables = re.sub(r",\n\s*challenge\s+VARCHAR[^\n]*", "", tables)
    with duckdb.connect(str(db)) as con:
        con.execute(tables + "CREATE TABLE IF NOT EXISTS committees" + re.sub(record_checks, "", records))
        con.execute(SCHEMA_2_ROWS)
        assert stores(con, "memberships", a_row(con, "memberships", member_id=1, status="X"))

    with open_database(db) as con:
        assert con.execute("SELECT value FROM casco_meta WHERE key = 'schema_version'").fetchall() == [(str(SCHEMA_VERSION),)]
        assert con.execute("SELECT member_id, status, is_secretariat FROM latest_memberships ORDER BY ALL").fetchall() == [
            (1619, "P", False), (2064, "O", True)]
        assert not stores(con, "memberships", a_row(con, "memberships", member_id=1, status="X"))
        assert not [name for (name,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()
                    if name.endswith("_v2")]
        assert ("challenge",) in con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = 'pages'").fetchall()


SCHEMA_3_LOST_PAGES = {
    # reason, http_status, challenge: the cause the upgrade derives
    ("HTTP 403", 403, None): "refused",
    ("HTTP 404", 404, None): "not_found",
    ("HTTP 503", 503, None): "throttled",
    ("HTTP 500", 500, None): "server_error",
    ("HTTP 401", 401, None): "http_error",
    ("met a JavaScript challenge (Cloudflare): HTTP 403, cf-mitigated: challenge header", 403, "Cloudflare"): "challenge",
    ("HTTP 503; not retried: the crawl's time limit of 5 s (--max-duration) ends first", 503, None): "time_limit",
    ("not read: the crawl reached its time limit of 5 s (--max-duration)", None, None): "time_limit",
    ("HTTP 503; not retried: the server asked to wait 3600 s (Retry-After), longer than the 300 s this crawl waits "
     "(CASCO_RETRY_AFTER_MAX); try again later", 503, None): "retry_after_too_long",
    ("DNSLookupError: no results; cannot reach iso.invalid (DNS lookup failed): no network? Try `casco demo` to see "
     "casco-watch work offline", None, None): "no_network",
    ("DownloadConnectionRefusedError: Connection was refused by other side", None, None): "connection_refused",
    ("DownloadTimeoutError: Getting http://x/ took longer than 5.0 seconds", None, None): "timeout",
    ("TCPTimedOutError: TCP connection timed out: 110", None, None): "unreachable",
    ("DownloadFailedError: ConnectionLost: Connection to the other side was lost", None, None): "connection_lost",
    ("the response is larger than the download size limit of 1048576 bytes (DOWNLOAD_MAXSIZE)", None, None): "too_large",
    ("HTTP 302 redirect off the site to http://localhost:1/x, not followed", None, None): "redirect_off_site",
    ("HTTP 302 redirect loop: http://x/a -> http://x/b -> http://x/a", None, None): "redirect_loop",
    ("the page was cut off: 1,000 bytes arrived without the closing </html>; crawl again later", 200, None): "unreadable",
    ("no participation table: missing #datatable-PART_P_OC", 200, None): "layout",
    ("not in the capture", None, None): "not_in_capture",
    ("not in the archive", None, None): "not_in_archive",
    ("ValueError: something else", None, None): "other",
}


def test_a_schema_3_file_is_upgraded_in_place_with_causes_derived_for_its_lost_pages(tmp_path):
    db = tmp_path / "schema3.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute(schema_3())
        con.execute(SCHEMA_2_ROWS.replace("'schema_version', '2'", "'schema_version', '3'"))
        con.execute("INSERT INTO pages VALUES (1, 'http://x/parsed', 'committee', 54998, 200, 'parsed', NULL, NULL, "
                    "NULL, NULL)")
        con.executemany("INSERT INTO pages VALUES (1, ?, 'member', NULL, ?, 'lost', ?, NULL, NULL, ?)",
                        [[f"http://x/{n}", status, reason, challenge]
                         for n, (reason, status, challenge) in enumerate(SCHEMA_3_LOST_PAGES)])

    with open_database(db) as con:
        assert con.execute("SELECT value FROM casco_meta WHERE key = 'schema_version'").fetchall() == [(str(SCHEMA_VERSION),)]
        derived = dict(con.execute("SELECT reason, cause FROM pages WHERE outcome = 'lost'").fetchall())
        assert derived == {reason: cause for (reason, _, _), cause in SCHEMA_3_LOST_PAGES.items()}
        assert con.execute("SELECT cause FROM pages WHERE outcome = 'parsed'").fetchall() == [(None,)]
        lost = {"snapshot_id": 1, "url": "http://x/", "page_kind": "member", "outcome": "lost"}
        assert stores(con, "pages", {**lost, "cause": "refused"})
        assert not stores(con, "pages", {**lost, "cause": "not a cause"})
        assert con.execute("SELECT count(*) FROM latest_memberships").fetchall() == [(2,)]
        assert "pages_v3" not in {name for (name,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
