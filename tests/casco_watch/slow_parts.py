"""A slow part for crawls that must be caught mid-way while storing: a slow-closing pipeline.

(Slow pages come from the fixture site with a fault planted: `tests.fixture_oracle.FaultySite(hangs={"/member/"})`.)
"""

from __future__ import annotations

import time


class SlowClosePipeline:
    """An item pipeline whose close takes CLOSE_SECONDS: placed after the snapshot pipeline (ITEM_PIPELINES 950),
    it closes first, so the crawl sits in its storing phase that long."""

    CLOSE_SECONDS = 4.0

    def close_spider(self) -> None:
        time.sleep(self.CLOSE_SECONDS)
