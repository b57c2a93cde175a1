"""End to end: the real `casco crawl` and `scrapy crawl` over the fixture site served on 127.0.0.1.

The database must hold exactly the records the fixture data says the pages
contain (whole records, not counts), and every way the site can fail must
show up in the snapshot's status.
"""

import json
import subprocess
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import duckdb
import pytest

from casco_watch.schemas import RECORD_TYPES
from casco_watch.fixture_site.server import FixtureSite
from tests.conftest import LOOPBACK, REPO, run_casco
from tests.fixture_oracle import SMALL_COMMITTEE, FaultySite, expected_records
from casco_watch.fixture_site.render import catalogue_page, catalogue_path, participation_page
from casco_watch.fixture_site.site_data import CASCO_ID, STATES, TC_176_ID, DeliverableData, site



def stored_records(db, snapshot_id):
    """Every record of a snapshot, per model name, as the model's own dump (what expected_records gives)."""
    stored = {}
    with duckdb.connect(str(db), read_only=True) as con:
        for name, model in RECORD_TYPES.items():
            cursor = con.execute(f"SELECT * EXCLUDE (snapshot_id) FROM {model.table} WHERE snapshot_id = ?", [snapshot_id])
            columns = [d[0] for d in cursor.description]
            rows = [model(**dict(zip(columns, row))).model_dump() for row in cursor.fetchall()]
            if rows:
                stored[name] = rows
    return stored


def assert_same_records(stored, expected):
    assert sorted(stored) == sorted(name for name, rows in expected.items() if rows)
    for name, rows in expected.items():
        model = RECORD_TYPES[name]
        key = lambda row: tuple(str(row[field]) for field in model.key)  # noqa: E731
        assert sorted(stored.get(name, []), key=key) == sorted(rows, key=key), name


def snapshot(db, snapshot_id):
    with duckdb.connect(str(db), read_only=True) as con:
        status, reasons = con.execute("SELECT status, reasons FROM snapshots WHERE snapshot_id = ?", [snapshot_id]).fetchall()[0]
    return status, reasons


@pytest.mark.parametrize("snapshot_id, state", list(enumerate(STATES, start=1)))
def test_a_crawl_of_casco_stores_exactly_what_the_pages_say(crawled_states, snapshot_id, state):
    result, db = crawled_states.said[state], crawled_states.db

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Snapshot %d (as of %s)" % (snapshot_id, state) in result.stdout and ": COMPLETE" in result.stdout
    assert snapshot(db, snapshot_id) == ("complete", [])
    assert_same_records(stored_records(db, snapshot_id), expected_records(state, (CASCO_ID,)))


def test_a_crawl_following_liaisons_of_two_committees_is_complete_and_exact(casco, tmp_path):
    db = tmp_path / "casco.duckdb"
    with FaultySite(STATES[0]) as site:
        result = casco("crawl", "--base-url", site.base_url, "--committee", CASCO_ID, "--committee", TC_176_ID,
                       "--follow-liaisons", "--db", db, *LOOPBACK)

    assert result.returncode == 0, result.stdout + result.stderr
    assert_same_records(stored_records(db, 1), expected_records(STATES[0], (CASCO_ID, TC_176_ID), follow_liaisons=True))


def test_a_second_committee_alone_is_complete(casco, tmp_path):
    db = tmp_path / "casco.duckdb"
    with FaultySite(STATES[1]) as site:
        result = casco("crawl", "--base-url", site.base_url, "--committee", TC_176_ID, "--db", db, *LOOPBACK)
    assert result.returncode == 0, result.stdout + result.stderr
    assert_same_records(stored_records(db, 1), expected_records(STATES[1], (TC_176_ID,)))


def test_a_refused_crawl_is_failed_exit_1_and_says_what_to_try(casco, tmp_path):
    db = tmp_path / "casco.duckdb"
    with FaultySite(STATES[0], status_overrides={"*": 403}) as site:
        result = casco("crawl", "--base-url", site.base_url, "--db", db, *LOOPBACK)

    assert result.returncode == 1
    assert ": FAILED" in result.stdout
    assert "the site refused the crawler: HTTP 403" in result.stdout
    assert "slower rate" in result.stdout and "User-Agent" in result.stdout and "mirror base URL" in result.stdout
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM memberships").fetchall() == [(0,)]


def test_a_lost_member_page_makes_the_snapshot_partial_exit_3(casco, tmp_path):
    db = tmp_path / "casco.duckdb"
    with FaultySite(STATES[0], status_overrides={"/member/2064.html": 404}) as site:
        base_url = site.base_url
        result = casco("crawl", "--base-url", base_url, "--committee", SMALL_COMMITTEE, "--db", db, *LOOPBACK)

    assert result.returncode == 3, result.stdout
    status, reasons = snapshot(db, 1)
    assert status == "partial"
    assert reasons == [
        f"member page {base_url}/member/2064.html was not read: HTTP 404",
        "no member-body page was read for 1 member(s): ids 2064",
    ]


@dataclass(frozen=True)
class ShortPages:
    """CASCO crawled again onto `crawled_october` (snapshot 2, as of the second state) from the first state's pages
    with two faults planted: its participation table lists one observer fewer than its committee page counts, and its
    catalogue one document under development fewer (`dropped`). Each test reads one fault; both must stay in their
    own part."""

    db: Path
    base_url: str
    result: subprocess.CompletedProcess
    requests: list[str]
    dropped: DeliverableData


PARTICIPATION = f"/committee/{CASCO_ID}.html?view=participation"


@pytest.fixture(scope="module")
def short_pages(crawled_october, tmp_path_factory) -> ShortPages:
    """One crawl of CASCO's 211 pages for the tests below, each judging its own fault."""
    assert crawled_october.said[STATES[0]].returncode == 0
    db = crawled_october.copy(tmp_path_factory.mktemp("short-pages") / "crawled")
    october = site(STATES[0])
    casco_data = october.committees[CASCO_ID]
    documents = october.work_programme(CASCO_ID)
    dropped = next(d for d in documents if d.status == "under_development")
    short = {PARTICIPATION: participation_page(october, replace(casco_data, o_members=casco_data.o_members[:-1])),
             catalogue_path(CASCO_ID): catalogue_page(october, casco_data, tuple(d for d in documents if d != dropped))}
    with FaultySite(STATES[0], page_overrides={path: page.encode() for path, page in short.items()}) as short_site:
        base_url = short_site.base_url
        result = run_casco("crawl", "--base-url", base_url, "--db", db, "--as-of", STATES[1], *LOOPBACK)
    return ShortPages(db, base_url, result, short_site.requests, dropped)


def test_short_pages_make_their_own_parts_partial_with_the_reason_and_the_rest_is_complete(short_pages):
    base_url = short_pages.base_url
    short_participation = (f"participation page {base_url}{PARTICIPATION}: found 48 observing members, "
                           "the committee page of ISO/CASCO declares 49")
    short_catalogue = (f"catalogue {base_url}{catalogue_path(CASCO_ID)}: found 5 standards under development, "
                       "the committee page of ISO/CASCO declares 6")

    assert short_pages.result.returncode == 3, short_pages.result.stdout + short_pages.result.stderr
    status, reasons = snapshot(short_pages.db, 2)
    assert status == "partial" and sorted(reasons) == sorted([short_participation, short_catalogue])
    with duckdb.connect(str(short_pages.db), read_only=True) as con:
        parts = {table: (status, reasons) for table, status, reasons in
                 con.execute("SELECT record_table, status, reasons FROM snapshot_parts WHERE snapshot_id = 2").fetchall()}
    assert parts.pop("deliverables") == ("partial", [short_catalogue])
    assert parts.pop("memberships") == parts.pop("member_bodies") == ("partial", [short_participation])
    assert all(part == ("complete", []) for part in parts.values()) and sorted(parts) == [
        "committees", "liaisons", "officers", "organizations", "subgroups"]


def test_a_participation_table_shorter_than_its_counter_leaves_nobody_in_a_diff(casco, short_pages):
    """The memberships part is partial, so even the default diff never shows a member leaving."""
    for arguments in ((), ("1", "2")):
        diff = json.loads(casco("diff", *arguments, "--db", short_pages.db, "--format", "json").stdout)
        assert (diff["from"]["snapshot_id"], diff["to"]["snapshot_id"]) == (1, 2)
        assert diff["memberships"] == [] and "memberships:54998" not in diff["compared"]
        assert any("memberships of committee 54998 not compared: it is partial in snapshot 2" in warning
                   for warning in diff["warnings"])


def test_a_document_missing_from_the_catalogue_is_not_read(short_pages):
    assert f"/standard/{short_pages.dropped.deliverable_id}.html" not in short_pages.requests


def test_no_deliverables_leaves_the_work_programme_out(casco, tmp_path):
    db = tmp_path / "casco.duckdb"
    with FaultySite(STATES[0]) as fixture:
        result = casco("crawl", "--base-url", fixture.base_url, "--no-deliverables", "--db", db, *LOOPBACK)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not [path for path in fixture.requests if "/standard/" in path or "/catalogue/" in path]
    assert_same_records(stored_records(db, 1), expected_records(STATES[0], (CASCO_ID,), deliverables=False))


def test_a_server_error_is_retried_then_reported(casco, tmp_path):
    db = tmp_path / "casco.duckdb"
    participation = f"/committee/{SMALL_COMMITTEE}.html?view=participation"
    with FaultySite(STATES[0], status_overrides={participation: 503}, retry_after=0) as faulty:
        base_url = faulty.base_url
        result = casco("crawl", "--base-url", base_url, "--committee", SMALL_COMMITTEE, "--db", db,
                       "--set", "RETRY_TIMES=2", *LOOPBACK)
        served = faulty.requests.count(participation)

    assert result.returncode == 3
    assert served == 3
    assert "3 × HTTP 503" in result.stdout
    assert f"participation page {base_url}{participation} was not read: HTTP 503" in result.stdout
    reference = site(STATES[0]).committees[SMALL_COMMITTEE].reference
    assert f"the participation page of {reference} ({SMALL_COMMITTEE}) was not read" in result.stdout


def test_recrawling_an_unchanged_site_gives_an_empty_diff(casco, crawled_states, tmp_path):
    db = crawled_states.copy(tmp_path / "crawled")
    with FixtureSite(STATES[1]) as site:
        assert casco("crawl", "--base-url", site.base_url, "--db", db, "--as-of", "2026-11-02", *LOOPBACK).returncode == 0
    diff = json.loads(casco("diff", "--db", db, "--format", "json").stdout)
    assert set(diff["summary"].values()) == {0}


def scrapy_command(*args, cwd=REPO):
    return subprocess.run([sys.executable, "-m", "scrapy", *map(str, args)], cwd=cwd, capture_output=True, text=True,
                          timeout=300)


def test_scrapy_list_shows_every_spider():
    result = scrapy_command("list")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["casco", "committee", "member", "opendata", "organization", "participation"]


@pytest.mark.long
@pytest.mark.parametrize(
    "spider, committee, tables",
    [
        ("committee", CASCO_ID, {"Committee", "Officer", "Subgroup", "Liaison"}),
        ("participation", CASCO_ID, {"Membership"}),
        ("member", SMALL_COMMITTEE, {"Membership", "MemberBody"}),
        ("organization", CASCO_ID, {"Committee", "Officer", "Subgroup", "Liaison", "Organization"}),
        ("casco", CASCO_ID, {"Committee", "Officer", "Subgroup", "Liaison", "Membership", "MemberBody", "Organization",
                             "Deliverable"}),
    ],
)
def test_scrapy_crawl_runs_each_spider_alone(tmp_path, spider, committee, tables):
    """The member spider reads a page per member: on the small committee's one member, not CASCO's hundred."""
    db = tmp_path / "alone.duckdb"
    with FaultySite(STATES[0]) as site:
        result = scrapy_command("crawl", spider, "-a", f"base_url={site.base_url}", "-a", f"committees={committee}",
                                "-s", f"CASCO_DB={db}", "-s", "AUTOTHROTTLE_START_DELAY=0", "-s", "DOWNLOAD_DELAY=0")
    assert result.returncode == 0, result.stderr[-2000:]
    expected = {name: rows for name, rows in expected_records(STATES[0], (committee,)).items() if name in tables}
    assert snapshot(db, 1) == ("complete", [])
    assert_same_records(stored_records(db, 1), expected)


def test_a_crawl_covers_each_table_once_though_two_kinds_of_page_fill_deliverables():
    """The catalogue and the standard pages both state deliverables; a table named twice in `covers` made two
    identical (deliverables, committee) parts, and every history of a document listed each row twice."""
    from casco_watch.spiders.iso_site import FullSnapshotSpider

    covers = FullSnapshotSpider(committees="54998").covers

    assert covers.count("deliverables") == 1
    assert len(covers) == len(set(covers))
