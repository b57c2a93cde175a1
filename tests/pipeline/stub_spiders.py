"""A spider that yields exactly the items a test hands it, after fetching one real page.

It lets the pipeline tests drive the real Scrapy engine and the real item
pipelines without depending on iso.org's markup.
"""

import json
from pathlib import Path

import scrapy

from casco_watch.schemas import PageVisit
from casco_watch.spiders.base import CascoSpider, parse_as_of


class StubSpider(CascoSpider):
    name = "stub"
    source_kind = "site"
    page_kinds = frozenset({"committee", "participation"})

    def __init__(self, page_url: str, items_file: str, as_of: str | None = None, **kwargs):
        super().__init__(**kwargs)
        self.page_url = page_url
        self.items = json.loads(Path(items_file).read_text(encoding="utf-8"))
        self.source = page_url
        self.scope = "stub"
        self.covers = ["committees", "memberships"]
        self.committee_ids = tuple(item["committee_id"] for item in self.items if item.get("record_type") == "Committee")
        self.as_of = parse_as_of(as_of)

    async def start(self):
        yield scrapy.Request(self.page_url, callback=self.parse, errback=self.page_lost, meta={"page_kind": "committee"})

    def parse(self, response):
        yield from self.items
        for committee_id in self.committee_ids:
            for page_kind in self.page_kinds:
                yield PageVisit(url=response.url, page_kind=page_kind, subject_id=committee_id)
