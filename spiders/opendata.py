"""The ISO Open Data spider (`scrapy crawl opendata -a dataset=...`): one committees dataset file, read whole,
line by line, into records.

The library's `load_opendata` (behind `casco crawl --source opendata` and `casco import-opendata`) reads the same
files in process. All but the transport is shared: the date (`parsers.opendata.dataset_as_of`: the `as_of`
argument, else a date in the file name, else the server's Last-Modified; ISO keeps no history, so the date
matters), the parser, the snapshot's scope and covers, the unreadable-file failure (parsers/opendata.py) and the content digest
(schemas.content_digest: the same file for the same day is stored once, whichever read it), the judge and commit
(pipeline/), and the download manners (casco_watch/crawler/settings.py: User-Agent, robots.txt, retries,
Retry-After cap, backoff). The transport is Scrapy's downloader here and casco_watch/crawler/download.py there,
which spares a command Scrapy's ~2 s start.

Two things stay the spider's own. An undated dataset's records are refused: its snapshot fails with the
reason and holds no records (only the failed snapshot's row carries the day of the crawl, as every snapshot
row must carry a date), since a scheduled crawl has no caller to refuse it to; the library raises instead and
stores nothing. And the deliverables dataset is the library's only: its owners are read from the database.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import urlparse

import scrapy
from scrapy.http import Response

from casco_watch.parsers.opendata import (
    DATASET_COVERS,
    DATASET_SCOPE,
    LATEST_URL,
    UNDATED,
    dataset_as_of,
    parse_dataset,
    unreadable_dataset,
)
from casco_watch.schemas import LossCause, PageFailure, PageKind, PageVisit, RecordBatch, Reject, SourceKind, content_digest
from casco_watch.spiders.base import CascoSpider, crawl_warning, parse_as_of

_BATCH_SIZE = 1000


def dataset_url(dataset: str) -> str:
    """An http(s) or file:// URL as given; a local path becomes a file:// URL."""
    if urlparse(dataset).scheme in ("http", "https", "file"):
        return dataset
    return Path(dataset).expanduser().resolve().as_uri()


class OpenDataSpider(CascoSpider):
    name = "opendata"
    source_kind = SourceKind.OPENDATA
    page_kinds = frozenset({"dataset"})
    scope = DATASET_SCOPE

    def __init__(self, dataset: str = LATEST_URL, as_of: str | None = None, **kwargs):
        super().__init__(**kwargs)
        self.source = dataset
        self.url = dataset_url(dataset)
        self.as_of = parse_as_of(as_of)
        self.covers = list(DATASET_COVERS)
        self.committee_ids = []

    async def start(self):
        # robots.txt governs web servers, and retrying cannot make a missing local file appear.
        local = self.url.startswith("file:")
        yield scrapy.Request(
            self.url,
            callback=self.parse,
            errback=self.dataset_lost,
            meta={"page_kind": "dataset", "dont_obey_robotstxt": local, "dont_retry": local},
        )

    def parse(self, response: Response):
        self.as_of, disagreement = dataset_as_of(self.source, self.as_of, response.headers.get("Last-Modified"))
        if disagreement:
            self.logger.warning(disagreement)
            self.crawler.signals.send_catch_log(crawl_warning, message=disagreement)
        self.content_digest = content_digest(hashlib.sha256(response.body).hexdigest())
        try:
            records = tuple(parse_dataset(response.body, self.source))
        except (OSError, EOFError) as error:
            yield unreadable_dataset(response.url, PageKind.DATASET, error)
            return
        if self.as_of is None:
            # Undated data must not become data dated today; a failed snapshot keeps only its rejects.
            yield RecordBatch(records=tuple(record for record in records if isinstance(record, Reject)))
            yield PageFailure(url=response.url, page_kind=PageKind.DATASET, cause=LossCause.UNDATED,
                              reason=UNDATED.format(source=self.source))
            return
        for start in range(0, len(records), _BATCH_SIZE):
            yield RecordBatch(records=records[start : start + _BATCH_SIZE])
        yield PageVisit(url=response.url, page_kind="dataset")

    def dataset_lost(self, failure):
        self.as_of, _ = dataset_as_of(self.source, self.as_of, None)
        yield from self.page_lost(failure)
