"""The browser route: a real headless Chromium past the fixture site's JavaScript challenge, and what a plain
crawl says when it meets one.

The crawls run for real (`casco crawl` in a subprocess, or the crawl job the library uses) against the
fixture site in challenge mode on 127.0.0.1; the browser is the machine's own Chromium.
"""

import duckdb
import pytest
from click.testing import CliRunner
from pytest_httpserver import HTTPServer
from warcio.archiveiterator import ArchiveIterator

from casco_watch.crawler.browser import BROWSER_NAMES, browser_settings, find_browser
from casco_watch.cli import main
from casco_watch.runner.crawl_job import run_crawl
from casco_watch.fixture_site.server import CHALLENGE_ENDPOINT, fixture_page
from casco_watch.fixture_site.site_data import CASCO_ID, STATES
from tests.fixture_oracle import SMALL_COMMITTEE, FaultySite, expected_records
from casco_watch.runner.crawl_request import CrawlRequest
from tests.spiders.test_site_crawl import assert_same_records, snapshot, stored_records

CHROMIUM = find_browser()
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason=f"no Chromium to drive: none of {', '.join(BROWSER_NAMES)} is on PATH (apt install chromium)"
)
LOOPBACK = ("--delay", "0", "--set", "CASCO_RETRY_BACKOFF_BASE=0.01")
UNTHROTTLED = ("--set", "AUTOTHROTTLE_ENABLED=false")
"""AutoThrottle paces by latency, and a browser page takes about a second here: without it the test is minutes shorter."""


ELSEWHERE = "127.0.0.2"
"""Another host for the browser, still on the loopback interface."""
COMMITTEE_PAGE = f"/committee/{SMALL_COMMITTEE}.html"


@pytest.fixture
def elsewhere():
    """A server on another host than the fixture site's, which records every request it gets."""
    server = HTTPServer(host=ELSEWHERE, port=0)
    server.expect_request("/tracker.js").respond_with_data("window.tracked = true;", content_type="text/javascript")
    server.start()
    yield server
    server.stop()


def crawl_log(db):
    return "\n".join(path.read_text() for path in sorted((db.parent / "logs").glob("crawl-*.log")))


def archived_exchanges(db):
    """(method, URL, status) of every exchange in the crawl's archive, in order; a request's status is None."""
    [archive] = (db.parent / "archive").glob("*.warc.gz")
    with open(archive, "rb") as stream:
        return [(record.http_headers.protocol if record.rec_type == "request" else None,
                 record.rec_headers.get_header("WARC-Target-URI"),
                 int(record.http_headers.get_statuscode()) if record.rec_type == "response" else None)
                for record in ArchiveIterator(stream) if record.rec_type in ("request", "response")]


def committee_page_through_the_browser(db, site, **browser):
    """The small committee's committee page (the `committee` spider: one page) crawled through the browser."""
    settings = {**browser_settings(CHROMIUM, **browser), "AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0}
    return run_crawl(CrawlRequest(db, "committee", {"base_url": site.base_url, "committees": SMALL_COMMITTEE}, settings))


def page_reasons(db, snapshot_id, column="reason"):
    with duckdb.connect(str(db), read_only=True) as con:
        return [row[0] for row in con.execute(
            f"SELECT {column} FROM pages WHERE snapshot_id = ? AND outcome = 'lost'", [snapshot_id]).fetchall()]


def test_a_plain_crawl_meets_the_challenge_names_it_and_advises_the_browser(casco, tmp_path):
    db = tmp_path / "casco.duckdb"
    with FaultySite(STATES[0], challenge=True) as site:
        base_url = site.base_url
        result = casco("crawl", "--base-url", base_url, "--db", db, *LOOPBACK)

    assert result.returncode == 1, result.stdout + result.stderr
    status, reasons = snapshot(db, 1)
    assert status == "failed"
    assert reasons[0].startswith(
        f"the crawl met a JavaScript challenge (Cloudflare) on 1 page(s), e.g. {base_url}/committee/{CASCO_ID}.html; ")
    assert "casco crawl --browser" in reasons[0] and "casco crawl --replay FILE" in reasons[0]
    assert page_reasons(db, 1) == ["met a JavaScript challenge (Cloudflare): HTTP 403, cf-mitigated: challenge header"]
    assert page_reasons(db, 1, "cause") == ["challenge"]
    first_failure = next(line for line in result.stderr.splitlines() if "first failure" in line)
    assert "met a JavaScript challenge (Cloudflare)" in first_failure and "--browser" in first_failure
    assert "--delay 5" not in result.stdout + result.stderr and "CASCO_USER_AGENT" not in result.stdout + result.stderr
    assert site.challenge_answers == []


def test_a_challenge_answered_with_200_is_the_challenge_not_a_page_to_teach_the_parser(casco, tmp_path):
    db = tmp_path / "casco.duckdb"
    interstitial = b"<html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>"
    with FaultySite(STATES[0], page_overrides={"/member/2064.html": interstitial}) as site:
        result = casco("crawl", "--base-url", site.base_url, "--committee", SMALL_COMMITTEE, "--db", db, *LOOPBACK)

    assert result.returncode == 3, result.stdout + result.stderr
    assert page_reasons(db, 1) == ['met a JavaScript challenge (Cloudflare): HTTP 200, "Just a moment..." page title']
    assert snapshot(db, 1)[1][0].startswith("the crawl met a JavaScript challenge (Cloudflare) on 1 page(s)")
    assert "First contact" not in result.stdout


def test_no_browser_to_drive_is_a_usage_error_that_says_how_to_install_one(tmp_path):
    result = CliRunner().invoke(main, ["crawl", "--browser", "--browser-path", str(tmp_path / "no-such-browser"),
                                       "--db", str(tmp_path / "casco.duckdb")])

    assert result.exit_code == 2
    assert "apt install chromium" in result.output and "playwright install chromium" in result.output
    assert not (tmp_path / "casco.duckdb").exists()


@pytest.mark.parametrize("option", [["--headed"], ["--browser-profile", "profile"], ["--browser-path", "chromium"],
                                    ["--challenge-wait", "5"]])
def test_browser_options_go_with_browser(tmp_path, option):
    result = CliRunner().invoke(main, ["crawl", *option, "--db", str(tmp_path / "casco.duckdb")])
    assert result.exit_code == 2 and "go with --browser" in result.output


@needs_chromium
def test_a_browser_crawl_passes_the_challenge_completely_and_exactly_and_its_archive_reparses(casco, tmp_path):
    """Of the small committee: every page through Chromium costs a quarter of a second of CPU or more here; CASCO's 211
    pages cost a minute (measured)."""
    db = tmp_path / "casco.duckdb"
    state = STATES[0]
    with FaultySite(state, challenge=True) as site:
        base_url = site.base_url
        result = casco("crawl", "--browser", "--base-url", base_url, "--committee", SMALL_COMMITTEE, "--db", db,
                       "--as-of", state, *LOOPBACK, *UNTHROTTLED)

    assert result.returncode == 0, result.stdout + result.stderr
    assert snapshot(db, 1) == ("complete", [])
    assert_same_records(stored_records(db, 1), expected_records(state, (SMALL_COMMITTEE,)))
    assert len(site.challenge_answers) == 1
    assert "pages fetched: 5 × HTTP 200" in result.stdout
    log = crawl_log(db)
    assert "The browser was kept from cdn.cookielaw.org" in log
    assert "'casco/browser/off_host_aborted/cdn.cookielaw.org':" in log
    committee_page, answer = f"{base_url}/committee/{SMALL_COMMITTEE}.html", f"{base_url}{CHALLENGE_ENDPOINT}"
    exchanges = archived_exchanges(db)
    assert [(url, status) for _, url, status in exchanges if url in (committee_page, answer) and status] == [
        (committee_page, 403), (answer, 200), (committee_page, 200)]
    assert ("POST", answer, None) in exchanges

    reparsed = casco("reparse", "1", "--db", db)

    assert reparsed.returncode == 0, reparsed.stdout + reparsed.stderr
    assert snapshot(db, 2) == ("complete", [])
    assert_same_records(stored_records(db, 2), expected_records(state, (SMALL_COMMITTEE,)))


@needs_chromium
def test_a_kept_profile_serves_a_later_crawl_without_answering_the_challenge_again(tmp_path):
    db = tmp_path / "casco.duckdb"
    with FaultySite(STATES[0], challenge=True) as site:
        first = committee_page_through_the_browser(db, site, profile=tmp_path / "profile")
        answers_after_first = len(site.challenge_answers)
        second = committee_page_through_the_browser(db, site, profile=tmp_path / "profile")

    assert (first.snapshot.status, second.snapshot.status) == ("complete", "complete"), (
        first.snapshot.reasons, second.snapshot.reasons)
    assert answers_after_first == 1
    assert len(site.challenge_answers) == 1


@needs_chromium
def test_a_challenge_that_never_clears_is_given_up_after_the_wait_with_the_challenge_as_cause(tmp_path):
    db = tmp_path / "casco.duckdb"
    with FaultySite(STATES[0], challenge=True, challenge_clears=False) as site:
        outcome = committee_page_through_the_browser(db, site, challenge_wait=2)

    assert outcome.snapshot.status == "failed"
    assert outcome.snapshot.reasons[0].startswith("the crawl met a JavaScript challenge (Cloudflare) on 1 page(s)")
    assert page_reasons(db, outcome.snapshot.snapshot_id) == [
        "met a JavaScript challenge (Cloudflare): HTTP 403, cf-mitigated: challenge header; "
        "the browser waited 2 s for the challenge to clear (--challenge-wait), then gave up"
    ]
    assert page_reasons(db, outcome.snapshot.snapshot_id, "cause") == ["challenge"]
    assert len(site.challenge_answers) >= 1


@needs_chromium
def test_the_browser_fetches_nothing_off_the_crawled_host(tmp_path, elsewhere):
    db = tmp_path / "casco.duckdb"
    state = STATES[0]
    script = f'<script src="{elsewhere.url_for("/tracker.js")}"></script></head>'
    page = fixture_page(state, COMMITTEE_PAGE).replace("</head>", script, 1).encode("utf-8")
    with FaultySite(state, page_overrides={COMMITTEE_PAGE: page}) as site:
        outcome = committee_page_through_the_browser(db, site)

    assert outcome.snapshot.status == "complete", outcome.snapshot.reasons
    assert elsewhere.log == []
    log = outcome.log_file.read_text()
    assert f"The browser was kept from {ELSEWHERE} (not the crawled host 127.0.0.1)" in log
    assert f"'casco/browser/off_host_aborted/{ELSEWHERE}': 1" in log


@needs_chromium
def test_a_redirect_the_browser_follows_off_the_site_is_a_lost_page_as_on_the_plain_route(tmp_path, elsewhere):
    db = tmp_path / "casco.duckdb"
    target = elsewhere.url_for(COMMITTEE_PAGE)
    elsewhere.expect_request(COMMITTEE_PAGE).respond_with_data(fixture_page(STATES[0], COMMITTEE_PAGE), content_type="text/html")
    with FaultySite(STATES[0], redirects={COMMITTEE_PAGE: target}) as site:
        outcome = committee_page_through_the_browser(db, site)

    assert outcome.snapshot.status == "failed"
    assert page_reasons(db, outcome.snapshot.snapshot_id) == [f"HTTP 302 redirect off the site to {target}, not followed"]
