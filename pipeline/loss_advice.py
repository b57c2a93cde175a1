"""What a user can try after a page was lost, chosen by its cause (schemas.LossCause), never by its reason's words.

One table, `ADVICE`, gives each cause its advice after a crawl and after a
replay or re-parse (which reads a file: a slower rate does not help, recording
the page again might); the snapshot's reasons (pipeline/completeness.py) and
the first-failure line (casco_watch/runner/crawl_progress.py) take their words from here.
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
    """Advice for one cause: after a crawl, and after a replay or re-parse (None: nothing general applies).

    `{challenge}` stands for the bot wall's vendor, `{http_status}` for the status the page was lost to."""

    crawl: str | None = None
    replay: str | None = None


ADVICE: dict[LossCause, Advice] = {
    LossCause.CHALLENGE: Advice(f"{{challenge}}'s JavaScript challenge stands in the way: {CHALLENGE_ADVICE}.",
                                _RECORDED_ANSWER),
    LossCause.REFUSED: Advice(f"The site refuses this crawler: {REFUSED_ADVICE}.", _RECORDED_ANSWER),
    LossCause.NOT_FOUND: Advice("Check the committee id (--committee) and --base-url.", _RECORDED_ANSWER),
    LossCause.THROTTLED: Advice(_THROTTLED, _RECORDED_ANSWER),
    LossCause.SERVER_ERROR: Advice("The site has trouble; try again later.", _RECORDED_ANSWER),
    LossCause.HTTP_ERROR: Advice(None, _RECORDED_ANSWER),
    LossCause.RETRY_AFTER_TOO_LONG: Advice(_THROTTLED, _RECORDED_ANSWER),
    LossCause.TIME_LIMIT: Advice("Allow the crawl more time with --max-duration."),
    LossCause.NO_NETWORK: Advice(
        "The host name could not be resolved: check --base-url, and this machine's network and DNS."),
    LossCause.CONNECTION_REFUSED: Advice(
        "Nothing answers at that address: check --base-url (host and port), or whether the site is down."),
    LossCause.TIMEOUT: Advice(
        "The site is slow or unreachable: try later, or allow more with --set DOWNLOAD_TIMEOUT=120."),
    LossCause.UNREACHABLE: Advice("The site is unreachable: check the network, or try later."),
    LossCause.TOO_LARGE: Advice(
        "Allow bigger pages with --set DOWNLOAD_MAXSIZE=<bytes>, if the page is what you expect."),
    LossCause.REDIRECT_OFF_SITE: Advice(
        "Crawl the host it redirects to with --base-url, if that host is the one you mean."),
    LossCause.NOT_IN_CAPTURE: Advice(replay="Record this page too (docs/captures.md) and replay the new capture."),
    LossCause.NOT_IN_ARCHIVE: Advice(replay="The crawl that wrote the archive never read it; crawl again to have it."),
}
"""Causes not listed (a layout the parser does not know, a dropped request, ...) have no general advice."""


def loss_advice(cause: LossCause, *, replaying: bool = False, http_status: int | None = None,
                challenge: str | None = None) -> str | None:
    """What to try after a page was lost for `cause`, in a crawl or (`replaying`) a replay or re-parse."""
    advice = ADVICE.get(cause, Advice())
    text = advice.replay if replaying else advice.crawl
    return None if text is None else text.format(challenge=challenge, http_status=http_status)
