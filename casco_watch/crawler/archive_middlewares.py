"""Scrapy's side of the archive: recording every exchange of a site crawl, and serving a replay from one.

The recorder sits at 950 and the replay at 960 in DOWNLOADER_MIDDLEWARES (the browser route's BrowserPages
at 970), next to the download handler: the recorder sees each response as the network gave it (before
decompression, redirects and retries act on it), and the replay hands its responses to the same chain of
middlewares a live crawl goes through. `casco_watch.archives.crawl_archive` holds the file
format; this module only adapts it to requests, responses and the crawl's signals.
"""

from __future__ import annotations

import ipaddress
import logging
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Headers
from scrapy.responsetypes import responsetypes

from casco_watch.archives.crawl_archive import (
    ArchivedCopy,
    ArchiveWriter,
    RecordedRequest,
    RecordedResponse,
    archive_directory,
    read_response,
    stored_archive_path,
)
from casco_watch.archives.captures import ForeignCapture, read_capture
from casco_watch.crawler.signals import crawl_abandoned
from casco_watch.pipeline.snapshot import snapshot_spooled, snapshot_stored
from casco_watch.schemas import Derivation, SourceKind
from casco_watch.spiders.base import ARCHIVED_COPY_META, NotInArchive, NotInCapture

logger = logging.getLogger(__name__)

def _mark_archived_copy(request, copy: ArchivedCopy) -> None:
    request.meta.update(zip(ARCHIVED_COPY_META, (copy.record_id, copy.payload_digest)))


def _header_pairs(headers: Headers) -> list[tuple[str, str]]:
    """Scrapy's multi-valued headers as one (name, value) text pair per value (HTTP headers are latin-1)."""
    return [(name.decode("latin-1"), value.decode("latin-1")) for name, values in headers.items() for value in values]


BROWSER_EXCHANGES = "casco_browser_exchanges"
"""request.meta key: the (RecordedRequest, RecordedResponse) pairs a browser's page received before the
response handed on (casco_watch.crawler.browser_middlewares), archived before it."""


def recorded_request(method: str, url: str, headers: list[tuple[str, str]], body: bytes) -> RecordedRequest:
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    if not any(name.lower() == "host" for name, _ in headers):
        headers = [("Host", parts.netloc), *headers]
    return RecordedRequest(method, url, target, headers, body)


def _recorded_request(request) -> RecordedRequest:
    return recorded_request(request.method, request.url, _header_pairs(request.headers), request.body)


def _recorded_response(response) -> RecordedResponse:
    return RecordedResponse(
        status=response.status,
        headers=_header_pairs(response.headers),
        body=response.body,
        protocol=response.protocol or "HTTP/1.1",
        ip_address=str(response.ip_address) if response.ip_address else None,
    )


class ArchiveRecorder:
    """Writes each exchange of a site crawl to the crawl's archive, kept only if a snapshot is stored or spooled.

    The archive goes to CASCO_ARCHIVE_DIR (default: `archive/` beside CASCO_DB). Open Data downloads are
    not archived: the dataset file is its own record.
    """

    def __init__(self, directory: Path, db_path: Path, browser: bool):
        self.directory = directory
        self.db_path = db_path
        self.browser = browser
        self.writer: ArchiveWriter | None = None

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        if settings.get("CASCO_REPLAY") or not settings.getbool("CASCO_ARCHIVE"):
            raise NotConfigured
        db_path = Path(settings.get("CASCO_DB"))
        recorder = cls(Path(settings.get("CASCO_ARCHIVE_DIR") or archive_directory(db_path)), db_path,
                       settings.getbool("CASCO_BROWSER"))
        crawler.signals.connect(recorder.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(recorder.snapshot_kept, signal=snapshot_stored)
        crawler.signals.connect(recorder.snapshot_kept, signal=snapshot_spooled)
        crawler.signals.connect(recorder.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(recorder.abandoned, signal=crawl_abandoned)
        return recorder

    def spider_opened(self, spider) -> None:
        if getattr(spider, "source_kind", None) != SourceKind.SITE:
            return
        self.writer = ArchiveWriter(self.directory, spider.name, spider.arguments, browser=self.browser)
        spider.archive = stored_archive_path(self.writer.path, self.db_path)

    def process_response(self, request, response):
        if self.writer is not None:
            for exchange in request.meta.pop(BROWSER_EXCHANGES, ()):
                self.writer.write_exchange(*exchange)
            copy = self.writer.write_exchange(_recorded_request(request), _recorded_response(response))
            _mark_archived_copy(request, copy)
        return response

    def snapshot_kept(self, snapshot, **_) -> None:
        """Stored, or waiting in the spool (no snapshot_id yet): either way the snapshot names this archive."""
        if self.writer is not None:
            path = self.writer.close(snapshot.snapshot_id, snapshot.as_of, snapshot.status)
            self.writer = None
            logger.info("Archived the crawl's HTTP exchanges in %s", path)

    def spider_closed(self, spider, reason) -> None:
        if self.writer is not None:
            self.writer.discard()
            self.writer = None
            logger.warning("The crawl stored no snapshot (%s); its partial archive was deleted", reason)

    def abandoned(self, **_) -> None:
        """The crawl process is stopping at once (SIGTERM): no spider_closed will come."""
        if self.writer is not None:
            self.writer.discard()
            self.writer = None


class ArchiveReplay:
    """Serves every request from the capture named by CASCO_REPLAY: a crawl with no network at all.

    From a casco-watch archive, a URL fetched several times (retries) gets its recorded responses in order,
    then the last one again (from a browser crawl's, its newest: `CrawlArchive.copy_to_serve`), and a request the archive lacks raises NotInArchive. From another tool's
    capture (casco_watch.archives.captures), a URL in any browsing form gets the newest response the capture holds,
    and one it lacks raises NotInCapture. Either is a lost page. The crawl's snapshot is marked with
    CASCO_DERIVATION ('replay' or 'reparse'), CASCO_DERIVED_FROM and CASCO_CONTENT_DIGEST.
    """

    def __init__(self, archive_path: Path, stored_path: str, derivation: str, derived_from: int | None,
                 content_digest: str | None = None):
        self.archive = read_capture(archive_path)
        self.stored_path = stored_path
        self.derivation = derivation
        self.derived_from = derived_from
        self.content_digest = content_digest
        self.served: Counter[str] = Counter()
        self.stream = None if isinstance(self.archive, ForeignCapture) else open(archive_path, "rb")

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        if not settings.get("CASCO_REPLAY"):
            raise NotConfigured
        archive_path = Path(settings.get("CASCO_REPLAY"))
        derived_from = settings.get("CASCO_DERIVED_FROM")
        replay = cls(
            archive_path,
            stored_archive_path(archive_path, Path(settings.get("CASCO_DB"))),
            Derivation(settings.get("CASCO_DERIVATION", Derivation.REPLAY)),
            int(derived_from) if derived_from is not None else None,
            settings.get("CASCO_CONTENT_DIGEST"),
        )
        crawler.signals.connect(replay.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(replay.spider_closed, signal=signals.spider_closed)
        return replay

    def spider_opened(self, spider) -> None:
        spider.archive = self.stored_path
        spider.derivation = self.derivation
        spider.derived_from = self.derived_from
        spider.content_digest = self.content_digest

    def spider_closed(self, spider, reason) -> None:
        if self.stream is not None:
            self.stream.close()

    def _recorded(self, request) -> RecordedResponse:
        """The response the capture holds for this request, its archived copy noted in request.meta."""
        if isinstance(self.archive, ForeignCapture):
            found = self.archive.response_for(request.url)
            if found is None:
                raise NotInCapture(f"{request.url} is not in the capture {self.archive.path}")
            request.meta.update(zip(ARCHIVED_COPY_META, (found.record_id, found.payload_digest)))
            return RecordedResponse(found.status, found.headers, found.body)
        copy = self.archive.copy_to_serve(request.url, self.served[request.url])
        if copy is None:
            raise NotInArchive(f"{request.url} is not in the archive {self.archive.path}")
        self.served[request.url] += 1
        _mark_archived_copy(request, copy)
        return read_response(self.stream, copy)

    def process_request(self, request):
        recorded = self._recorded(request)
        headers = Headers()
        for name, value in recorded.headers:
            headers.appendlist(name, value)
        response_class = responsetypes.from_args(headers=headers, url=request.url, body=recorded.body)
        return response_class(
            url=request.url,
            status=recorded.status,
            headers=headers,
            body=recorded.body,
            request=request,
            protocol=recorded.protocol,
            ip_address=ipaddress.ip_address(recorded.ip_address) if recorded.ip_address else None,
            flags=["archived"],
        )
