"""Retries wait before trying again: as long as the server's Retry-After says, else an exponential backoff."""

import datetime as dt
import time

from werkzeug import Response

from casco_watch.middlewares import retry_after_seconds
from tests.pipeline.test_snapshot_pipeline import COMMITTEE, MEMBERSHIPS, crawl_stub


def test_retry_after_in_seconds_or_as_an_http_date():
    now = dt.datetime(2026, 11, 27, 6, 0, 0, tzinfo=dt.timezone.utc)
    assert retry_after_seconds(b"7") == 7.0
    assert retry_after_seconds("Fri, 27 Nov 2026 06:00:30 GMT", now=now) == 30.0
    assert retry_after_seconds("Fri, 27 Nov 2026 05:00:00 GMT", now=now) == 0.0
    assert retry_after_seconds(None) is None
    assert retry_after_seconds(b"soon") is None


def test_a_503_with_retry_after_is_retried_after_the_advised_wait(tmp_path, httpserver):
    served = []

    def throttled_then_fine(request):
        served.append(time.monotonic())
        if len(served) == 1:
            return Response("busy", status=503, headers={"Retry-After": "1"})
        return Response("<html>fine</html>", content_type="text/html")

    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/page").respond_with_handler(throttled_then_fine)
    outcome = crawl_stub(tmp_path, httpserver.url_for("/page"), [COMMITTEE, *MEMBERSHIPS])

    assert outcome.snapshot.status == "complete"
    assert outcome.snapshot.pages_by_status == {"200": 1, "404": 1, "503": 1}
    assert len(served) == 2
    assert served[1] - served[0] >= 0.95


def test_a_page_that_keeps_failing_is_lost_and_reported(tmp_path, httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/page").respond_with_data("down", status=500)
    outcome = crawl_stub(tmp_path, httpserver.url_for("/page"), [COMMITTEE, *MEMBERSHIPS])

    assert outcome.snapshot.status == "failed"
    assert outcome.snapshot.pages_by_status["500"] == 2
    assert f"committee page {httpserver.url_for('/page')} was not read: HTTP 500" in outcome.snapshot.reasons
