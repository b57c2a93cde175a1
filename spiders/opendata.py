"""The ISO Open Data spider: one dataset file, read whole, line by line, into records.

ISO publishes only the current file and keeps no history, so a snapshot's date
matters: `parsers.opendata.dataset_as_of` gives it (the `as_of` argument, else a
date in the file name, else the server's Last-Modified), the same rule as the
library's. An undated dataset's records are refused: its snapshot fails with the reason and holds no
records (only the failed snapshot's row carries the day of the crawl, as every snapshot row must carry a date).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import scrapy
from scrapy.http import Response

from casco_watch.parsers.opendata import (
    DATASET_MODELS,
    DATASET_SCOPE,
    LATEST_URL,
    UNDATED,
    dataset_as_of,
    parse_dataset,
)
from casco_watch.schemas import LossCause, PageFailure, PageKind, PageVisit, RecordBatch, Reject, SourceKind
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
        self.covers = [model.table for model in DATASET_MODELS]
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
        try:
            records = tuple(parse_dataset(response.body, self.source))
        except (OSError, EOFError) as error:
            yield PageFailure(url=response.url, page_kind=PageKind.DATASET, cause=LossCause.UNREADABLE,
                              reason=f"not a readable gzip file: {error}")
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
