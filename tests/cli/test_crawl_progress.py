"""`casco crawl` is never silent: it says what it will do, how far it has got, every wait, and its first failure."""

import re

from casco_watch.runner.crawl_events import Progress, Started, Wait
from casco_watch.runner.crawl_progress import CrawlDisplay
from casco_watch.schemas import LossCause
from tests.fixture_oracle import SMALL_COMMITTEE, FaultySite

PARTICIPATION = f"/committee/{SMALL_COMMITTEE}.html?view=participation"


def test_a_crawl_says_what_it_will_do_then_how_far_it_has_got(casco, tmp_path):
    db = tmp_path / "casco.duckdb"
    with FaultySite() as site:
        base_url = site.base_url
        first = casco("crawl", "--base-url", base_url, "--committee", SMALL_COMMITTEE, "--delay", 0, "--db", db)
        second = casco("crawl", "--base-url", base_url, "--committee", SMALL_COMMITTEE, "--delay", 0, "--db", db)

    assert first.returncode == 0, first.stdout + first.stderr
    lines = first.stderr.splitlines()
    assert lines[0] == (f"casco: crawling {base_url}: committee {SMALL_COMMITTEE}, reading catalogue, committee, member, "
                        "organization, participation, standard pages; AutoThrottle from 0 s between requests.")
    assert lines[1].startswith("casco: expect roughly 223 pages, as many as a committee of CASCO's size has (no "
                               "earlier snapshot of this scope in the database to go by)")
    assert re.search(r"^casco: pages: \d+ fetched, \d+ queued, 0 failed; .* elapsed$", first.stderr, re.MULTILINE)
    assert re.search(r"^casco: crawl finished after .* \(pages: 5 fetched, 0 failed\); judging and storing the snapshot$",
                     first.stderr, re.MULTILINE)
    assert "casco: expect about 5 pages, as many as snapshot 1 of" in second.stderr
    assert "pages:" not in first.stdout, "progress goes to stderr only"


def test_a_retry_after_wait_and_the_first_failure_are_announced_when_they_happen(casco, tmp_path):
    db = tmp_path / "casco.duckdb"
    with FaultySite(status_overrides={PARTICIPATION: 503}, retry_after=1) as site:
        url = site.base_url + PARTICIPATION
        result = casco("crawl", "--base-url", site.base_url, "--committee", SMALL_COMMITTEE, "--delay", 0, "--db", db,
                       "--set", "RETRY_TIMES=1")

    assert result.returncode == 3, result.stdout + result.stderr
    assert (f"casco: first failure: {url}: HTTP 503. The site is busy or throttling: try later, or slow down "
            "with --delay 5.") in result.stderr
    assert (f"casco: waiting 1 s before retrying {url} (retry 1 of 1) after HTTP 503: "
            "the server asked for it (Retry-After)") in result.stderr
    assert result.stderr.index("first failure") < result.stderr.index("judging and storing")


def test_a_refusal_is_announced_with_what_to_try(casco, tmp_path):
    with FaultySite(status_overrides={"/committee/54998.html": 403}) as site:
        url = site.base_url + "/committee/54998.html"
        result = casco("crawl", "--base-url", site.base_url, "--delay", 0, "--db", tmp_path / "casco.duckdb")

    assert result.returncode == 1
    assert (f"casco: first failure: {url}: HTTP 403. The site refuses this crawler: "
            "try a slower rate (--delay 5)") in result.stderr


def test_without_a_terminal_progress_lines_come_at_most_every_few_seconds(capsys, monkeypatch):
    clock = [100.0]
    monkeypatch.setattr("casco_watch.runner.crawl_progress.time.monotonic", lambda: clock[0])
    with CrawlDisplay(live=False) as display:
        display.on_event(Started(0, "casco", "http://127.0.0.1:8000", "scope", (54998,), ("committee",), False,
                                 0.0, False, 0.0))
        for second, fetched in enumerate(range(0, 40, 2)):
            clock[0] = 100.0 + second + 1
            display.on_event(Progress(0, fetched, 5, 0))

    lines = capsys.readouterr().err.splitlines()
    assert lines == ["casco: pages: 0 fetched, 5 queued, 0 failed; 1 s elapsed",
                     "casco: pages: 10 fetched, 5 queued, 0 failed; 6 s elapsed",
                     "casco: pages: 20 fetched, 5 queued, 0 failed; 11 s elapsed",
                     "casco: pages: 30 fetched, 5 queued, 0 failed; 16 s elapsed"]


def test_a_wait_after_a_download_error_names_its_cause_in_words_with_what_to_try(capsys):
    url = "http://127.0.0.1:9/committee/54998.html"
    with CrawlDisplay(live=False) as display:
        display.on_event(Wait(0, url, 0.5, LossCause.CONNECTION_REFUSED, None, "backoff", 1, 1))

    assert capsys.readouterr().err.splitlines() == [
        f"casco: first failure: {url}: connection refused. Nothing answers at that address: check --base-url "
        "(host and port), or whether the site is down.",
        f"casco: waiting 0.5 s before retrying {url} (retry 1 of 1) after connection refused: "
        "backing off before trying again",
    ]
