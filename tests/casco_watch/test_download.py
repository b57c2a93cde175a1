"""casco_watch.crawler.download: the library fetches a dataset URL with the crawler's User-Agent and retry policy."""

import time

import pytest

from casco_watch.crawler import settings
from casco_watch.crawler.download import NO_NETWORK, DownloadError, open_url
from casco_watch.schemas import LossCause

BODY = b'{"id": 54998}\n'


def never_sleep(seconds):
    raise AssertionError(f"waited {seconds} s")


def dump_requests(httpserver) -> int:
    return sum(request.path == "/dump.jsonl" for request, _ in httpserver.log)


def test_a_503_is_retried_after_its_retry_after_with_the_crawler_user_agent(httpserver):
    crawler = {"User-Agent": settings.USER_AGENT}
    httpserver.expect_ordered_request("/robots.txt", headers=crawler).respond_with_data("User-agent: *\nAllow: /\n")
    httpserver.expect_ordered_request("/dump.jsonl", headers=crawler).respond_with_data(
        "busy", status=503, headers={"Retry-After": "1"})
    httpserver.expect_ordered_request("/dump.jsonl", headers=crawler).respond_with_data(
        BODY, headers={"Last-Modified": "Wed, 02 Jul 2025 08:00:00 GMT"})
    waits = []
    with open_url(httpserver.url_for("/dump.jsonl"), sleep=waits.append) as response:
        assert (response.read(), response.headers["Last-Modified"]) == (BODY, "Wed, 02 Jul 2025 08:00:00 GMT")
    httpserver.check_assertions()
    assert waits == [1.0]


def test_without_retry_after_the_waits_are_the_crawler_backoff_and_retries_are_bounded(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/dump.jsonl").respond_with_data("down", status=502)
    waits = []
    with pytest.raises(DownloadError, match=r"HTTP 502, still after 4 retries; try again later") as raised:
        open_url(httpserver.url_for("/dump.jsonl"), sleep=waits.append)
    assert (raised.value.http_status, raised.value.cause) == (502, LossCause.SERVER_ERROR)
    assert waits == [2.0, 4.0, 8.0, 16.0]
    assert dump_requests(httpserver) == settings.RETRY_TIMES + 1


def test_a_retry_after_beyond_the_cap_is_not_waited_for(httpserver):
    httpserver.expect_request("/dump.jsonl").respond_with_data("later", status=429, headers={"Retry-After": "86400"})
    with pytest.raises(DownloadError, match="asked to wait 86400 s .*longer than the 300 s casco-watch waits") as raised:
        open_url(httpserver.url_for("/dump.jsonl"), sleep=never_sleep)
    assert raised.value.cause == LossCause.RETRY_AFTER_TOO_LONG


def test_a_404_is_not_retried(httpserver):
    httpserver.expect_request("/dump.jsonl").respond_with_data("gone", status=404)
    with pytest.raises(DownloadError, match="HTTP 404") as raised:
        open_url(httpserver.url_for("/dump.jsonl"), sleep=never_sleep)
    assert raised.value.cause == LossCause.NOT_FOUND
    assert dump_requests(httpserver) == 1


def test_a_host_that_does_not_resolve_is_retried_once_at_once_and_says_try_the_demo():
    """RFC 6761: `.invalid` never resolves, so nothing leaves the machine."""
    started = time.monotonic()
    with pytest.raises(DownloadError) as raised:
        open_url("http://casco-watch.invalid/iso_technical_committees.jsonl", sleep=never_sleep)
    assert (str(raised.value), raised.value.cause) == (NO_NETWORK.format(host="casco-watch.invalid"), LossCause.NO_NETWORK)
    assert time.monotonic() - started < 10


def test_a_url_that_robots_txt_forbids_is_not_fetched_as_the_spider_would_not(httpserver):
    rules = f"User-agent: {settings.BOT_NAME}\nDisallow: /opendata/\n\nUser-agent: *\nAllow: /\n"
    httpserver.expect_request("/robots.txt", headers={"User-Agent": settings.USER_AGENT}).respond_with_data(rules)
    with pytest.raises(DownloadError, match="forbidden by 127.0.0.1's robots.txt") as raised:
        open_url(httpserver.url_for("/opendata/dump.jsonl"), sleep=never_sleep)
    assert raised.value.cause == LossCause.DROPPED
    assert [request.path for request, _ in httpserver.log] == ["/robots.txt"]
    httpserver.expect_request("/dump.jsonl").respond_with_data(BODY)
    with open_url(httpserver.url_for("/dump.jsonl"), sleep=never_sleep) as response:
        assert response.read() == BODY


def test_a_robots_txt_that_cannot_be_fetched_allows_the_download_as_in_scrapy(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data("down", status=500)
    httpserver.expect_request("/dump.jsonl").respond_with_data(BODY)
    with open_url(httpserver.url_for("/dump.jsonl"), sleep=never_sleep) as response:
        assert response.read() == BODY
