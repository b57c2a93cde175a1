"""`import casco_watch`: load, store, diff and read history from Python, with no Scrapy reactor and no child process."""

import datetime as dt
import json
import subprocess
import sys
import textwrap

import pytest

import casco_watch
from casco_watch.library.questions import spooled
from casco_watch.schemas import Membership, Officer, PageVisit
from tests.casco_watch.real_dumps import two_dumps_db  # noqa: F401 (a fixture)
from tests.conftest import REPO
from tests.dumps import write_dump
from tests.realdata.plain_reading import DUMPS, read_dump

LIBRARY_ONLY = textwrap.dedent(
    """
    import json, sys
    import casco_watch
    first, second, db = sys.argv[1:]
    casco_watch.load_opendata(first, db)
    casco_watch.load_opendata(second, db)
    diff = casco_watch.diff(db)
    started = [name for name in ("twisted.internet.reactor", "scrapy.crawler") if name in sys.modules]
    print(json.dumps({"summary": diff.summary(), "whole": diff.to_dict(), "started": started}, default=str))
    """
)


@pytest.mark.process
def test_two_real_dumps_loaded_and_diffed_in_process_give_the_cli_summary(casco, tmp_path, two_dumps_db):
    """`two_dumps_db` holds the same two dumps, loaded through the library once per test run (real_dumps.py), and
    skips the test where the dumps are absent."""
    first, second = DUMPS[-2], DUMPS[-1]
    library_db = tmp_path / "library.duckdb"
    ran = subprocess.run([sys.executable, "-c", LIBRARY_ONLY, first, second, library_db],
                         cwd=REPO, capture_output=True, text=True, timeout=300)
    assert ran.returncode == 0, ran.stderr
    library = json.loads(ran.stdout)
    assert library["started"] == []

    cli = json.loads(casco("diff", "--db", two_dumps_db, "--format", "json").stdout)
    assert library["summary"] == cli["summary"]
    same_database = json.loads(casco("diff", "--db", library_db, "--format", "json").stdout)
    assert json.loads(json.dumps(library["whole"])) == same_database

    before, after = read_dump(first), read_dump(second)
    joined = after.memberships.keys() - before.memberships.keys()
    assert library["summary"]["memberships_joined"] == len(joined)


def test_store_snapshot_keeps_records_of_any_source_and_judges_them(tmp_path):
    db = tmp_path / "casco.duckdb"
    seats = [Membership(committee_id=54998, member_id=member, status="P") for member in (1619, 2064)]
    first = casco_watch.store_snapshot(db, seats, source_kind="site", source="a spreadsheet", scope="manual",
                                       as_of=dt.date(2026, 10, 1)).snapshot
    chair = Officer(committee_id=54998, role="chairperson", name="Ms Caroline Outa")
    second = casco_watch.store_snapshot(db, [*seats[:1], chair, PageVisit(url="manual", page_kind="committee")],
                                        source_kind="site", source="a spreadsheet", scope="manual",
                                        as_of=dt.date(2026, 11, 1), covers=["memberships", "officers"]).snapshot
    assert (first.snapshot_id, first.status, first.covers) == (1, "complete", ["memberships"])
    assert (second.snapshot_id, second.status) == (2, "complete")
    diff = casco_watch.diff(db)
    assert [(row["change"], row["member_id"]) for row in diff.sections["memberships"].records()] == [("left", 2064)]
    assert diff.warnings == ["officers not compared: no snapshot before 2 holds it complete"]
    assert [snapshot.snapshot_id for snapshot in casco_watch.snapshots(db)] == [1, 2]
    assert [row["status"] for row in casco_watch.member_timeline(db, 2064).records()] == ["P"]


def test_a_dataset_without_a_date_is_refused_and_nothing_is_stored(tmp_path):
    dataset = tmp_path / "iso_technical_committees.jsonl"
    dataset.write_text('{"id": 45020, "reference": "ISO/IEC JTC 1", "title": {"en": "IT"}}\n', encoding="utf-8")
    with pytest.raises(casco_watch.DatasetError, match="cannot tell the date of"):
        casco_watch.load_opendata(dataset, tmp_path / "casco.duckdb")
    assert not (tmp_path / "casco.duckdb").exists()


def test_a_file_url_is_percent_decoded_like_any_file_url(tmp_path):
    folder = tmp_path / "ISO dumps"
    folder.mkdir()
    url = write_dump(folder, "2025-08-06").as_uri()
    assert "%20" in url

    stored = casco_watch.load_opendata(url, tmp_path / "casco.duckdb").snapshot

    assert (stored.snapshot_id, stored.as_of, stored.status) == (1, dt.date(2025, 8, 6), "complete")


def test_a_call_given_no_db_uses_the_casco_db_variable_read_at_that_call_as_casco_does(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    chosen = tmp_path / "elsewhere" / "casco.duckdb"
    monkeypatch.setenv("CASCO_DB", str(chosen))

    stored = casco_watch.load_opendata(write_dump(tmp_path, "2025-08-06")).snapshot
    casco_watch.load_opendata(write_dump(tmp_path, "2025-08-13", observers=()))

    assert chosen.is_file() and not (tmp_path / "output").exists()
    assert [snapshot.as_of for snapshot in casco_watch.snapshots()] == [stored.as_of, dt.date(2025, 8, 13)]
    assert casco_watch.diff().summary()["memberships_left"] == 1
    assert spooled() == []
    with casco_watch.open_database(read_only=True) as con:
        assert con.execute("SELECT count(*) FROM snapshots").fetchall() == [(2,)]
    monkeypatch.setenv("CASCO_DB", str(tmp_path / "other.duckdb"))
    with pytest.raises(casco_watch.DatabaseError, match="other.duckdb"):
        casco_watch.snapshots()
