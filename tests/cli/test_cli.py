"""The `casco` command run for real against real DuckDB files: outputs, exit codes and one-line errors."""

import csv
import datetime as dt
import io
import json
import os
import socket
import subprocess

import duckdb
import pyarrow.parquet as pq
import pytest

from casco_watch.pipeline.collect import CollectedSnapshot
from casco_watch.pipeline.store import open_database, write_snapshot
from tests.conftest import casco_executable
from tests.dumps import write_dump
from tests.pipeline.test_store import memberships, snapshot_row


def assert_one_line_error(result, *fragments):
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("casco: ")
    for fragment in fragments:
        assert fragment in lines[0]


def test_help_lists_the_commands(casco):
    result = casco("--help")
    assert result.returncode == 0
    for command in ("crawl", "snapshots", "query", "export"):
        assert f"  {command}" in result.stdout
    assert "Exit codes: 0 success" in result.stdout


@pytest.mark.parametrize("command", ["crawl", "snapshots", "query", "export"])
def test_every_command_has_help(casco, command):
    result = casco(command, "--help")
    assert result.returncode == 0
    assert "--db" in result.stdout


def test_query_is_read_only_and_leaves_the_data_unchanged(casco, db):
    result = casco("query", "DELETE FROM snapshots", "--db", db)
    assert_one_line_error(result, "read-only")
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM snapshots").fetchall() == [(2,)]


def test_query_formats(casco, db):
    sql = "SELECT snapshot_id, member_id, status FROM memberships ORDER BY 1, 2"
    as_json = casco("query", sql, "--db", db, "--format", "json")
    assert json.loads(as_json.stdout) == [
        {"snapshot_id": 1, "member_id": 1619, "status": "P"},
        {"snapshot_id": 1, "member_id": 2064, "status": "P"},
        {"snapshot_id": 2, "member_id": 2188, "status": "O"},
    ]
    as_csv = casco("query", sql, "--db", db, "--format", "csv")
    assert list(csv.reader(io.StringIO(as_csv.stdout))) == [
        ["snapshot_id", "member_id", "status"], ["1", "1619", "P"], ["1", "2064", "P"], ["2", "2188", "O"]]
    as_table = casco("query", sql, "--db", db)
    assert as_table.returncode == 0 and "2188" in as_table.stdout


def test_bad_sql_is_a_one_line_error(casco, db):
    assert_one_line_error(casco("query", "SELEC nonsense", "--db", db), "the query failed", "syntax error")
    assert_one_line_error(casco("query", "SELECT * FROM no_such_table", "--db", db), "no_such_table")


def test_commands_without_a_database_say_to_crawl_first(casco, tmp_path):
    for command in (("snapshots",), ("query", "SELECT 1"), ("export", "--format", "csv", "--out", tmp_path / "x")):
        assert_one_line_error(casco(*command, "--db", tmp_path / "missing.duckdb"), "no database", "casco crawl")


def test_snapshots_lists_status_scope_and_counts(casco, db):
    listed = json.loads(casco("snapshots", "--db", db, "--format", "json").stdout)
    assert [(s["snapshot_id"], s["status"], s["as_of"], s["records"]) for s in listed["snapshots"]] == [
        (1, "complete", "2026-10-01", {"Membership": 2}), (2, "complete", "2026-10-01", {"Membership": 2})]
    assert listed["spooled"] == []
    assert listed["snapshots"][0]["parts"] == [{"table": "memberships", "committee_id": None, "status": "complete",
                                                "reasons": []}]
    table = casco("snapshots", "--db", db)
    assert table.returncode == 0 and "complete" in table.stdout


@pytest.mark.parametrize("fmt", ["parquet", "csv", "json"])
def test_export_writes_one_file_per_table_with_duckdb_copy(casco, db, tmp_path, fmt):
    out = tmp_path / "export"
    result = casco("export", "--format", fmt, "--out", out, "--snapshot", 2, "--db", db)
    assert result.returncode == 0, result.stderr
    exported = out / f"memberships.{fmt}"
    assert str(exported) in result.stdout.splitlines()
    with duckdb.connect() as con:
        assert con.execute(f"SELECT snapshot_id, member_id, status FROM '{exported}'").fetchall() == [(2, 2188, "O")]
    if fmt == "parquet":
        assert pq.read_table(out / "snapshots.parquet").num_rows == 1


def test_export_of_an_unknown_snapshot_is_an_error(casco, db, tmp_path):
    assert_one_line_error(casco("export", "--format", "csv", "--out", tmp_path / "x", "--snapshot", 9, "--db", db),
                          "there is no snapshot 9")


def test_export_refuses_to_overwrite_an_earlier_export_without_force(casco, db, tmp_path):
    out = tmp_path / "export"
    out.mkdir()
    (out / "memberships.csv").write_text("my own notes\n")
    assert_one_line_error(casco("export", "--format", "csv", "--out", out, "--db", db),
                          f"{out} already holds memberships.csv", "nothing was written", "--force")
    assert (out / "memberships.csv").read_text() == "my own notes\n"
    assert sorted(path.name for path in out.iterdir()) == ["memberships.csv"]

    forced = casco("export", "--format", "csv", "--out", out, "--db", db, "--force")
    assert forced.returncode == 0, forced.stderr
    assert (out / "memberships.csv").read_text().startswith("snapshot_id,committee_id,member_id")


def test_export_to_a_folder_that_cannot_be_written_is_one_line(casco, db, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert_one_line_error(casco("export", "--format", "parquet", "--out", blocker / "export", "--db", db),
                          f"cannot write the export to {blocker / 'export'}", "choose a folder you can write to")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_crawl_of_a_site_that_does_not_answer_fails_with_exit_1_and_says_why(casco, tmp_path):
    db = tmp_path / "casco.duckdb"
    result = casco("crawl", "--base-url", f"http://127.0.0.1:{free_port()}", "--db", db, "--delay", 0,
                   "--set", "RETRY_TIMES=0")
    assert result.returncode == 1, result.stdout + result.stderr
    assert ": FAILED" in result.stdout
    assert "the committee page of 54998 was not read" in result.stdout
    assert "ConnectionRefusedError" in result.stdout
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT status FROM snapshots").fetchall() == [("failed",)]
        assert con.execute("SELECT count(*) FROM committees").fetchall() == [(0,)]
        assert con.execute("SELECT cause FROM pages WHERE outcome = 'lost'").fetchall() == [("connection_refused",)]


def test_a_bad_setting_is_a_usage_error(casco, tmp_path):
    result = casco("crawl", "--set", "NOEQUALS", "--db", tmp_path / "x.duckdb")
    assert result.returncode == 2
    assert "expected NAME=VALUE" in result.stderr


def test_query_as_of_a_date_sees_the_database_as_it_stood_then(casco, tmp_path):
    db = tmp_path / "casco.duckdb"
    with open_database(db) as con:
        write_snapshot(con, CollectedSnapshot(snapshot_row(dt.date(2026, 10, 1)), {"memberships": memberships(1619, 2064)}))
        write_snapshot(con, CollectedSnapshot(snapshot_row(dt.date(2026, 11, 1)), {"memberships": memberships(2064, 2188)}))

    def as_of(day, sql):
        result = casco("query", sql, "--as-of", day, "--db", db, "--format", "json")
        assert result.returncode == 0, result.stderr
        return [tuple(row.values()) for row in json.loads(result.stdout)]

    rows = "SELECT snapshot_id, member_id FROM memberships ORDER BY 1, 2"
    assert as_of("2026-09-30", rows) == []
    assert as_of("2026-10-15", rows) == [(1, 1619), (1, 2064)]
    assert as_of("2026-10-15", "SELECT count(*) FROM snapshots") == [(1,)]
    latest = "SELECT member_id FROM latest_memberships ORDER BY 1"
    assert as_of("2026-10-15", latest) == [(1619,), (2064,)]
    assert as_of("2026-11-01", latest) == [(2064,), (2188,)]
    history = "SELECT member_id, valid_from::VARCHAR, valid_to::VARCHAR, is_current FROM membership_history ORDER BY 1"
    assert as_of("2026-10-15", history) == [(1619, "2026-10-01", None, True), (2064, "2026-10-01", None, True)]
    assert as_of("2026-11-01", history) == [(1619, "2026-10-01", "2026-11-01", False),
                                            (2064, "2026-10-01", None, True), (2188, "2026-11-01", None, True)]


@pytest.mark.parametrize(
    "options, message",
    [
        (("--source", "opendata", "--follow-liaisons"), "--follow-liaisons, --no-deliverables and --base-url are for --source site"),
        (("--source", "opendata", "--committee", "54998"), "--committee with --source opendata chooses committees of the "
                                                           "deliverables dataset: give it with --dataset FILE|URL"),
        (("--dataset", "dump.jsonl"), "--dataset goes with --source opendata"),
    ],
)
def test_options_of_the_other_source_are_usage_errors(casco, tmp_path, options, message):
    result = casco("crawl", *options, "--db", tmp_path / "x.duckdb")
    assert result.returncode == 2
    assert message in result.stderr


def test_the_casco_db_environment_variable_is_every_commands_default_db(tmp_path):
    db = tmp_path / "elsewhere" / "casco.duckdb"
    env = {**os.environ, "CASCO_DB": str(db)}

    def run(*args):
        return subprocess.run([casco_executable(), *map(str, args)], cwd=tmp_path, env=env, capture_output=True,
                              text=True, timeout=300)

    assert run("import-opendata", write_dump(tmp_path, "2025-08-06")).returncode == 0
    listed = run("snapshots", "--format", "json")
    assert [snapshot["as_of"] for snapshot in json.loads(listed.stdout)["snapshots"]] == ["2025-08-06"]
    assert json.loads(run("query", "SELECT count(*) AS n FROM snapshots", "--format", "json").stdout) == [{"n": 1}]
    assert db.is_file() and not (tmp_path / "output").exists()
    assert "env var: CASCO_DB" in run("diff", "--help").stdout
