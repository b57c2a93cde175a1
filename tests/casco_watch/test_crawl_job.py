"""Several crawls in one child process: each stores its own snapshot, and a broken one ends the job.

Each crawl is one CrawlRequest, checked when it is made, before any process starts."""

import datetime as dt
import json
from dataclasses import dataclass

import duckdb
import pytest

from casco_watch.pipeline.commit import FutureDateError
from casco_watch.runner.crawl_events import Event, Planned, Progress, Started, Stored, Wait, decode, encode
from casco_watch.runner.crawl_job import CrawlError, CrawlOutcome, run_crawls
from casco_watch.runner.crawl_options import CrawlArgumentError
from casco_watch.runner.crawl_request import CrawlRequest
from casco_watch.schemas import LossCause
from tests.pipeline.test_snapshot_pipeline import COMMITTEE, MEMBERSHIPS, STUB_SETTINGS


def write_items(folder):
    path = folder / "items.json"
    path.write_text(json.dumps([COMMITTEE, *MEMBERSHIPS]), encoding="utf-8")
    return str(path)


def serve_a_page(server):
    server.expect_request("/robots.txt").respond_with_data("", status=404)
    server.expect_request("/page").respond_with_data("<html>a page</html>", content_type="text/html")
    return server.url_for("/page")


@pytest.fixture
def items_file(tmp_path):
    return write_items(tmp_path)


@pytest.fixture
def page_url(httpserver):
    return serve_a_page(httpserver)


@dataclass(frozen=True)
class ThreeCrawls:
    """Three crawls of one page by one child process: their outcomes, those handed to `on_outcome` as each was
    stored, and every event reported."""

    page_url: str
    outcomes: list[CrawlOutcome]
    seen: list[CrawlOutcome]
    events: list[Event]


@pytest.fixture(scope="module")
def three_crawls(make_httpserver, tmp_path_factory) -> ThreeCrawls:
    """Made once for the tests that read it: a child costs ~1.3 s of CPU to start."""
    folder = tmp_path_factory.mktemp("three-crawls")
    page_url, items_file = serve_a_page(make_httpserver), write_items(folder)
    crawls = [CrawlRequest(folder / "casco.duckdb", "stub", {"page_url": page_url, "items_file": items_file,
                                                           "as_of": day}, STUB_SETTINGS)
              for day in ("2026-09-01", "2026-10-01", "2026-11-01")]
    seen, events = [], []
    outcomes = run_crawls(crawls, on_outcome=seen.append, on_event=events.append)
    return ThreeCrawls(page_url, outcomes, seen, events)


def test_crawls_run_in_order_and_each_stores_a_snapshot(three_crawls):
    outcomes = three_crawls.outcomes

    assert [(o.snapshot.snapshot_id, o.snapshot.as_of, o.snapshot.status) for o in outcomes] == [
        (1, dt.date(2026, 9, 1), "complete"), (2, dt.date(2026, 10, 1), "complete"), (3, dt.date(2026, 11, 1), "complete")]
    assert three_crawls.seen == outcomes


def test_a_crawl_that_stores_nothing_ends_the_job_and_nothing_lands_after_it(tmp_path, page_url, items_file):
    db = tmp_path / "casco.duckdb"
    crawls = [
        CrawlRequest(db, "stub", {"page_url": page_url, "items_file": items_file, "as_of": "2026-10-01"}, STUB_SETTINGS),
        CrawlRequest(db, "stub", {"page_url": page_url, "items_file": str(tmp_path / "missing.json")}, STUB_SETTINGS),
        CrawlRequest(db, "stub", {"page_url": page_url, "items_file": items_file, "as_of": "2026-11-01"}, STUB_SETTINGS),
    ]
    with pytest.raises(CrawlError, match="before storing a snapshot") as error:
        run_crawls(crawls)

    assert [outcome.snapshot.snapshot_id for outcome in error.value.stored] == [1]
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT snapshot_id, as_of::VARCHAR FROM snapshots").fetchall() == [(1, "2026-10-01")]


def test_a_crawl_that_cannot_start_says_why(tmp_path, page_url, items_file):
    crawls = [CrawlRequest(tmp_path / "casco.duckdb", "stub", {"page_url": page_url}, STUB_SETTINGS)]
    with pytest.raises(CrawlError) as error:
        run_crawls(crawls)

    message = str(error.value)
    assert "the stub crawl stopped (exit code 1) before storing a snapshot" in message
    assert "the stub crawl could not run: TypeError: " in message and "'items_file'" in message


@pytest.mark.parametrize("as_of, refusal", [("2026-02-30", CrawlArgumentError), ("2999-01-01", FutureDateError)])
def test_a_request_with_a_date_that_cannot_be_is_refused_when_it_is_made(tmp_path, as_of, refusal):
    with pytest.raises(refusal):
        CrawlRequest(tmp_path / "casco.duckdb", "stub", {"as_of": as_of})
    assert not (tmp_path / "logs").exists(), "no crawl process was started"


def test_crawls_of_one_process_share_their_database_and_settings(tmp_path):
    one, other = CrawlRequest(tmp_path / "one.duckdb", "stub"), CrawlRequest(tmp_path / "other.duckdb", "stub")
    with pytest.raises(ValueError, match="share their database and settings"):
        run_crawls([one, other])


def test_a_request_travels_to_the_child_unchanged(tmp_path):
    request = CrawlRequest(tmp_path / "casco.duckdb", "casco", {"committees": "54998", "as_of": dt.date(2026, 11, 1),
                                                               "deliverables": None}, {"DOWNLOAD_DELAY": 0},
                           reading=tmp_path / "capture.warc.gz")
    assert CrawlRequest.from_json(json.loads(json.dumps(request.to_json()))) == request
    assert dict(request.spider_args) == {"committees": "54998", "as_of": "2026-11-01"}


def test_the_child_reports_each_crawl_from_start_to_stored_snapshot(three_crawls):
    outcomes = three_crawls.outcomes
    events = [event for event in three_crawls.events if event.crawl == 0]

    kinds = [event.kind for event in events]
    assert kinds[:2] == ["planned", "started"] and kinds[-2:] == ["storing", "stored"]
    assert [event.crawl for event in three_crawls.events if isinstance(event, Stored)] == [0, 1, 2]
    assert isinstance(events[0], Planned) and events[0].plan.source == three_crawls.page_url
    progress = [event for event in events if isinstance(event, Progress)][-1]
    assert (progress.fetched, progress.queued, progress.failed) == (2, 0, 0)
    assert isinstance(events[-1], Stored) and events[-1].snapshot == outcomes[0].snapshot
    assert events[-1].snapshot.snapshot_id == 1
    assert outcomes[0].log_file.is_file() and outcomes[0].archive.is_file()


def test_an_event_comes_back_from_its_line_as_it_was_sent():
    started = Started(0, "casco", "https://www.iso.org", "committees=54998", (54998,), ("committee", "member"),
                      False, 1.0, True, 0.0)
    assert decode(encode(started)) == started
    wait = Wait(0, "https://www.iso.org/committee/54998.html", 2.0, LossCause.CONNECTION_REFUSED, None, "backoff", 1, 4)
    assert decode(encode(wait)) == wait and isinstance(decode(encode(wait)).cause, LossCause)
