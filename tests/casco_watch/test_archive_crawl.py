"""End to end with the real `casco` command: crawls keep archives, replays and re-parses run offline from them.

A crawl of the fixture site (on 127.0.0.1) writes its archive; with the server gone, a replay of that archive
stores the very same rows, and a re-parse after a parser change stores today's records beside the original,
which stays as it was. A damaged archive is refused and nothing is stored. The crawls here read the site's small
committee (five pages): their point is the archive, not what CASCO's pages say; the demo's test re-reads a whole
crawl of CASCO.
"""

from __future__ import annotations

import datetime as dt
import shlex
import shutil
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from casco_watch.archives.crawl_archive import ArchiveWriter, RecordedRequest, RecordedResponse, read_archive
from casco_watch.library.demo import demo_mark
from casco_watch.fixture_site.server import fixture_pages
from casco_watch.fixture_site.site_data import CASCO_ID, STATES
from casco_watch.schemas import RECORD_TABLES, STORED_TABLES, Snapshot
from tests.casco_watch.test_archive import warcio
from tests.conftest import REPO, casco_executable, run_casco
from tests.fixture_oracle import SMALL_COMMITTEE, FaultySite, expected_records
from tests.spiders.test_site_crawl import assert_same_records, stored_records

LOOPBACK = ("--delay", "0", "--set", "CASCO_RETRY_BACKOFF_BASE=0.01", "--set", "RETRY_TIMES=1")
COMPARED_TABLES = tuple(table for table in STORED_TABLES if table != Snapshot.table)
LOST_TO_404, LOST_TO_503 = "/member/2064.html", f"/committee/{SMALL_COMMITTEE}/x/catalogue/p/1/u/1/w/1/d/1"


def rows_only_in_one(db, first, second):
    """Per table, the rows one snapshot has and the other lacks, both ways (compared whole but for snapshot_id)."""
    with duckdb.connect(str(db), read_only=True) as con:
        return {
            table: con.execute(
                f"SELECT count(*) FROM ("
                f"(SELECT * EXCLUDE (snapshot_id) FROM {table} WHERE snapshot_id = $a"
                f" EXCEPT ALL SELECT * EXCLUDE (snapshot_id) FROM {table} WHERE snapshot_id = $b)"
                f" UNION ALL "
                f"(SELECT * EXCLUDE (snapshot_id) FROM {table} WHERE snapshot_id = $b"
                f" EXCEPT ALL SELECT * EXCLUDE (snapshot_id) FROM {table} WHERE snapshot_id = $a))",
                {"a": first, "b": second},
            ).fetchall()[0][0]
            for table in COMPARED_TABLES
        }


def rows_of(db, snapshot_id):
    """Every row a snapshot has in every table, to show it did not change."""
    with duckdb.connect(str(db), read_only=True) as con:
        return {table: sorted(map(repr, con.execute(f"SELECT * FROM {table} WHERE snapshot_id = ?", [snapshot_id]).fetchall()))
                for table in STORED_TABLES}


def provenance(db, snapshot_id):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT as_of, archive, derivation, derived_from FROM snapshots WHERE snapshot_id = ?",
                           [snapshot_id]).fetchall()[0]


def record_counts(db, snapshot_id):
    with duckdb.connect(str(db), read_only=True) as con:
        return {table: con.execute(f"SELECT count(*) FROM {table} WHERE snapshot_id = ?", [snapshot_id]).fetchall()[0][0]
                for table in RECORD_TABLES}


def snapshot_count(db):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT count(*) FROM snapshots").fetchall()[0][0]


@dataclass(frozen=True)
class Recorded:
    db: Path
    base_url: str

    @property
    def archive(self) -> Path:
        return self.db.parent / provenance(self.db, 1)[1]

    def copy(self, to: Path) -> Recorded:
        """The database and its archive folder copied to `to`, so that a test may add snapshots."""
        shutil.copytree(self.db.parent, to)
        return Recorded(to / self.db.name, self.base_url)


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    """One archived crawl of the small committee, its member page lost to a 404 and its catalogue to 503s; its
    server is gone after."""
    db = tmp_path_factory.mktemp("recorded") / "casco.duckdb"
    with FaultySite(STATES[0], status_overrides={LOST_TO_404: 404, LOST_TO_503: 503}, retry_after=0) as site:
        base_url = site.base_url
        result = run_casco("crawl", "--base-url", base_url, "--committee", SMALL_COMMITTEE, "--db", db,
                           "--as-of", STATES[0], *LOOPBACK)
    assert result.returncode == 3, result.stdout + result.stderr
    return Recorded(db, base_url)


@pytest.fixture
def copy_of_recorded(recorded, tmp_path):
    return recorded.copy(tmp_path / "crawl")


@pytest.fixture(scope="module")
def replayed(recorded, tmp_path_factory) -> tuple[Recorded, subprocess.CompletedProcess]:
    """A copy of `recorded` to which `casco crawl --replay` of its archive added snapshot 2, and what it said."""
    copy = recorded.copy(tmp_path_factory.mktemp("replayed") / "crawl")
    return copy, run_casco("crawl", "--replay", copy.archive, "--db", copy.db)


def test_a_crawl_archives_every_exchange_and_each_page_names_its_copy(recorded):
    archive = read_archive(recorded.archive)
    urls = {url.removeprefix(recorded.base_url): copies for url, copies in archive.responses.items()}

    assert provenance(recorded.db, 1)[1:] == (f"archive/{recorded.archive.name}", None, None)
    assert [path.name for path in recorded.archive.parent.iterdir()] == [recorded.archive.name]
    assert (archive.spider, archive.snapshot_id, archive.as_of) == ("casco", 1, dt.date.fromisoformat(STATES[0]))
    assert archive.arguments == {"base_url": recorded.base_url, "committees": str(SMALL_COMMITTEE), "follow_liaisons": "False",
                                 "as_of": STATES[0]}
    assert "/robots.txt" in urls and len(urls[LOST_TO_404]) == 1 and len(urls[LOST_TO_503]) == 2
    with duckdb.connect(str(recorded.db), read_only=True) as con:
        pages = con.execute("SELECT url, http_status, warc_record_id, payload_digest FROM pages").fetchall()
    assert len(pages) == len(urls) - 1, "every page but robots.txt"
    for url, status, record_id, digest in pages:
        last = archive.responses[url][-1]
        assert (record_id, digest) == (last.record_id, last.payload_digest), url
        assert status == {LOST_TO_404: 404, LOST_TO_503: 503}.get(url.removeprefix(recorded.base_url), 200)


def test_warcio_checks_and_indexes_a_crawl_archive_cleanly(recorded):
    checked, indexed = warcio("check", recorded.archive), warcio("index", recorded.archive)

    assert checked.returncode == 0 and checked.stdout == "", checked.stdout + checked.stderr
    assert indexed.returncode == 0 and indexed.stderr == ""
    assert indexed.stdout.count('"warc-type": "response"') == sum(map(len, read_archive(recorded.archive).responses.values()))


def test_a_replay_with_the_server_gone_stores_identical_records(replayed):
    replay, result = replayed
    db = replay.db

    assert result.returncode == 3, result.stdout + result.stderr
    assert "Snapshot 2 (as of 2026-10-01)" in result.stdout
    as_of, archive, derivation, derived_from = provenance(db, 2)
    assert (as_of, archive, derivation, derived_from) == (dt.date(2026, 10, 1), provenance(db, 1)[1], "replay", 1)
    assert_same_records(stored_records(db, 1), {**expected_records(STATES[0], (SMALL_COMMITTEE,)), "MemberBody": []})
    assert rows_only_in_one(db, 1, 2) == dict.fromkeys(COMPARED_TABLES, 0)


def test_replaying_the_same_archive_again_stores_nothing_new(casco, replayed, tmp_path):
    replay, first = replayed
    copy = replay.copy(tmp_path / "again")
    again = casco("crawl", "--replay", copy.archive, "--db", copy.db)

    assert (first.returncode, again.returncode) == (3, 0), again.stdout + again.stderr
    assert "already stored as snapshot 2" in again.stdout and "nothing new was stored" in again.stdout
    assert snapshot_count(copy.db) == 2
    assert "crawling" not in first.stderr and f"reading {replay.archive} (no network)" in first.stderr


@pytest.mark.parametrize("damage", ["truncated", "flipped byte", "cut at a record boundary"])
def test_a_damaged_archive_is_refused_and_nothing_is_stored(casco, copy_of_recorded, damage):
    archive = copy_of_recorded.archive
    data = archive.read_bytes()
    if damage == "truncated":
        archive.write_bytes(data[: len(data) * 2 // 3])
    elif damage == "flipped byte":
        archive.write_bytes(data[:5000] + bytes([data[5000] ^ 0xFF]) + data[5001:])
    else:
        archive.write_bytes(data[: max(c.offset for cs in read_archive(archive).responses.values() for c in cs)])

    result = casco("crawl", "--replay", archive, "--db", copy_of_recorded.db)

    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr.startswith(f"casco: the archive {archive}") and "nothing was stored" in result.stderr
    assert ("is damaged" if damage == "flipped byte" else "cut short") in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert snapshot_count(copy_of_recorded.db) == 1


def test_a_replay_takes_committees_base_url_and_date_from_the_archive_alone(casco, recorded, tmp_path):
    for extra in (("--committee", "1"), ("--base-url", "http://127.0.0.1:1")):
        result = casco("crawl", "--replay", recorded.archive, "--db", tmp_path / "casco.duckdb", *extra)
        assert result.returncode == 2 and "from the archive" in result.stderr, extra
    assert casco("crawl", "--replay", tmp_path / "none.warc.gz", "--db", tmp_path / "casco.duckdb").returncode == 2


def test_a_page_the_archive_lacks_is_lost_as_not_in_the_archive(casco, tmp_path):
    base_url = "http://127.0.0.1:9"
    page = fixture_pages(STATES[0])[f"committee/{CASCO_ID}.html"].encode()
    writer = ArchiveWriter(tmp_path / "elsewhere", "casco", {"base_url": base_url, "committees": str(CASCO_ID)})
    for path, body in (("/robots.txt", b""), (f"/committee/{CASCO_ID}.html", page)):
        writer.write_exchange(RecordedRequest("GET", base_url + path, path, [("Host", "127.0.0.1:9")]),
                              RecordedResponse(200, [("Content-Type", "text/html; charset=utf-8")], body))
    archive = writer.close(snapshot_id=1, as_of=dt.date(2026, 10, 1), status="complete")
    db = tmp_path / "db" / "casco.duckdb"

    result = casco("crawl", "--replay", archive, "--db", db)

    assert result.returncode in (1, 3), result.stdout + result.stderr
    with duckdb.connect(str(db), read_only=True) as con:
        lost = con.execute("SELECT url, reason FROM pages WHERE outcome = 'lost'").fetchall()
        assert con.execute("SELECT DISTINCT cause FROM pages WHERE outcome = 'lost'").fetchall() == [("not_in_archive",)]
        assert con.execute("SELECT archive, derivation, derived_from FROM snapshots").fetchall() == [
            (str(archive.resolve()), "replay", None)]
    assert {reason for _, reason in lost} == {"not in the archive"}
    assert f"{base_url}/committee/{CASCO_ID}.html?view=participation" in {url for url, _ in lost}


def test_pages_the_parsers_do_not_understand_are_named_with_their_archived_copies(casco, tmp_path):
    db = tmp_path / "casco.duckdb"
    committee_path, member_path = f"/committee/{SMALL_COMMITTEE}.html", "/member/2064.html"
    convenor = fixture_pages(STATES[0])[committee_path[1:]].replace(">Committee Manager<", ">Convenor<").encode()
    unknown_layout = b"<html lang='en'><body><main><p>BSI</p></main></body></html>"
    with FaultySite(STATES[0], page_overrides={committee_path: convenor, member_path: unknown_layout}) as site:
        base_url = site.base_url
        result = casco("crawl", "--base-url", base_url, "--committee", SMALL_COMMITTEE, "--db", db, *LOOPBACK)

    assert result.returncode == 3, result.stdout + result.stderr
    report = result.stdout[result.stdout.index("First contact: 2 pages"):].splitlines()
    archive = db.parent / provenance(db, 1)[1]
    assert f"`casco reparse 1 --db {db}`" in report[0]
    assert report[1].strip() == f"* {base_url}{committee_path} (committee page)"
    assert report[2].strip() == "role: unknown officer label 'Convenor'"
    assert report[3].strip().startswith(f"archived: {archive} record <urn:uuid:")
    assert report[5].strip() == f"* {base_url}{member_path} (member page)"
    with duckdb.connect(str(db), read_only=True) as con:
        layout_error = con.execute("SELECT reason FROM pages WHERE url = ?", [base_url + member_path]).fetchall()[0][0]
    assert report[6].strip() == layout_error
    for line, page in ((report[4], convenor), (report[8], unknown_layout)):
        command = line.strip().removeprefix("extract:").strip()
        assert command.startswith("warcio extract --payload ")
        assert warcio(*shlex.split(command)[1:], text=False).stdout == page


def test_reparse_after_a_parser_change_stores_todays_records_and_keeps_the_original(casco, tmp_path):
    db = tmp_path / "casco.duckdb"
    with FaultySite(STATES[0]) as site:
        before = casco("crawl", "--base-url", site.base_url, "--committee", SMALL_COMMITTEE, "--db", db,
                       "--as-of", STATES[0], *LOOPBACK, "--set", "SPIDER_MODULES=tests.casco_watch.archive_spiders")
    assert before.returncode == 3, before.stdout + before.stderr
    assert "role: unknown officer label 'Committee Manager'" in before.stdout
    original = rows_of(db, 1)

    result = casco("reparse", "1", "--db", db)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Snapshot 2 (as of 2026-10-01)" in result.stdout and ": COMPLETE" in result.stdout
    assert "It replaces snapshot 1 (the same pages, read by today's parsers)" in result.stdout
    assert f"`casco diff 1 2 --db {db}` shows what the re-reading changed" in result.stdout
    assert provenance(db, 2) == (dt.date(2026, 10, 1), provenance(db, 1)[1], "reparse", 1)
    assert_same_records(stored_records(db, 2), expected_records(STATES[0], (SMALL_COMMITTEE,)))
    assert rows_of(db, 1) == original
    assert len(original["rejects"]) == 1 and rows_only_in_one(db, 1, 2)["officers"] == 1


def test_reparse_says_why_a_snapshot_cannot_be_reparsed(casco, copy_of_recorded):
    db = copy_of_recorded.db
    missing = casco("reparse", "9", "--db", db)
    copy_of_recorded.archive.unlink()
    lost_archive = casco("reparse", "1", "--db", db)

    assert missing.returncode == 1 and "there is no snapshot 9" in missing.stderr
    assert lost_archive.returncode == 1 and "the archive of snapshot 1 is missing" in lost_archive.stderr
    assert snapshot_count(db) == 1


@pytest.mark.process
def test_a_crawl_stopped_before_it_stores_anything_leaves_no_archive(tmp_path):
    """A SIGTERM ends the crawl process at once, without Scrapy's spider_closed: `crawl_abandoned` cleans up."""
    with FaultySite(hangs={"/member/"}) as site:
        crawl = subprocess.Popen([casco_executable(), "crawl", "--base-url", site.base_url, "--db", tmp_path / "casco.duckdb",
                                  *LOOPBACK], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert site.hang_reached.wait(60), "the crawl never reached a member page"
        assert [path.name for path in (tmp_path / "archive").iterdir()][0].endswith(".warc.gz.partial")
        crawl.send_signal(signal.SIGTERM)
        crawl.communicate(timeout=60)

    assert crawl.returncode == 143
    assert list((tmp_path / "archive").iterdir()) == []


@pytest.mark.long
def test_the_demo_leaves_archives_that_replay_offline_and_replaces_them_on_the_next_run(casco, demo_made, tmp_path):
    """The first run is the session's one demo (tests/conftest.py), copied: a demo's folder moves whole."""
    shutil.copytree(demo_made / "output", tmp_path, dirs_exist_ok=True)
    db = tmp_path / "demo.duckdb"
    assert demo_mark(db).is_file(), "the mark that lets the next run replace it"
    first_run = set((tmp_path / "archive").iterdir())
    result = casco("demo", "--db", db)
    assert result.returncode == 0, result.stdout + result.stderr

    archives = sorted((tmp_path / "archive").iterdir())
    assert len(archives) == 2 and not first_run & set(archives)
    assert warcio("check", *archives).returncode == 0
    assert warcio("index", *archives).returncode == 0
    reparsed = casco("reparse", "2", "--db", db)
    assert reparsed.returncode == 0, reparsed.stdout + reparsed.stderr
    assert min(record_counts(db, 2).values()) > 0
    assert rows_only_in_one(db, 2, 3) == dict.fromkeys(COMPARED_TABLES, 0)
