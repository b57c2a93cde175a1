"""Downloader middlewares: retries wait (as long as Retry-After says, within a cap), a time limit bounds the
crawl, and every page given up says why. (Redirects off the site: tests/cli/test_fault_matrix.py.)"""

import datetime as dt
import json
import time

import duckdb
from werkzeug import Response

from casco_watch.runner.crawl_events import Wait
from casco_watch.runner.crawl_job import run_crawl
from casco_watch.runner.crawl_request import CrawlRequest
from casco_watch.crawler.download import retry_after_seconds
from casco_watch.schemas import LossCause
from tests.fixture_oracle import FaultySite
from tests.pipeline.test_snapshot_pipeline import COMMITTEE, MEMBERSHIPS, STUB_SETTINGS


def crawl_page(tmp_path, page_url, events=None, **settings):
    """The stub spider reads `page_url` and yields CASCO's committee and memberships; returns the outcome."""
    items_file = tmp_path / "items.json"
    items_file.write_text(json.dumps([COMMITTEE, *MEMBERSHIPS]), encoding="utf-8")
    request = CrawlRequest(tmp_path / "casco.duckdb", "stub", {"page_url": page_url, "items_file": str(items_file)},
                           {**STUB_SETTINGS, **settings})
    return run_crawl(request, on_event=None if events is None else events.append)


def lost_cause(tmp_path) -> str:
    """The cause stored for the one page the stub crawl lost."""
    with duckdb.connect(str(tmp_path / "casco.duckdb"), read_only=True) as con:
        (cause,) = con.execute("SELECT cause FROM pages WHERE outcome = 'lost'").fetchall()
    return cause[0]


def serve(httpserver, page_handler):
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/page").respond_with_handler(page_handler)
    return httpserver.url_for("/page")


def test_retry_after_in_seconds_or_as_an_http_date():
    now = dt.datetime(2026, 11, 27, 6, 0, 0, tzinfo=dt.timezone.utc)
    assert retry_after_seconds(b"7") == 7.0
    assert retry_after_seconds("Fri, 27 Nov 2026 06:00:30 GMT", now=now) == 30.0
    assert retry_after_seconds("Fri, 27 Nov 2026 05:00:00 GMT", now=now) == 0.0
    assert retry_after_seconds(None) is None
    assert retry_after_seconds(b"soon") is None


def test_a_503_with_retry_after_is_retried_after_the_advised_wait_which_is_announced(tmp_path, httpserver):
    served = []

    def throttled_then_fine(request):
        served.append(time.monotonic())
        if len(served) == 1:
            return Response("busy", status=503, headers={"Retry-After": "1"})
        return Response("<html>fine</html>", content_type="text/html")

    events = []
    outcome = crawl_page(tmp_path, serve(httpserver, throttled_then_fine), events)

    assert outcome.snapshot.status == "complete"
    assert outcome.snapshot.pages_by_status == {"200": 1, "404": 1, "503": 1}
    assert len(served) == 2
    assert served[1] - served[0] >= 0.95
    (wait,) = [event for event in events if isinstance(event, Wait)]
    assert (wait.url, wait.seconds, wait.cause, wait.http_status, wait.source, wait.retry, wait.retries) == (
        httpserver.url_for("/page"), 1.0, LossCause.THROTTLED, 503, "Retry-After", 1, 1)


def test_a_page_that_keeps_failing_is_lost_and_reported(tmp_path, httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/page").respond_with_data("down", status=500)
    outcome = crawl_page(tmp_path, httpserver.url_for("/page"))

    assert outcome.snapshot.status == "failed"
    assert outcome.snapshot.pages_by_status["500"] == 2
    assert f"committee page {httpserver.url_for('/page')} was not read: HTTP 500" in outcome.snapshot.reasons
    assert lost_cause(tmp_path) == "server_error"


def test_a_retry_after_longer_than_the_cap_is_not_waited_for_and_the_page_says_so(tmp_path, httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/page").respond_with_data("later", status=503, headers={"Retry-After": "3600"})
    started = time.monotonic()
    outcome = crawl_page(tmp_path, httpserver.url_for("/page"))

    assert time.monotonic() - started < 60
    assert outcome.snapshot.pages_by_status["503"] == 1
    assert (f"committee page {httpserver.url_for('/page')} was not read: HTTP 503; not retried: the server asked "
            "to wait 3600 s (Retry-After), longer than the 300 s this crawl waits (CASCO_RETRY_AFTER_MAX); "
            "try again later") in outcome.snapshot.reasons
    assert lost_cause(tmp_path) == "retry_after_too_long"


def test_a_redirect_on_the_same_host_is_followed(tmp_path, httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/page").respond_with_data("", status=301, headers={"Location": "/moved"})
    httpserver.expect_request("/moved").respond_with_data("<html>moved</html>", content_type="text/html")
    assert crawl_page(tmp_path, httpserver.url_for("/page")).snapshot.status == "complete"


def test_a_body_over_the_size_limit_without_content_length_names_the_limit(tmp_path, httpserver):
    def streamed(request):
        return Response((b"x" * 1000 for _ in range(20)), content_type="text/html")

    outcome = crawl_page(tmp_path, serve(httpserver, streamed), DOWNLOAD_MAXSIZE=5000)

    assert outcome.snapshot.status == "failed"
    assert (f"committee page {httpserver.url_for('/page')} was not read: the response is larger than the "
            "download size limit of 5000 bytes (DOWNLOAD_MAXSIZE)") in outcome.snapshot.reasons
    assert lost_cause(tmp_path) == "too_large"


def test_pages_not_read_within_the_time_limit_are_lost_with_that_reason(tmp_path):
    with FaultySite(hangs={"/page"}) as site:
        started = time.monotonic()
        outcome = crawl_page(tmp_path, site.base_url + "/page", CASCO_MAX_DURATION=2)
    assert time.monotonic() - started < 30
    assert outcome.snapshot.status != "complete"
    (lost,) = [reason for reason in outcome.snapshot.reasons if reason.startswith("committee page")]
    assert "time limit of 2 s (--max-duration)" in lost
    assert lost_cause(tmp_path) == "time_limit"
