"""Bad input to any command is one line saying what to do and the README's exit code, never a traceback."""

import datetime as dt
import json
import os
import shutil
import socket
import sqlite3
import subprocess

import pytest
from click.testing import CliRunner

from casco_watch.cli import main
from casco_watch.pipeline.collect import CollectedSnapshot
from casco_watch.pipeline.store import open_database, write_snapshot
from tests.conftest import database_made_once, own_copy_of
from tests.dumps import write_dump
from tests.pipeline.test_store import memberships, snapshot_row

READING_COMMANDS = [
    ("snapshots",),
    ("diff",),
    ("history", "--committee", "54998"),
    ("query", "SELECT * FROM memberships"),
    ("export", "--format", "csv", "--out", "{tmp}/export"),
    ("report", "--out", "{tmp}/report.html"),
]


def run(*args):
    return CliRunner().invoke(main, [str(arg) for arg in args])


def assert_message(result, code, *fragments):
    """Exit `code`, no traceback, and the fragments in what was printed."""
    assert result.exit_code == code, (result.output, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in result.output


def _two_dated_snapshots(con) -> None:
    write_snapshot(con, CollectedSnapshot(snapshot_row(dt.date(2026, 10, 1)), {"memberships": memberships(1619, 2064)}))
    write_snapshot(con, CollectedSnapshot(snapshot_row(dt.date(2026, 11, 1)), {"memberships": memberships(2064, 2188)}))


@pytest.fixture(scope="session")
def dated_db_made(tmp_path_factory):
    return database_made_once(tmp_path_factory, "dated-db", _two_dated_snapshots)


@pytest.fixture
def dated_db(dated_db_made, tmp_path):
    """Snapshot 1 as of 2026-10-01, snapshot 2 as of 2026-11-01."""
    return own_copy_of(dated_db_made, tmp_path)


@pytest.mark.parametrize("command", READING_COMMANDS, ids=lambda command: command[0])
def test_a_database_cut_short_is_one_line_in_every_command(db, tmp_path, command):
    cut = tmp_path / "cut.duckdb"
    cut.write_bytes(db.read_bytes()[: db.stat().st_size // 4])  # DuckDB reads only the blocks a query needs:
    # a file cut at half can still hold every block one query reads, and then answers it rightly

    result = run(*(part.format(tmp=tmp_path) for part in command), "--db", cut)

    assert_message(result, 1, "is damaged (perhaps cut short)", "restore it from a copy")


@pytest.mark.parametrize("command", [*READING_COMMANDS, ("crawl",), ("accept", "1", "--committee", "54998")],
                         ids=lambda command: command[0])
def test_a_sqlite_file_is_not_a_casco_watch_database(tmp_path, command):
    other = tmp_path / "some.sqlite"
    with sqlite3.connect(other) as con:
        con.execute("CREATE TABLE notes (note TEXT)")

    result = run(*(part.format(tmp=tmp_path) for part in command), "--db", other)

    assert_message(result, 2, "is not a casco-watch database (not a DuckDB file)")


def test_no_connection_may_install_or_load_an_extension(db):
    with open_database(db, read_only=True) as con:
        settings = con.execute("SELECT current_setting('autoinstall_known_extensions'), "
                               "current_setting('autoload_known_extensions')").fetchall()
    assert settings == [(False, False)]


def test_an_empty_query_says_so(db):
    for sql in ("", "  -- nothing"):
        assert_message(run("query", sql, "--db", db), 1, "the query holds no SQL statement")


def test_query_as_of_refuses_a_date_after_today(db):
    assert_message(run("query", "SELECT 1", "--as-of", "2099-01-01", "--db", db), 2, "after today")


@pytest.mark.parametrize("name", ["snapshots", "main.snapshots", "casco.main.snapshots", "memory.main.snapshots",
                                  "system.main.snapshots", "temp.main.snapshots"])
def test_query_as_of_hides_later_snapshots_under_every_qualified_name(dated_db, name):
    result = run("query", f"SELECT snapshot_id FROM {name}", "--as-of", "2026-10-15", "--db", dated_db,
                 "--format", "json")
    if result.exit_code == 0:
        assert [row["snapshot_id"] for row in json.loads(result.output)] == [1]
    else:
        assert_message(result, 1, "the query failed")


def test_query_as_of_cannot_reach_the_file_by_attaching_it_again(dated_db):
    result = run("query", f"ATTACH '{dated_db}' AS again (READ_ONLY); SELECT count(*) FROM again.snapshots",
                 "--as-of", "2026-10-15", "--db", dated_db)
    assert_message(result, 1, "the query failed")


@pytest.mark.parametrize("command", [("crawl", "--committee"), ("diff", "--committee"), ("history", "--committee"),
                                     ("reconcile", "--committee"), ("report", "--committee")],
                         ids=lambda command: command[0])
def test_an_id_too_large_for_the_store_is_a_usage_error_before_anything_runs(db, command):
    result = run(*command, "99999999999999999999", "--db", db)
    assert_message(result, 2, "99999999999999999999 is not in the range 1<=x<=9223372036854775807")


def test_a_snapshot_id_too_large_for_the_store_is_a_usage_error(db):
    assert_message(run("diff", "99999999999", "--db", db), 2, "is not in the range 1<=x<=2147483647")


def test_serve_fixture_on_a_busy_port_says_to_choose_another(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("serve-fixture", "--port", port)
    assert_message(result, 2, f"cannot serve on 127.0.0.1:{port}", "--port 0 for any free one")


def test_import_opendata_where_no_database_can_be_made_is_a_usage_error(tmp_path):
    """The --db's folder is a regular file: no folder can be made there, whoever runs the test (root too)."""
    dump = write_dump(tmp_path, "2026-10-01")
    (tmp_path / "not-a-folder").write_text("")
    result = run("import-opendata", dump, "--db", tmp_path / "not-a-folder" / "casco.duckdb")
    assert_message(result, 2, "Invalid value for --db", "not-a-folder")


@pytest.fixture
def read_only_db(db):
    """The database made unwritable in a way root also obeys (the immutable flag), else by its mode."""
    if os.geteuid() != 0:
        db.chmod(0o444)
        yield db
        return
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(db)], capture_output=True).returncode:
        pytest.skip("running as root without a filesystem that takes chattr +i: no way to make a file read-only")
    try:
        yield db
    finally:
        subprocess.run(["chattr", "-i", str(db)], check=True)


def test_accept_on_a_read_only_database_is_a_usage_error(read_only_db):
    result = run("accept", "1", "--committee", "54998", "--db", read_only_db)
    assert_message(result, 2, "is not writable", "choose another --db")


def test_accept_never_creates_a_database(tmp_path):
    result = run("accept", "1", "--committee", "54998", "--db", tmp_path / "none.duckdb")
    assert_message(result, 1, "no database at")
    assert not (tmp_path / "none.duckdb").exists()
