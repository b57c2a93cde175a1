"""Several crawls in one child process: each stores its own snapshot, and a broken one ends the job."""

import datetime as dt
import json

import duckdb
import pytest

from casco_watch.runner.crawl_job import Crawl, CrawlError, run_crawls
from tests.pipeline.test_snapshot_pipeline import COMMITTEE, MEMBERSHIPS, STUB_SETTINGS


@pytest.fixture
def items_file(tmp_path):
    path = tmp_path / "items.json"
    path.write_text(json.dumps([COMMITTEE, *MEMBERSHIPS]), encoding="utf-8")
    return str(path)


@pytest.fixture
def page_url(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/page").respond_with_data("<html>a page</html>", content_type="text/html")
    return httpserver.url_for("/page")


def test_crawls_run_in_order_and_each_stores_a_snapshot(tmp_path, page_url, items_file):
    seen = []
    crawls = [Crawl("stub", {"page_url": page_url, "items_file": items_file, "as_of": day})
              for day in ("2026-09-01", "2026-10-01", "2026-11-01")]
    outcomes = run_crawls(crawls, tmp_path / "casco.duckdb", STUB_SETTINGS, on_outcome=seen.append)

    assert [(o.snapshot.snapshot_id, o.snapshot.as_of, o.snapshot.status) for o in outcomes] == [
        (1, dt.date(2026, 9, 1), "complete"), (2, dt.date(2026, 10, 1), "complete"), (3, dt.date(2026, 11, 1), "complete")]
    assert seen == outcomes


def test_a_crawl_that_stores_nothing_ends_the_job_and_nothing_lands_after_it(tmp_path, page_url, items_file):
    db = tmp_path / "casco.duckdb"
    crawls = [
        Crawl("stub", {"page_url": page_url, "items_file": items_file, "as_of": "2026-10-01"}),
        Crawl("stub", {"page_url": page_url, "items_file": str(tmp_path / "missing.json")}),
        Crawl("stub", {"page_url": page_url, "items_file": items_file, "as_of": "2026-11-01"}),
    ]
    with pytest.raises(CrawlError, match="before storing a snapshot") as error:
        run_crawls(crawls, db, STUB_SETTINGS)

    assert [outcome.snapshot.snapshot_id for outcome in error.value.stored] == [1]
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT snapshot_id, as_of::VARCHAR FROM snapshots").fetchall() == [(1, "2026-10-01")]


def test_a_crawl_that_cannot_start_says_why(tmp_path, page_url, items_file):
    crawls = [Crawl("stub", {"page_url": page_url, "items_file": items_file, "as_of": "2026-02-30"})]
    with pytest.raises(CrawlError) as error:
        run_crawls(crawls, tmp_path / "casco.duckdb", STUB_SETTINGS)

    message = str(error.value)
    assert "the stub crawl stopped (exit code 1) before storing a snapshot" in message
    assert "the stub crawl could not run: ValueError: as_of must be a date like 2026-11-27, not '2026-02-30'" in message


def test_the_child_reports_its_crawl_from_start_to_stored_snapshot(tmp_path, page_url, items_file):
    events = []
    outcomes = run_crawls([Crawl("stub", {"page_url": page_url, "items_file": items_file})], tmp_path / "casco.duckdb",
                          STUB_SETTINGS, on_event=events.append)

    kinds = [event["event"] for event in events]
    assert kinds[0] == "started" and kinds[-2:] == ["storing", "stored"]
    progress = [event for event in events if event["event"] == "progress"][-1]
    assert (progress["fetched"], progress["queued"], progress["failed"]) == (2, 0, 0)
    assert events[-1]["snapshot"]["snapshot_id"] == outcomes[0].snapshot.snapshot_id == 1
