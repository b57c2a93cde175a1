"""Captures of iso.org pages made by other tools, read as one set of responses: WARC, WACZ and HAR.

A person whose browser passes iso.org's bot wall can record the pages (wget `--warc-file`, ArchiveWeb.page,
Browsertrix, pywb, DevTools "Save all as HAR", Playwright's `record_har_path`) and replay the capture as a
crawl. Such a file has no crawl metadata, so it is read as it is: every response, keyed by its canonical
URL (`casco_watch.parsers.links.canonical_url`), the newest one winning (a challenge answered before the page
loaded is replaced by the page). casco-watch's own archives are recognised by their warcinfo record and read
by `casco_watch.archives.crawl_archive.read_archive`, with its stricter checks. Like that module, this one needs no Scrapy.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import BinaryIO, Iterator
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from casco_watch.archives.crawl_archive import (
    CRAWL_FIELD,
    ArchiveError,
    CrawlArchive,
    check_compression,
    decoded_body_headers,
    read_archive,
)
from casco_watch.parsers.links import canonical_url
from casco_watch.schemas import content_digest

_COMMITTEE_PAGE = re.compile(r"^[^/]*/committee/(?P<id>[1-9]\d*)\.html(?P<participation>\?view=participation)?$")
"""A committee page or its participation view, as canonical_url spells them."""
_CHARSET = re.compile(r"charset=[\"']?([\w.:-]+)", re.IGNORECASE)
_FORMATS = "a WARC, WARC.GZ, WACZ or HAR file"


class CaptureError(ArchiveError):
    """A capture by another tool that cannot be read (a usage error: the file given is bad); the message says
    what is wrong. casco-watch's own archives raise ArchiveError: a crawl's record found damaged."""


@dataclass(frozen=True)
class CapturedResponse:
    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    """Decoded: no transfer chunking, no content encoding."""
    received: dt.datetime
    record_id: str | None = None
    payload_digest: str | None = None


@dataclass(frozen=True)
class ForeignCapture:
    """A capture made by another tool: its file, its sha256, and the newest response per canonical URL."""

    path: Path
    digest: str
    responses: dict[str, CapturedResponse] = field(repr=False)

    @property
    def as_of(self) -> dt.date:
        """The capture's own date: the UTC day of its newest response."""
        return max(response.received for response in self.responses.values()).astimezone(dt.timezone.utc).date()

    def response_for(self, url: str) -> CapturedResponse | None:
        return self.responses.get(canonical_url(url))

    def _committee_pages(self) -> list[tuple[re.Match, CapturedResponse]]:
        """The committee pages and participation views the capture holds, answered with a page (2xx)."""
        pages = ((_COMMITTEE_PAGE.match(key), response) for key, response in self.responses.items())
        return [(match, response) for match, response in pages if match and 200 <= response.status < 300]

    def committees(self) -> tuple[int, ...]:
        """The committees the capture was made for: those whose participation view it holds, else every
        committee page it holds (a committee page links to its liaison committees, which a recursive
        capture picks up without their participation views)."""
        pages = self._committee_pages()
        viewed = {int(match["id"]) for match, _ in pages if match["participation"]}
        return tuple(sorted(viewed or {int(match["id"]) for match, _ in pages}))

    def site(self) -> str:
        """The scheme and host the capture's committee pages came from, for the replayed crawl's base URL."""
        for _, response in self._committee_pages():
            parts = urlsplit(response.url)
            return f"{parts.scheme}://{parts.netloc}"
        raise CaptureError(f"{self.path} holds no committee page; it cannot be replayed as a crawl")


Capture = CrawlArchive | ForeignCapture


def file_digest(path: Path) -> str:
    with open(path, "rb") as stream:
        return content_digest(hashlib.file_digest(stream, "sha256").hexdigest())


def _newest(responses: Iterator[CapturedResponse]) -> dict[str, CapturedResponse]:
    """Per canonical URL the response received last (in a tie, the later in the file), a redirect only when
    nothing else came: one URL's other forms (the CMS long form) redirect to the page itself."""
    kept: dict[str, CapturedResponse] = {}
    for response in responses:
        key = canonical_url(response.url)
        if key not in kept or _rank(response) >= _rank(kept[key]):
            kept[key] = response
    return kept


def _rank(response: CapturedResponse) -> tuple[bool, dt.datetime]:
    return not 300 <= response.status < 400, response.received


def _warc_time(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def _warc_responses(stream: BinaryIO) -> Iterator[CapturedResponse]:
    """Response and revisit records with HTTP headers; a revisit takes the body of the response it repeats."""
    bodies: dict[str, bytes] = {}
    for record in ArchiveIterator(stream):
        if record.rec_type not in ("response", "revisit") or record.http_headers is None:
            continue
        headers = record.rec_headers
        digest = headers.get_header("WARC-Payload-Digest")
        if record.rec_type == "response":
            body = record.content_stream().read()
            if digest:
                bodies[digest] = body
        elif digest in bodies:
            body = bodies[digest]
        else:
            continue
        yield CapturedResponse(
            url=headers.get_header("WARC-Target-URI").strip("<>"),
            status=int(record.http_headers.get_statuscode()),
            headers=decoded_body_headers(record.http_headers.headers),
            body=body,
            received=_warc_time(headers.get_header("WARC-Date")),
            record_id=headers.get_header("WARC-Record-ID"),
            payload_digest=digest,
        )


def _read_warcs(path: Path, streams: Iterator[BinaryIO]) -> dict[str, CapturedResponse]:
    try:
        return _newest(response for stream in streams for response in _warc_responses(stream))
    except (ArchiveLoadFailed, ValueError, EOFError, zlib.error) as error:
        raise CaptureError(f"the capture {path} is damaged ({str(error).splitlines()[0][:80]})") from error


def _wacz_warcs(path: Path) -> Iterator[BinaryIO]:
    try:
        with zipfile.ZipFile(path) as wacz:
            broken = wacz.testzip()
            if broken is not None:
                raise CaptureError(f"the WACZ {path} is damaged: {broken} fails its CRC")
            names = sorted(name for name in wacz.namelist()
                           if name.startswith("archive/") and name.endswith((".warc", ".warc.gz")))
            if not names:
                raise CaptureError(f"the WACZ {path} holds no archive/*.warc.gz")
            for name in names:
                yield BytesIO(wacz.read(name))
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise CaptureError(f"the WACZ {path} is damaged ({error})") from error


def _har_body(content: dict) -> bytes:
    """The body as the server sent it: base64 decoded, or the browser's decoded text in the declared charset."""
    text = content.get("text") or ""
    if content.get("encoding") == "base64":
        return base64.b64decode(text, validate=True)
    charset = _CHARSET.search(content.get("mimeType") or "")
    return text.encode(charset[1] if charset else "utf-8")


def _har_responses(path: Path) -> dict[str, CapturedResponse]:
    """A HAR's entries with an answer (status -1 or 0 is a request the browser aborted) and their content."""
    try:
        entries = json.loads(path.read_bytes().decode("utf-8-sig"))["log"]["entries"]
        answered = [entry for entry in entries if entry["response"]["status"] > 0]
        return _newest(
            CapturedResponse(
                url=entry["request"]["url"],
                status=entry["response"]["status"],
                headers=decoded_body_headers((h["name"], h["value"]) for h in entry["response"]["headers"]),
                body=_har_body(entry["response"].get("content", {})),
                received=dt.datetime.fromisoformat(entry["startedDateTime"].replace("Z", "+00:00")),
            )
            for entry in answered
        )
    except (LookupError, TypeError, ValueError) as error:  # JSON, base64 and charset errors are ValueErrors
        raise CaptureError(f"the HAR {path} is not a readable HAR file ({type(error).__name__}: {error})") from error


def _check_gzip(path: Path) -> None:
    try:
        check_compression(path)
    except ArchiveError as error:
        raise CaptureError(f"the capture {path} is truncated or damaged: its gzip data does not read whole") from error


def _own_archive(path: Path) -> bool:
    """Whether a WARC's first record is casco-watch's warcinfo naming a crawl."""
    with open(path, "rb") as stream:
        try:
            first = next(iter(ArchiveIterator(stream)), None)
            return first is not None and first.rec_type == "warcinfo" and CRAWL_FIELD.encode() in first.content_stream().read()
        except (ArchiveLoadFailed, ValueError, EOFError, zlib.error):
            return False


def read_capture(path: Path | str) -> Capture:
    """Any capture: casco-watch's own archive (checked whole), else a WARC, WARC.GZ, WACZ or HAR of another tool."""
    path = Path(path)
    try:
        with open(path, "rb") as stream:
            head = stream.read(16).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError as error:
        raise CaptureError(f"cannot read the capture {path}: {error.strerror or error}") from error
    if head.startswith(b"PK\x03\x04"):
        responses = _read_warcs(path, _wacz_warcs(path))
    elif head.startswith(b"\x1f\x8b") or head.startswith(b"WARC/"):
        if _own_archive(path):
            return read_archive(path)
        if head.startswith(b"\x1f\x8b"):
            _check_gzip(path)
        with open(path, "rb") as stream:
            responses = _read_warcs(path, iter([stream]))
    elif head.startswith(b"{"):
        responses = _har_responses(path)
    else:
        raise CaptureError(f"{path} is not {_FORMATS}")
    if not responses:
        raise CaptureError(f"the capture {path} holds no HTTP response")
    return ForeignCapture(path, file_digest(path), responses)
