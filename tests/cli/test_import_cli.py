"""Honest dates and no repeats through both Open Data entry points: `casco import-opendata` and `casco crawl --source opendata`."""

import datetime as dt
import json
import signal
import subprocess

import pytest
from click.testing import CliRunner

import casco_watch
from casco_watch.cli import main
from tests.cli.test_cli import assert_one_line_error
from tests.conftest import REPO, casco_executable
from tests.dumps import casco_line, write_dump
from tests.realdata.plain_reading import DUMPS, skip_without_dumps

ENTRY_POINTS = {
    "import-opendata": lambda dump: ("import-opendata", dump),
    "crawl --source opendata": lambda dump: ("crawl", "--source", "opendata", "--dataset", dump),
}


def stored(casco, db, sql):
    result = casco("query", sql, "--db", db, "--format", "json")
    assert result.returncode == 0, result.stderr
    return [tuple(row.values()) for row in json.loads(result.stdout)]


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_an_as_of_after_today_is_a_usage_error_and_nothing_is_created(casco, tmp_path, entry):
    db = tmp_path / "casco.duckdb"
    tomorrow = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    result = casco(*ENTRY_POINTS[entry](write_dump(tmp_path, "2025-08-13")), "--as-of", tomorrow, "--db", db)
    assert result.returncode == 2
    assert f"the as-of date {tomorrow} is after today" in result.stderr
    assert not db.exists()


def test_a_site_crawl_dated_after_today_is_a_usage_error(casco, tmp_path):
    result = casco("crawl", "--as-of", "2099-01-01", "--db", tmp_path / "casco.duckdb")
    assert result.returncode == 2 and "the as-of date 2099-01-01 is after today" in result.stderr


def test_a_dump_whose_name_dates_it_after_today_is_refused_before_any_is_stored(casco, tmp_path):
    db = tmp_path / "casco.duckdb"
    result = casco("import-opendata", write_dump(tmp_path, "2025-08-13"), write_dump(tmp_path, "2099-01-01"),
                   "--db", db)
    assert_one_line_error(result, "iso_technical_committees-2099-01-01.jsonl: the as-of date 2099-01-01 is after today")
    assert not db.exists()


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_the_same_dump_imported_twice_makes_one_snapshot_and_one_history(casco, tmp_path, entry):
    db = tmp_path / "casco.duckdb"
    dump = write_dump(tmp_path, "2025-08-13")
    first = casco(*ENTRY_POINTS[entry](dump), "--db", db)
    again = casco(*ENTRY_POINTS[entry](dump), "--db", db)
    assert first.returncode == again.returncode == 0, first.stderr + again.stderr
    assert "already stored as snapshot 1" in again.stdout + again.stderr
    assert stored(casco, db, "SELECT snapshot_id, as_of::VARCHAR FROM snapshots") == [(1, "2025-08-13")]
    assert stored(casco, db, "SELECT count(*) FROM membership_history") == [(3,)]


def test_an_import_of_dumps_partly_stored_before_stores_only_the_new_ones(casco, tmp_path):
    db = tmp_path / "casco.duckdb"
    older, newer = write_dump(tmp_path, "2025-08-06"), write_dump(tmp_path, "2025-08-13", observers=(1511,))
    assert casco("import-opendata", older, "--db", db).returncode == 0
    result = casco("import-opendata", older, newer, "--db", db)
    assert result.returncode == 0, result.stderr
    assert "1 snapshot(s) stored" in result.stdout and "1 skipped (already stored)" in result.stdout
    assert stored(casco, db, "SELECT snapshot_id, as_of::VARCHAR FROM snapshots ORDER BY 1") == [
        (1, "2025-08-06"), (2, "2025-08-13")]


@pytest.mark.parametrize(("path", "message"), [("nowhere.jsonl.gz", "no such file: {path}"),
                                               ("", "{path} is a folder; give a dump file")])
def test_a_missing_dump_gives_the_same_error_through_both_entry_points(casco, tmp_path, path, message):
    dump = tmp_path / path
    results = [casco(*command(dump), "--db", tmp_path / "casco.duckdb") for command in ENTRY_POINTS.values()]
    for result in results:
        assert_one_line_error(result, message.format(path=str(dump).rstrip("/")))
    assert results[0].stderr == results[1].stderr


def import_in_process(*args):
    """`casco import-opendata ARGS...` through click in this process (an import of local files starts no Scrapy)."""
    return CliRunner().invoke(main, ["import-opendata", *map(str, args)])


def test_a_dump_that_repeats_a_committee_with_other_members_is_stored_partial_and_says_why(tmp_path):
    dump = tmp_path / "iso_technical_committees-2025-08-13.jsonl"
    lines = [casco_line(), casco_line(observers=(1511,)), casco_line()]
    dump.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    db = tmp_path / "casco.duckdb"

    result = import_in_process(dump, "--db", db)

    assert result.exit_code == 3, result.output
    why = ("committee 54998 is listed twice, on lines 1 and 2, and the two disagree "
           "(memberships: 1 only on line 1, 1 only on line 2); line 1 is kept")
    assert f"partial, 8 records, 0 rejected\n  - {why}\n" in result.stderr
    (snapshot,) = casco_watch.snapshots(db)
    assert [(part.record_table, part.status, part.reasons) for part in snapshot.parts if part.status != "complete"] \
        == [("memberships", "partial", [why])]


def test_a_failed_dump_says_why(tmp_path):
    dump = tmp_path / "iso_technical_committees-2025-08-13.jsonl.gz"
    dump.write_bytes(b"\x1f\x8b not really gzip")
    result = import_in_process(dump, "--db", tmp_path / "casco.duckdb")
    assert result.exit_code == 1
    assert "failed, 0 records, 0 rejected\n  - " in result.stderr and "not a readable gzip file" in result.stderr


@pytest.mark.parametrize(("max_vanish", "memberships"), [((), "suspect"), (("--max-vanish", "0.9"), "complete")])
def test_max_vanish_sets_how_many_seats_may_vanish_before_memberships_are_held_back(tmp_path, max_vanish, memberships):
    db = tmp_path / "casco.duckdb"
    every_seat = write_dump(tmp_path, "2025-08-06", participants=(2064, 1619, 2188, 1511), observers=(2034,))
    assert import_in_process(every_seat, "--db", db).exit_code == 0
    later = write_dump(tmp_path, "2025-08-13", participants=(2064,), observers=())  # 4 of 5 seats vanish
    result = import_in_process(later, *max_vanish, "--db", db)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    latest = casco_watch.snapshots(db)[-1]
    assert {part.status for part in latest.parts if part.record_table == "memberships"} == {memberships}


@pytest.mark.process
def test_sigint_during_an_import_exits_130_keeping_the_dumps_stored_before_it_and_naming_the_rest(tmp_path):
    """A process is the point: the signal reaches `casco import-opendata` between (or during) real dumps."""
    skip_without_dumps()
    db = tmp_path / "casco.duckdb"
    dumps = DUMPS[:4]
    importing = subprocess.Popen([casco_executable(), "import-opendata", *map(str, dumps), "--db", str(db)],
                                 cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    said = []
    for line in importing.stderr:
        said.append(line)
        if "→ snapshot 1 " in line:
            importing.send_signal(signal.SIGINT)
            break
    said.append(importing.communicate(timeout=120)[1])
    assert importing.wait() == 130, "".join(said)
    message = "".join(said).strip().splitlines()[-1]
    stored = casco_watch.snapshots(db)
    assert stored and stored[0].as_of == dt.date(2025, 6, 11)
    assert message.startswith(f"casco: interrupted (SIGINT); {len(stored)} snapshot(s) stored before it stay in")
    not_stored = [dump.name for dump in dumps[len(stored):]]
    assert f"Not stored: {len(not_stored)} dump(s) ({', '.join(not_stored)}); run the same import again" in message
