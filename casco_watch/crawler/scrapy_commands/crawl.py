"""`scrapy crawl` whose exit code is the stored snapshot's status, the same codes as `casco crawl`.

Scrapy's own crawl exits 0 whenever the spider ran, even when every page was
refused and the snapshot was stored as failed; cron, systemd and scrapyd (which
logs each job's exit status) could not tell a good run from a bad one.
"""

from __future__ import annotations

import logging

from scrapy.commands.crawl import Command as ScrapyCrawl

from casco_watch.exit_codes import EXIT_BY_STATUS, EXIT_ERROR
from casco_watch.pipeline.snapshot import snapshot_stored
from casco_watch.schemas import SnapshotStatus

logger = logging.getLogger("casco_watch.crawl")


class Command(ScrapyCrawl):
    def short_desc(self) -> str:
        return "Run a spider; exit 0 when its snapshot is complete, 3 partial, 1 failed or not stored"

    def _create_crawler(self, spidercls):
        crawler = super()._create_crawler(spidercls)
        crawler.signals.connect(self._snapshot_stored, signal=snapshot_stored, weak=False)
        return crawler

    def _snapshot_stored(self, snapshot, db, **_) -> None:
        self.stored.append((snapshot, db))

    def run(self, args, opts) -> None:
        self.stored: list = []
        super().run(args, opts)
        if self.exitcode:
            return
        if not self.stored:
            logger.error("casco-watch: no snapshot was stored; the crawl stopped early (see the errors above). Exit %s",
                         EXIT_ERROR)
            self.exitcode = EXIT_ERROR
            return
        snapshot, db = self.stored[-1]
        self.exitcode = EXIT_BY_STATUS[snapshot.status]
        log = {SnapshotStatus.COMPLETE: logger.info, SnapshotStatus.PARTIAL: logger.warning}.get(snapshot.status, logger.error)
        log("casco-watch: snapshot %s (as of %s) in %s is %s. Exit %s", snapshot.snapshot_id, snapshot.as_of, db,
            snapshot.status.upper(), self.exitcode)
