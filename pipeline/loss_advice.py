"""What a user is told of a lost page's cause (schemas.LossCause): its name in words, and what to try, chosen by
the cause, never by its reason's words.

One table, `ADVICE`, gives every cause its words (for a line that names a cause without a page's reason: a
retry's wait) and its advice after a crawl and after a replay or re-parse (which reads a file: a slower rate
does not help, recording the page again might); the snapshot's reasons (pipeline/completeness.py), the wait
and first-failure lines (casco_watch/runner/crawl_progress.py) take their words from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from casco_watch.schemas import LossCause

REFUSED_ADVICE = (
    "try a slower rate (--delay 5), a different User-Agent (CASCO_USER_AGENT), "
    "or a mirror base URL (--base-url https://committee.iso.org)"
)

CHALLENGE_ADVICE = (
    "a slower rate or another User-Agent does not pass a challenge: crawl through a real browser "
    "(casco crawl --browser; README, \"When iso.org refuses\"), or record the pages in your own browser and "
    "replay that capture (casco crawl --replay FILE, with the WARC, WACZ or HAR you recorded)"
)

_THROTTLED = "The site is busy or throttling: try later, or slow down with --delay 5."
_RECORDED_ANSWER = ("What was recorded is the site's HTTP {http_status} answer, not the page: record it again once "
                    "it shows (docs/captures.md), or crawl again.")


@dataclass(frozen=True)
class Advice:
    """What is said of one cause: its words, and what to try after a crawl and after a replay or re-parse
    (None: nothing general applies).

    `{challenge}` stands for the bot wall's vendor, `{http_status}` for the status the page was lost to."""

    words: str
    crawl: str | None = None
    replay: str | None = None


ADVICE: dict[LossCause, Advice] = {
    LossCause.CHALLENGE: Advice("JavaScript challenge",
                                f"{{challenge}}'s JavaScript challenge stands in the way: {CHALLENGE_ADVICE}.",
                                _RECORDED_ANSWER),
    LossCause.REFUSED: Advice("refused", f"The site refuses this crawler: {REFUSED_ADVICE}.", _RECORDED_ANSWER),
    LossCause.NOT_FOUND: Advice("not found", "Check the committee id (--committee) and --base-url.", _RECORDED_ANSWER),
    LossCause.THROTTLED: Advice("throttled", _THROTTLED, _RECORDED_ANSWER),
    LossCause.SERVER_ERROR: Advice("server error", "The site has trouble; try again later.", _RECORDED_ANSWER),
    LossCause.HTTP_ERROR: Advice("HTTP error", None, _RECORDED_ANSWER),
    LossCause.RETRY_AFTER_TOO_LONG: Advice("Retry-After too long", _THROTTLED, _RECORDED_ANSWER),
    LossCause.TIME_LIMIT: Advice("time limit reached", "Allow the crawl more time with --max-duration."),
    LossCause.NO_NETWORK: Advice(
        "DNS lookup failed",
        "The host name could not be resolved: check --base-url, and this machine's network and DNS."),
    LossCause.CONNECTION_REFUSED: Advice(
        "connection refused",
        "Nothing answers at that address: check --base-url (host and port), or whether the site is down."),
    LossCause.TIMEOUT: Advice(
        "download timeout (DOWNLOAD_TIMEOUT)",
        "The site is slow or unreachable: try later, or allow more with --set DOWNLOAD_TIMEOUT=120."),
    LossCause.UNREACHABLE: Advice("connection timed out", "The site is unreachable: check the network, or try later."),
    LossCause.CONNECTION_LOST: Advice("connection lost"),
    LossCause.TOO_LARGE: Advice(
        "response over DOWNLOAD_MAXSIZE",
        "Allow bigger pages with --set DOWNLOAD_MAXSIZE=<bytes>, if the page is what you expect."),
    LossCause.REDIRECT_OFF_SITE: Advice(
        "redirect off the site", "Crawl the host it redirects to with --base-url, if that host is the one you mean."),
    LossCause.REDIRECT_LOOP: Advice("redirect loop"),
    LossCause.UNREADABLE: Advice("unreadable response"),
    LossCause.LAYOUT: Advice("unknown layout"),
    LossCause.UNDATED: Advice("no date"),
    LossCause.NOT_IN_CAPTURE: Advice(
        "not in the capture", replay="Record this page too (docs/captures.md) and replay the new capture."),
    LossCause.NOT_IN_ARCHIVE: Advice(
        "not in the archive", replay="The crawl that wrote the archive never read it; crawl again to have it."),
    LossCause.DROPPED: Advice("request dropped"),
    LossCause.OTHER: Advice("download error"),
}
"""Every cause; those with no advice (a layout the parser does not know, a dropped request, ...) have no general
remedy."""


def loss_advice(cause: LossCause, *, replaying: bool = False, http_status: int | None = None,
                challenge: str | None = None) -> str | None:
    """What to try after a page was lost for `cause`, in a crawl or (`replaying`) a replay or re-parse."""
    advice = ADVICE[cause]
    text = advice.replay if replaying else advice.crawl
    return None if text is None else text.format(challenge=challenge, http_status=http_status)


def cause_words(cause: LossCause, http_status: int | None = None) -> str:
    """A cause as a line names it: `HTTP 503` when a status failed, else its words (`connection refused`)."""
    return f"HTTP {http_status}" if http_status is not None else ADVICE[cause].words
