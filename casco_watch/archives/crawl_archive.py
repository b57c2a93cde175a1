"""A crawl's raw HTTP exchanges as one WARC file: writing it, checking it whole, reading responses back.

Written with warcio directly (scrapy-webarchive pins Scrapy 2.11, which breaks here), and without Scrapy,
so the CLI can check an archive and read it before, or without, starting a crawl process.

One archive holds one crawl:
- a `warcinfo` record naming the crawl (spider and arguments, and `browser` for a crawl through the browser,
  whose archive holds every response the page received: a replay serves each URL's newest, its final answer,
  as it does for a capture of another tool), so a replay needs no other input;
- per exchange, a `response` record (headers and body as received, Content-Encoding kept, transfer
  chunking removed) and its `request` record;
- last, a `metadata` record written once the snapshot is stored: its id, as-of date, status and number of
  responses. An archive without it was cut short, whatever warcio makes of the records before the cut.

Until that last record is written the file is named `<name>.warc.gz.partial`; the final name appears only
for an archive that is whole.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import zlib
from dataclasses import dataclass, field
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from casco_watch.schemas import TOOL_VERSION

ARCHIVE_SUFFIX = ".warc.gz"
PARTIAL_SUFFIX = ".partial"
ARCHIVE_DIR_NAME = "archive"
CRAWL_FIELD = "casco-watch-crawl"
_CLOSING_URI = "urn:casco-watch:crawl-closed"
_CLOSING_TYPE = "application/vnd.casco-watch.crawl-closed+json"
_DROPPED_RESPONSE_HEADERS = {"transfer-encoding"}
_WIRE_FORM_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding"})


def decoded_body_headers(headers) -> list[tuple[str, str]]:
    """Response headers fit for a body kept decoded (de-chunked, un-gzipped), as a browser or another tool's
    capture hands it over: the headers describing the body's form on the wire would misdescribe it."""
    return [(name, value) for name, value in headers if name.lower() not in _WIRE_FORM_HEADERS]
"""The body is stored de-chunked, so a chunked header would make readers decode it twice."""


class ArchiveError(Exception):
    """An archive that cannot be read as a whole casco-watch crawl; the message says what is wrong."""


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    url: str
    target: str
    """What the request line names: the path and query."""
    headers: list[tuple[str, str]]
    body: bytes = b""
    protocol: str = "HTTP/1.1"
    """Scrapy's download handler for http(s) speaks HTTP/1.1, whatever version the server answers in."""


@dataclass(frozen=True)
class RecordedResponse:
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    protocol: str = "HTTP/1.1"
    ip_address: str | None = None


@dataclass(frozen=True)
class ArchivedCopy:
    """Where one response sits in its archive."""

    offset: int
    record_id: str
    payload_digest: str


@dataclass(frozen=True)
class CrawlArchive:
    """An archive read whole and found intact: what was crawled, how it ended, and every response by URL."""

    path: Path
    spider: str
    arguments: dict[str, str]
    snapshot_id: int | None
    """None when the crawl's snapshot went to the spool (the database was in use): its id came later."""
    as_of: dt.date
    status: str
    responses: dict[str, list[ArchivedCopy]] = field(repr=False)
    """Per URL, in the order they were received (a retried page has several)."""
    browser: bool = False
    """Crawled through the browser: a URL's earlier responses are what its page went through (a challenge)."""

    def copy_to_serve(self, url: str, served: int) -> ArchivedCopy | None:
        """What a replay answers the request for `url` that follows `served` others: a browser crawl's newest
        response (the newest response per URL wins, as in a capture of another tool), else the recorded ones
        in order, then the last again."""
        copies = self.responses.get(url)
        if not copies:
            return None
        return copies[-1] if self.browser else copies[min(served, len(copies) - 1)]

    def copy_with_record_id(self, record_id: str) -> ArchivedCopy | None:
        return next((copy for copies in self.responses.values() for copy in copies if copy.record_id == record_id), None)


def _utc_stamp() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")


def _status_line(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


class ArchiveWriter:
    """One crawl's archive being written: exchanges as they arrive, then `close` (whole) or `discard`."""

    def __init__(self, directory: Path, spider: str, arguments: dict[str, str], *, browser: bool = False):
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / f"{_utc_stamp()}-{spider}{ARCHIVE_SUFFIX}"
        self._partial = self.path.with_name(self.path.name + PARTIAL_SUFFIX)
        self._file = open(self._partial, "wb")
        self._writer = WARCWriter(self._file, gzip=True)
        self._responses = 0
        crawl = json.dumps({"spider": spider, "arguments": arguments, **({"browser": True} if browser else {})},
                           sort_keys=True)
        info = {"software": f"casco-watch/{TOOL_VERSION}", "format": "WARC File Format 1.0", CRAWL_FIELD: crawl}
        self._info = self._writer.create_warcinfo_record(self.path.name, info)
        self._writer.write_record(self._info)

    def write_exchange(self, request: RecordedRequest, response: RecordedResponse) -> ArchivedCopy:
        offset = self._file.tell()
        headers = [(name, value) for name, value in response.headers if name.lower() not in _DROPPED_RESPONSE_HEADERS]
        extra = {"WARC-IP-Address": response.ip_address} if response.ip_address else {}
        record = self._writer.create_warc_record(
            request.url,
            "response",
            payload=BytesIO(response.body),
            http_headers=StatusAndHeaders(_status_line(response.status), headers, protocol=response.protocol),
            warc_headers_dict={"WARC-Warcinfo-ID": self._info_id, **extra},
        )
        self._writer.write_record(record)
        record_id = record.rec_headers.get_header("WARC-Record-ID")
        request_line = f"{request.method} {request.target} {request.protocol}"
        self._writer.write_record(
            self._writer.create_warc_record(
                request.url,
                "request",
                payload=BytesIO(request.body),
                http_headers=StatusAndHeaders(request_line, request.headers, is_http_request=True),
                warc_headers_dict={"WARC-Warcinfo-ID": self._info_id, "WARC-Concurrent-To": record_id},
            )
        )
        self._responses += 1
        return ArchivedCopy(offset, record_id, record.rec_headers.get_header("WARC-Payload-Digest"))

    @property
    def _info_id(self) -> str:
        return self._info.rec_headers.get_header("WARC-Record-ID")

    def close(self, snapshot_id: int | None, as_of: dt.date, status: str) -> Path:
        """Write the closing record and give the file its final name: the archive is whole."""
        closing = {"snapshot_id": snapshot_id, "as_of": as_of.isoformat(), "status": status, "responses": self._responses}
        self._writer.write_record(
            self._writer.create_warc_record(
                _CLOSING_URI,
                "metadata",
                payload=BytesIO(json.dumps(closing, sort_keys=True).encode("utf-8")),
                warc_content_type=_CLOSING_TYPE,
                warc_headers_dict={"WARC-Warcinfo-ID": self._info_id, "WARC-Refers-To": self._info_id},
            )
        )
        self._file.close()
        self._partial.replace(self.path)
        return self.path

    def discard(self) -> None:
        """The crawl stored nothing: no archive may claim to hold it."""
        self._file.close()
        self._partial.unlink(missing_ok=True)


def _warc_fields(payload: bytes) -> dict[str, str]:
    lines = payload.decode("utf-8").splitlines()
    return {name.strip(): value.strip() for name, sep, value in (line.partition(":") for line in lines) if sep}


_CUT_SHORT = (
    "it was cut short (truncated, or its crawl stopped before storing a snapshot), so it cannot stand for "
    "a whole crawl"
)


def check_compression(path: Path) -> None:
    """Every gzip member whole and matching its CRC: warcio reads a file cut inside a record without a word."""
    try:
        with gzip.open(path) as whole:
            while whole.read(1 << 20):
                pass
    except EOFError as error:
        raise ArchiveError(f"the archive {path} ends inside a record: {_CUT_SHORT}") from error
    except (gzip.BadGzipFile, zlib.error) as error:
        raise ArchiveError(f"the archive {path} is damaged ({error})") from error


def _scan(path: Path, stream: BinaryIO) -> tuple[dict | None, dict | None, dict[str, list[ArchivedCopy]], int]:
    """The crawl named by the warcinfo record, the closing record, the responses by URL and their number."""
    crawl, closing, responses, count = None, None, {}, 0
    records = ArchiveIterator(stream, check_digests="raise")
    for record in records:
        if closing is not None:
            raise ArchiveError(f"{path} has records after its closing record; it was not written by one crawl")
        block = record.raw_stream.read()
        headers = record.rec_headers
        if record.rec_type == "warcinfo" and crawl is None:
            crawl = json.loads(_warc_fields(block).get(CRAWL_FIELD, "null"))
        elif record.rec_type == "response":
            count += 1
            responses.setdefault(headers.get_header("WARC-Target-URI"), []).append(
                ArchivedCopy(
                    records.get_record_offset(),
                    headers.get_header("WARC-Record-ID"),
                    headers.get_header("WARC-Payload-Digest"),
                )
            )
        elif record.rec_type == "metadata" and headers.get_header("WARC-Target-URI") == _CLOSING_URI:
            closing = json.loads(block)
    return crawl, closing, responses, count


def read_archive(path: Path | str) -> CrawlArchive:
    """Read an archive whole, checking its compression and every digest; ArchiveError says what is wrong."""
    path = Path(path)
    try:
        check_compression(path)
        with open(path, "rb") as stream:
            crawl, closing, responses, count = _scan(path, stream)
    except OSError as error:
        raise ArchiveError(f"cannot read the archive {path}: {error.strerror or error}") from error
    except (ArchiveLoadFailed, UnicodeDecodeError, ValueError) as error:
        problem = str(error).splitlines()[0][:60] if isinstance(error, ArchiveLoadFailed) else type(error).__name__
        raise ArchiveError(f"the archive {path} is damaged ({problem}...)") from error
    if not crawl or "spider" not in crawl:
        raise ArchiveError(f"{path} is not a casco-watch crawl archive (its warcinfo names no crawl)")
    if closing is None:
        raise ArchiveError(f"the archive {path} ends before its closing record: {_CUT_SHORT}")
    if closing["responses"] != count:
        raise ArchiveError(
            f"the archive {path} holds {count} responses but its crawl wrote {closing['responses']}: records are "
            "missing"
        )
    return CrawlArchive(
        path=path,
        spider=crawl["spider"],
        arguments=crawl["arguments"],
        snapshot_id=closing["snapshot_id"],
        as_of=dt.date.fromisoformat(closing["as_of"]),
        status=closing["status"],
        responses=responses,
        browser=crawl.get("browser", False),
    )


def read_response(stream: BinaryIO, copy: ArchivedCopy) -> RecordedResponse:
    """The response stored at `copy` (in the archive open as `stream`), its body as it was received."""
    stream.seek(copy.offset)
    record = next(iter(ArchiveIterator(stream)))
    http = record.http_headers
    return RecordedResponse(
        status=int(http.get_statuscode()),
        headers=list(http.headers),
        body=record.raw_stream.read(),
        protocol=http.protocol,
        ip_address=record.rec_headers.get_header("WARC-IP-Address"),
    )


def archive_directory(db_path: Path) -> Path:
    """Where crawls into `db_path` keep their archives: `archive/` beside it."""
    return db_path.parent / ARCHIVE_DIR_NAME


def stored_archive_path(archive: Path, db_path: Path) -> str:
    """The snapshots.archive value: relative to the database's folder when inside it, so both move together."""
    archive = archive.resolve()
    try:
        return archive.relative_to(db_path.resolve().parent).as_posix()
    except ValueError:
        return str(archive)


def resolve_archive_path(stored: str, db_path: Path) -> Path:
    """The archive a snapshots.archive value names, as a path usable from here."""
    path = Path(stored)
    return path if path.is_absolute() else db_path.parent / path

