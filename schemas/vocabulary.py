"""The words casco-watch stores and compares, each defined once.

Code compares against these members, never against spelled-out strings; the
storage DDL's CHECK constraints hold exactly their values
(tests/schemas/test_vocabulary.py). Being StrEnums, they are stored, printed
and serialised as their plain values.
"""

from __future__ import annotations

from enum import StrEnum


class SnapshotStatus(StrEnum):
    """How a crawl turned out as a whole: `failed` stores no records, `partial` stores its complete parts."""

    COMPLETE = "complete"
    PARTIAL = "partial"
    FAILED = "failed"


class PartStatus(StrEnum):
    """How one part of a snapshot turned out: only `complete` parts enter history and diffs.

    `suspect` parts were read whole but look implausible until accepted."""

    COMPLETE = "complete"
    PARTIAL = "partial"
    SUSPECT = "suspect"


class SourceKind(StrEnum):
    SITE = "site"
    OPENDATA = "opendata"


class Derivation(StrEnum):
    """How a snapshot was made from another's pages instead of from the network."""

    REPLAY = "replay"
    REPARSE = "reparse"


class PageKind(StrEnum):
    """What a page (or dataset) read by a crawl is, which says what records it states."""

    COMMITTEE = "committee"
    PARTICIPATION = "participation"
    MEMBER = "member"
    ORGANIZATION = "organization"
    CATALOGUE = "catalogue"
    STANDARD = "standard"
    DATASET = "dataset"
    DELIVERABLES_DATASET = "deliverables_dataset"


class PageOutcome(StrEnum):
    PARSED = "parsed"
    LOST = "lost"


class LossCause(StrEnum):
    """Why a page was lost, as a value: advice is chosen by it (pipeline/loss_advice.py), never by the wording
    of the page's reason, which says the details (the host, the limit, the redirect's target)."""

    CHALLENGE = "challenge"
    """A bot wall's JavaScript challenge answered instead of the page."""
    REFUSED = "refused"
    """HTTP 403."""
    NOT_FOUND = "not_found"
    """HTTP 404 or 410."""
    THROTTLED = "throttled"
    """HTTP 429 or 503, past the retries."""
    SERVER_ERROR = "server_error"
    """Any other HTTP 5xx, past the retries."""
    HTTP_ERROR = "http_error"
    """Any other HTTP error status."""
    RETRY_AFTER_TOO_LONG = "retry_after_too_long"
    """The server asked to wait longer than the crawl waits (CASCO_RETRY_AFTER_MAX)."""
    TIME_LIMIT = "time_limit"
    """The crawl's --max-duration ran out first."""
    NO_NETWORK = "no_network"
    """The host name did not resolve."""
    CONNECTION_REFUSED = "connection_refused"
    TIMEOUT = "timeout"
    """The page took longer than DOWNLOAD_TIMEOUT."""
    UNREACHABLE = "unreachable"
    """Connecting timed out."""
    CONNECTION_LOST = "connection_lost"
    """The connection broke before the response was whole."""
    TOO_LARGE = "too_large"
    """The response is larger than DOWNLOAD_MAXSIZE."""
    REDIRECT_OFF_SITE = "redirect_off_site"
    REDIRECT_LOOP = "redirect_loop"
    UNREADABLE = "unreadable"
    """It arrived, but cut off, not in its declared encoding, or not a readable file."""
    LAYOUT = "layout"
    """It arrived whole, in a layout the parser does not know."""
    UNDATED = "undated"
    """A dataset with no date to store it by."""
    NOT_IN_CAPTURE = "not_in_capture"
    """A replayed capture of another tool holds no copy of it."""
    NOT_IN_ARCHIVE = "not_in_archive"
    """A replayed crawl archive holds no copy of it."""
    DROPPED = "dropped"
    """Scrapy dropped the request (robots.txt, a filter)."""
    OTHER = "other"
    """Any other error; the reason names it."""

    @classmethod
    def of_http_status(cls, status: int) -> LossCause:
        """The cause of a page lost to the HTTP error status the server answered with."""
        if status == 403:
            return cls.REFUSED
        if status in (404, 410):
            return cls.NOT_FOUND
        if status in (429, 503):
            return cls.THROTTLED
        return cls.SERVER_ERROR if status >= 500 else cls.HTTP_ERROR
