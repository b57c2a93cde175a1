"""`casco demo`: the whole tool working offline, on the bundled copy of the site in two dated states.

It serves the bundled fixture site (`casco_watch.fixture_site`) on a free loopback port, crawls the first
state, switches the server to the second and crawls again, so a newcomer sees
two real snapshots and a real diff without reaching iso.org.
"""

from __future__ import annotations

from pathlib import Path

from casco_watch.crawl_job import CrawlOutcome, run_crawl
from casco_watch.fixture_site.server import FIXTURE_STATES, FixtureSite
from casco_watch.spiders.iso_site import CASCO_COMMITTEE_ID

DEMO_DB = Path("output") / "demo.duckdb"
LOOPBACK_SETTINGS = {"AUTOTHROTTLE_START_DELAY": 0, "DOWNLOAD_DELAY": 0, "CASCO_RETRY_BACKOFF_BASE": 0.1}
"""A local server needs no politeness delay."""


def run_demo(db_path: Path, report, on_event=None) -> list[CrawlOutcome]:
    """Crawl every fixture state into a fresh `db_path`, calling `report(state, outcome)` after each.

    `on_event` receives the crawl's progress events (`crawl_job.run_crawls`)."""
    for stale in (db_path, db_path.with_name(db_path.name + ".wal")):
        stale.unlink(missing_ok=True)
    outcomes = []
    with FixtureSite(FIXTURE_STATES[0]) as site:
        for state in FIXTURE_STATES:
            site.state = state
            spider_args = {"base_url": site.base_url, "committees": str(CASCO_COMMITTEE_ID), "as_of": state}
            outcome = run_crawl("casco", spider_args, db_path, LOOPBACK_SETTINGS, on_event=on_event)
            report(state, outcome)
            outcomes.append(outcome)
    return outcomes
