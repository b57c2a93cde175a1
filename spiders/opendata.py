"""The ISO Open Data spider: one dataset file, read whole, line by line, into records.

ISO publishes only the current file and keeps no history, so a snapshot's date
matters: it is the `as_of` argument, else the server's Last-Modified date, else
a date in the file name (dumps kept by third parties are named by the day they
were taken), else the day of the crawl.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable, Iterator
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlparse

import scrapy
from scrapy.http import Response

from casco_watch.parsers.opendata import dataset_date, parse_dataset_line
from casco_watch.schemas import PageFailure, PageVisit, Record, RecordBatch, Reject
from casco_watch.spiders.base import CascoSpider, parse_as_of

LATEST_URL = (
    "https://isopublicstorageprod.blob.core.windows.net/opendata/_latest/"
    "iso_technical_committees/json/iso_technical_committees.jsonl"
)
_GZIP_MAGIC = b"\x1f\x8b"
_BATCH_SIZE = 1000


def dataset_url(dataset: str) -> str:
    """An http(s) or file:// URL as given; a local path becomes a file:// URL."""
    if urlparse(dataset).scheme in ("http", "https", "file"):
        return dataset
    return Path(dataset).expanduser().resolve().as_uri()


def dataset_lines(body: bytes) -> list[bytes]:
    """The file's lines, decompressed first when it is gzip'd (known by its magic bytes, whatever its name).

    Split on newlines only: `str.splitlines` would also cut at U+2028 and other
    separators that may sit inside JSON strings.
    """
    if body.startswith(_GZIP_MAGIC):
        body = gzip.decompress(body)
    return body.split(b"\n")


def last_modified_date(response: Response):
    header = response.headers.get("Last-Modified")
    if not header:
        return None
    try:
        return parsedate_to_datetime(header.decode("latin-1")).date()
    except (TypeError, ValueError):
        return None


def _first_occurrences(items: Iterable[Record | Reject]) -> Iterator[Record | Reject]:
    """Each record object once, every Reject.

    Every committee line repeats its members' and partners' MemberBody and
    Organization records (31,000 copies of 161 member bodies in one dump); the
    parser hands out one shared object per distinct (id, acronym), so identity
    finds the copies without hashing each model. Equal records that are not the
    same object still reach the pipeline, which folds them by natural key.
    """
    seen: set[int] = set()
    for item in items:
        if isinstance(item, Record):
            if id(item) in seen:
                continue
            seen.add(id(item))
        yield item


class OpenDataSpider(CascoSpider):
    name = "opendata"
    source_kind = "opendata"
    page_kinds = frozenset({"dataset"})
    scope = "opendata:iso_technical_committees"

    def __init__(self, dataset: str = LATEST_URL, as_of: str | None = None, **kwargs):
        super().__init__(**kwargs)
        self.source = dataset
        self.url = dataset_url(dataset)
        self.as_of = parse_as_of(as_of)
        self.covers = ["committees", "memberships", "liaisons", "member_bodies", "organizations"]
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
        self.as_of = self.as_of or last_modified_date(response) or dataset_date(self.source)
        try:
            lines = dataset_lines(response.body)
        except (OSError, EOFError) as error:
            yield PageFailure(url=response.url, page_kind="dataset", reason=f"not a readable gzip file: {error}")
            return
        records = tuple(
            _first_occurrences(
                item for number, line in enumerate(lines, start=1) for item in parse_dataset_line(line, number, self.source)
            )
        )
        for start in range(0, len(records), _BATCH_SIZE):
            yield RecordBatch(records=records[start : start + _BATCH_SIZE])
        yield PageVisit(url=response.url, page_kind="dataset")

    def dataset_lost(self, failure):
        self.as_of = self.as_of or dataset_date(self.source)
        yield from self.page_lost(failure)
