"""`casco query` reads the casco database and nothing else, and a huge result in a table is cut, not built."""

import csv
import io
import json
import time

import duckdb
import pytest
from click.testing import CliRunner

from casco_watch.cli import main
from casco_watch.pipeline.catalog import stream_query
from casco_watch.pipeline.store import open_database
from tests.cli.test_cli import assert_one_line_error

ESCAPES = [
    "COPY memberships TO '{tmp}/leak.csv'",
    "COPY (SELECT * FROM snapshots) TO '{tmp}/leak.parquet' (FORMAT parquet)",
    "EXPORT DATABASE '{tmp}/leak'",
    "ATTACH '{other}' AS other (READ_WRITE); DELETE FROM other.notes",
    "ATTACH '{db}' AS again (READ_WRITE); USE again; DELETE FROM memberships; DETACH casco",
    "ATTACH '{tmp}/new.duckdb' AS fresh",
    "INSTALL httpfs",
    "LOAD httpfs",
    "SELECT * FROM read_csv('{tmp}/notes.csv')",
    "SELECT * FROM '{tmp}/notes.csv'",
    "SELECT * FROM read_text('{tmp}/notes.csv')",
    "SELECT * FROM read_blob('{other}')",
    "SELECT * FROM read_parquet('{tmp}/*.parquet')",
    "SELECT * FROM read_json('{tmp}/*.json')",
    "SELECT * FROM glob('{tmp}/*')",
    "COPY memberships FROM '{tmp}/notes.csv'",
    "SET enable_external_access = true; COPY memberships TO '{tmp}/leak.csv'",
    "RESET enable_external_access",
    "SET lock_configuration = false",
    "SET GLOBAL enable_external_access = true",
    "SET temp_directory = '{tmp}/spill'",
    "CREATE SECRET (TYPE s3, KEY_ID 'k', SECRET 's')",
]


def files_under(folder):
    return {path: path.stat().st_mtime_ns for path in folder.rglob("*")}


@pytest.mark.parametrize("statement", ESCAPES)
def test_a_query_cannot_reach_files_extensions_or_other_databases(casco, db, tmp_path, statement):
    other = tmp_path / "other.duckdb"
    with duckdb.connect(str(other)) as con:
        con.execute("CREATE TABLE notes AS SELECT 'keep me' AS note")
    (tmp_path / "notes.csv").write_text("note\nsecret\n")
    before = files_under(tmp_path)

    result = casco("query", statement.format(tmp=tmp_path, other=other, db=db), "--db", db)

    assert_one_line_error(result, "the query failed")
    assert files_under(tmp_path) == before
    with duckdb.connect(str(other), read_only=True) as con:
        assert con.execute("SELECT note FROM notes").fetchall() == [("keep me",)]
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM memberships").fetchall() == [(3,)]


def test_a_refused_file_access_says_what_query_is_for(casco, db, tmp_path):
    assert_one_line_error(casco("query", f"COPY memberships TO '{tmp_path}/x.csv'", "--db", db),
                          "file system operations are disabled", "a query reads this database only",
                          "`casco export` writes files")


def test_a_query_may_still_use_temporary_tables_of_its_own(casco, db):
    result = casco("query", "CREATE TEMP TABLE seats AS SELECT member_id FROM memberships; "
                            "SELECT count(*) AS n FROM seats", "--db", db, "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["n", "3"]


def test_a_table_shows_the_first_thousand_rows_and_says_how_to_get_them_all(casco, db):
    sql = "SELECT range AS n FROM range(2500)"
    table = casco("query", sql, "--db", db)
    assert table.returncode == 0, table.stderr
    cells = [line.strip("│ ") for line in table.stdout.splitlines() if line.startswith("│")]
    assert cells == [str(n) for n in range(1000)]
    assert table.stdout.rstrip().endswith(
        "Only the first 1,000 rows are shown; use --format csv or --format json for all of them.")
    as_csv = casco("query", sql, "--db", db, "--format", "csv")
    assert [int(row[0]) for row in list(csv.reader(io.StringIO(as_csv.stdout)))[1:]] == list(range(2500))


def test_a_table_of_two_million_rows_fetches_only_what_it_shows(casco, db):
    started = time.monotonic()
    table = casco("query", "SELECT range AS n, 'member ' || range AS label FROM range(2000000)", "--db", db)
    assert table.returncode == 0, table.stderr
    assert time.monotonic() - started < 60
    assert "│ 999 " in table.stdout and "│ 1000 " not in table.stdout
    assert "Only the first 1,000 rows are shown" in table.stdout


def test_a_result_of_exactly_the_limit_has_no_note(casco, db):
    table = casco("query", "SELECT range FROM range(1000)", "--db", db)
    assert table.returncode == 0 and "Only the first" not in table.stdout


def test_csv_and_json_stream_every_row_in_batches_across_batch_boundaries(db):
    """3 million rows once took 2 GB: the whole result is never fetched at once, yet every row comes out."""
    sql = "SELECT i, 'row ' || i AS label, NULL AS nothing FROM range(25001) t(i)"
    with open_database(db, read_only=True) as con:
        columns, batches = stream_query(con, sql, batch_rows=10_000)
        assert columns == ["i", "label", "nothing"]
        assert [len(batch) for batch in batches] == [10_000, 10_000, 5_001]

    as_csv = CliRunner().invoke(main, ["query", sql, "--db", str(db), "--format", "csv"])
    assert as_csv.exit_code == 0, as_csv.output
    rows = list(csv.reader(io.StringIO(as_csv.stdout)))
    assert rows[0] == ["i", "label", "nothing"] and len(rows) == 25_002 and rows[-1] == ["25000", "row 25000", ""]

    as_json = CliRunner().invoke(main, ["query", sql, "--db", str(db), "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    parsed = json.loads(as_json.stdout)
    assert len(parsed) == 25_001 and parsed[-1] == {"i": 25_000, "label": "row 25000", "nothing": None}

    empty = CliRunner().invoke(main, ["query", "SELECT 1 AS one WHERE false", "--db", str(db), "--format", "json"])
    assert json.loads(empty.stdout) == []
