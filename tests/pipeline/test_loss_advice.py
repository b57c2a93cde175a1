"""Advice after a lost page is chosen by its cause, never by the words of its reason."""

import pytest

from casco_watch.pipeline.loss_advice import ADVICE, CHALLENGE_ADVICE, REFUSED_ADVICE, cause_words, loss_advice
from casco_watch.schemas import LossCause


def test_advice_follows_the_kind_of_failure():
    assert "check --base-url (host and port)" in loss_advice(LossCause.CONNECTION_REFUSED)
    assert "could not be resolved" in loss_advice(LossCause.NO_NETWORK)
    assert "--set DOWNLOAD_TIMEOUT=120" in loss_advice(LossCause.TIMEOUT)
    assert "--set DOWNLOAD_MAXSIZE" in loss_advice(LossCause.TOO_LARGE)
    assert "Crawl the host it redirects to" in loss_advice(LossCause.REDIRECT_OFF_SITE)
    assert "--max-duration" in loss_advice(LossCause.TIME_LIMIT)
    assert loss_advice(LossCause.LAYOUT) is None


@pytest.mark.parametrize(("status", "advice"), [
    (403, f"The site refuses this crawler: {REFUSED_ADVICE}."),
    (404, "Check the committee id (--committee) and --base-url."),
    (429, "The site is busy or throttling: try later, or slow down with --delay 5."),
    (503, "The site is busy or throttling: try later, or slow down with --delay 5."),
    (500, "The site has trouble; try again later."),
    (401, None),
])
def test_an_http_status_is_advised_by_what_it_means(status, advice):
    assert loss_advice(LossCause.of_http_status(status), http_status=status) == advice


def test_a_challenge_is_advised_the_browser_and_a_capture_whatever_its_status():
    for status in (403, 503, 200):
        advice = loss_advice(LossCause.CHALLENGE, http_status=status, challenge="Cloudflare")
        assert advice == f"Cloudflare's JavaScript challenge stands in the way: {CHALLENGE_ADVICE}."
        assert "casco crawl --browser" in advice and "casco crawl --replay FILE" in advice and "--delay 5" not in advice


def test_a_replay_is_advised_to_record_what_it_lacks_not_to_slow_down():
    assert loss_advice(LossCause.NOT_IN_CAPTURE, replaying=True) == (
        "Record this page too (docs/captures.md) and replay the new capture.")
    assert loss_advice(LossCause.NOT_IN_ARCHIVE, replaying=True) == (
        "The crawl that wrote the archive never read it; crawl again to have it.")
    assert loss_advice(LossCause.THROTTLED, replaying=True, http_status=503) == (
        "What was recorded is the site's HTTP 503 answer, not the page: record it again once it shows "
        "(docs/captures.md), or crawl again.")
    assert loss_advice(LossCause.NOT_IN_CAPTURE) is None


def test_every_piece_of_advice_fills_in_what_it_names():
    for cause, advice in ADVICE.items():
        for text in filter(None, (advice.crawl, advice.replay)):
            assert "{" not in loss_advice(cause, replaying=text is advice.replay, http_status=503, challenge="X")


def test_every_cause_has_its_words_and_a_failed_status_is_named_by_its_number():
    assert set(ADVICE) == set(LossCause)
    assert all(advice.words for advice in ADVICE.values())
    assert cause_words(LossCause.THROTTLED, 503) == "HTTP 503"
    assert cause_words(LossCause.CONNECTION_REFUSED) == "connection refused"
