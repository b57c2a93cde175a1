"""End to end: pages recorded by other tools (wget, a browser, by hand) replay as crawls with the real `casco`.

wget and Chromium record the fixture site served on 127.0.0.1; the replays run real Scrapy in a child process
with the server gone and store real DuckDB snapshots, judged as a crawl's would be. Each format has one capture
of all of CASCO, whose replay must be exact; the other tests, about the replay itself, record the site's small
committee (five pages).
"""

import datetime as dt
import hashlib
import json
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import duckdb
import pytest

import casco_watch
from casco_watch.fixture_site.server import FixtureSite
from casco_watch.fixture_site.site_data import CASCO_ID, STATES
from tests.casco_watch.captures import committee_pages, fixture_har, har_entry, write_har
from tests.cli.test_diff_cli import fixture_site_changes
from tests.conftest import run_casco
from tests.fixture_oracle import SMALL_COMMITTEE, expected_records
from tests.spiders.test_site_crawl import assert_same_records, stored_records

pytestmark = pytest.mark.long  # wget records CASCO's 210 pages in both states; replays of them

CHROMIUM = next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)
WGET = shutil.which("wget")
T0 = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.timezone.utc)


def snapshot_rows(db):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT snapshot_id, as_of, status, archive, content_digest, derivation, reasons "
                           "FROM snapshots ORDER BY snapshot_id").fetchall()


def sha256(path: Path) -> str:
    return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


def english_prefix_on_odd_pages(n: int, path: str) -> str:
    return f"/en{path}" if n % 2 else path


def copied_db(db: Path, to: Path) -> Path:
    """A copy of a replay's database with its logs, for a test that adds snapshots."""
    shutil.copytree(db.parent, to)
    return to / db.name


def wget_capture(site: FixtureSite, committee_id: int, warc: Path) -> Path:
    """`warc` written by real wget from the site's current state: recursing one level from the committee page and
    its participation view (the way a person would), plus the member and organization pages its links reach only
    in forms wget does not follow, listed with an `/en/` prefix on every other one."""
    if WGET is None:
        pytest.skip("wget is not installed (apt install wget): no WARC written by wget to replay")
    name = warc.name.removesuffix(".warc.gz")
    listed = warc.with_name(f"{name}.txt")
    listed.write_text("\n".join(committee_pages(site.state, site.base_url, committee_id, english_prefix_on_odd_pages)[2:]))
    committee_page = f"{site.base_url}/committee/{committee_id}.html"
    result = subprocess.run(
        [WGET, "-q", "-r", "-l", "1", "-I", "/committee,/member,/organization,/standard,/en", "--no-verbose",
         f"--warc-file={warc.with_name(name)}", "-P", str(warc.with_name(f"{name}-files")), "-i", str(listed),
         committee_page, f"{committee_page}?view=participation"],
        capture_output=True, text=True, timeout=300)
    assert result.returncode in (0, 8), result.stderr  # 8: some link answered 404
    return warc


@pytest.fixture(scope="module")
def wget_warcs(tmp_path_factory):
    """One WARC of CASCO per fixture state, written by real wget (`wget_capture`)."""
    folder = tmp_path_factory.mktemp("wget")
    with FixtureSite() as site:
        warcs = {}
        for state in STATES:
            site.state = state
            warcs[state] = wget_capture(site, CASCO_ID, folder / f"{state}.warc.gz")
    return warcs


@pytest.fixture(scope="module")
def small_warc(tmp_path_factory):
    """A WARC of the small committee in the first state, written by real wget (`wget_capture`)."""
    with FixtureSite(STATES[0]) as site:
        return wget_capture(site, SMALL_COMMITTEE, tmp_path_factory.mktemp("wget-small") / "small.warc.gz")


@pytest.fixture(scope="module")
def october_replayed(wget_warcs, tmp_path_factory):
    """The database of `casco crawl --replay` of CASCO's WARC of the first state, dated as that state, and what the
    command said."""
    db = tmp_path_factory.mktemp("october") / "casco.duckdb"
    return db, run_casco("crawl", "--replay", wget_warcs[STATES[0]], "--as-of", STATES[0], "--db", db)


@pytest.fixture(scope="module")
def small_replayed(small_warc, tmp_path_factory):
    """The outcome of replaying the small committee's WARC (no date given) into a new database."""
    return casco_watch.replay(tmp_path_factory.mktemp("small") / "casco.duckdb", small_warc)


def test_a_wget_warc_replays_as_a_complete_exact_snapshot(wget_warcs, october_replayed):
    warc = wget_warcs[STATES[0]]
    db, result = october_replayed

    assert result.returncode == 0, result.stdout + result.stderr
    assert f"casco: reading {warc} (no network)" in result.stderr and "crawling" not in result.stderr
    [(_, as_of, status, archive, digest, derivation, reasons)] = snapshot_rows(db)
    assert (as_of, status, reasons, derivation) == (dt.date.fromisoformat(STATES[0]), "complete", [], "replay")
    assert (archive, digest) == (str(warc.resolve()), sha256(warc))
    assert_same_records(stored_records(db, 1), expected_records(STATES[0]))


def test_a_capture_replayed_without_a_date_is_dated_by_the_capture(small_replayed):
    snapshot = small_replayed.snapshot

    assert (snapshot.status, snapshot.derivation) == ("complete", "replay")
    assert snapshot.as_of == dt.datetime.now(dt.timezone.utc).date(), "the day wget wrote the capture"
    assert_same_records(stored_records(small_replayed.db, snapshot.snapshot_id),
                        expected_records(STATES[0], (SMALL_COMMITTEE,)))


def test_a_wacz_made_from_a_wget_warc_replays_complete(casco, small_warc, tmp_path):
    wacz = tmp_path / "capture.wacz"
    made = subprocess.run([sys.executable, "-m", "wacz", "create", "-o", str(wacz), str(small_warc)],
                          capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    db = tmp_path / "casco.duckdb"

    result = casco("crawl", "--replay", wacz, "--db", db)

    assert result.returncode == 0, result.stdout + result.stderr
    assert snapshot_rows(db)[0][4] == sha256(wacz)
    assert_same_records(stored_records(db, 1), expected_records(STATES[0], (SMALL_COMMITTEE,)))


def test_the_default_diff_between_replays_of_the_two_dated_states_is_exact(casco, wget_warcs, october_replayed, tmp_path):
    db = copied_db(october_replayed[0], tmp_path / "replays")
    replayed = casco("crawl", "--replay", wget_warcs[STATES[1]], "--as-of", STATES[1], "--db", db)
    assert replayed.returncode == 0, replayed.stdout + replayed.stderr

    payload = json.loads(casco("diff", "--db", db, "--format", "json").stdout)

    assert payload["warnings"] == []
    for section, rows in fixture_site_changes().items():
        assert sorted(payload[section], key=json.dumps) == sorted(rows, key=json.dumps), section


def test_replaying_the_same_capture_again_stores_nothing_new(casco, small_warc, small_replayed, tmp_path):
    first = small_replayed
    db = copied_db(first.db, tmp_path / "again")

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        again = casco_watch.replay(db, small_warc)
    result = casco("crawl", "--replay", small_warc, "--db", db)

    assert (first.snapshot.status, first.skipped, first.log_file.is_file()) == ("complete", False, True)
    assert (again.snapshot, again.skipped, again.log_file) == (first.snapshot, True, None)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"already stored as snapshot {first.snapshot.snapshot_id}" in result.stdout and "nothing new was stored" in result.stdout
    assert len(snapshot_rows(db)) == 1


@pytest.fixture(scope="module")
def browser_har(tmp_path_factory):
    """A HAR recorded by Playwright driving the system Chromium through the small committee's pages in the first
    state, every other one with an `/en/` prefix; requests off the loopback site are aborted (they stay in the HAR
    as status -1)."""
    if CHROMIUM is None:
        pytest.skip("no Chromium found (chromium, chromium-browser or google-chrome on PATH): no HAR recorded by a "
                    "browser to replay")
    from playwright.sync_api import sync_playwright

    har = tmp_path_factory.mktemp("browser") / "browsed.har"
    with FixtureSite(STATES[0]) as site, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        context = browser.new_context(record_har_path=str(har), record_har_content="embed")
        context.route(lambda url: not url.startswith(site.base_url), lambda route: route.abort())
        page = context.new_page()
        for url in committee_pages(STATES[0], site.base_url, SMALL_COMMITTEE, english_prefix_on_odd_pages):
            response = page.goto(url, wait_until="load")
            assert response.status == 200, url
            assert response.body().rstrip().endswith(b"</html>"), url  # read whole before the next navigation
        context.close()
        browser.close()
    return har


def test_a_har_recorded_by_playwright_in_chromium_replays_complete_and_exact(casco, browser_har, tmp_path):
    db = tmp_path / "casco.duckdb"

    result = casco("crawl", "--replay", browser_har, "--db", db)

    assert result.returncode == 0, result.stdout + result.stderr
    started = json.loads(browser_har.read_text())["log"]["entries"][-1]["startedDateTime"]
    assert snapshot_rows(db)[0][1:3] == (dt.datetime.fromisoformat(started.replace("Z", "+00:00")).date(), "complete")
    assert_same_records(stored_records(db, 1), expected_records(STATES[0], (SMALL_COMMITTEE,)))


def test_replays_of_a_wget_warc_and_a_browser_har_of_the_same_site_differ_in_nothing(casco, small_replayed, browser_har,
                                                                                     tmp_path):
    db = copied_db(small_replayed.db, tmp_path / "both")
    replayed = casco("crawl", "--replay", browser_har, "--as-of", small_replayed.snapshot.as_of, "--db", db)
    assert replayed.returncode == 0, replayed.stdout + replayed.stderr

    payload = json.loads(casco("diff", "--db", db, "--format", "json").stdout)

    assert payload["warnings"] == [] and set(payload["summary"].values()) == {0}, payload["summary"]


def test_a_challenge_answered_before_the_page_loaded_counts_as_the_page(casco, tmp_path):
    base_url = "https://www.iso.org"
    har = fixture_har(tmp_path / "challenged.har", STATES[0], base_url, T0)
    entries = json.loads(har.read_text())["log"]["entries"]
    challenge = "<html><head><title>Just a moment...</title></head><body></body></html>"
    entries.insert(0, har_entry(f"{base_url}/committee/{CASCO_ID}.html", 403, challenge, T0 - dt.timedelta(seconds=5),
                                headers=[("Server", "cloudflare"), ("cf-mitigated", "challenge")]))
    write_har(har, entries)
    db = tmp_path / "casco.duckdb"

    snapshot = casco_watch.replay(db, har).snapshot

    assert (snapshot.status, snapshot.as_of, snapshot.pages_by_status) == ("complete", T0.date(), {"200": snapshot.pages_by_status["200"]})
    assert_same_records(stored_records(db, snapshot.snapshot_id), expected_records(STATES[0]))


def test_a_page_the_capture_lacks_is_lost_as_not_in_the_capture_and_the_snapshot_is_partial(casco, tmp_path):
    har = fixture_har(tmp_path / "short.har", STATES[0], "https://www.iso.org", T0, leave_out=["/member/2064.html"],
                      committee_id=SMALL_COMMITTEE)
    db = tmp_path / "casco.duckdb"

    result = casco("crawl", "--replay", har, "--as-of", "2026-11-01", "--db", db)

    assert result.returncode == 3, result.stdout + result.stderr
    [(_, as_of, status, *_, reasons)] = snapshot_rows(db)
    assert (as_of, status) == (dt.date(2026, 11, 1), "partial")
    assert "member page https://www.iso.org/member/2064.html was not read: not in the capture" in reasons
    assert "first failure: https://www.iso.org/member/2064.html: not in the capture. Record this page too" in result.stderr
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT url, cause FROM pages WHERE outcome = 'lost'").fetchall() == [
            ("https://www.iso.org/member/2064.html", "not_in_capture")]
    assert "replay a capture that holds those pages" in result.stdout


def test_a_requested_committee_the_capture_lacks_makes_a_failed_snapshot(casco, tmp_path):
    har = fixture_har(tmp_path / "small.har", STATES[0], "https://www.iso.org", T0, committee_id=SMALL_COMMITTEE)
    db = tmp_path / "casco.duckdb"

    result = casco("crawl", "--replay", har, "--committee", "45306", "--db", db)

    assert result.returncode == 1, result.stdout + result.stderr
    assert snapshot_rows(db)[0][2] == "failed"
    assert "not in the capture" in result.stdout


@pytest.mark.parametrize("content", ['{"log": {"entries": [', "PK\x03\x04 cut", "<html></html>"])
def test_a_damaged_capture_is_refused_with_exit_2_and_nothing_stored(casco, tmp_path, content):
    capture = tmp_path / "capture.har"
    capture.write_text(content)
    db = tmp_path / "casco.duckdb"

    result = casco("crawl", "--replay", capture, "--db", db)

    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.startswith("casco: ") and str(capture) in result.stderr and "nothing was stored" in result.stderr
    assert "Traceback" not in result.stderr and not db.exists()
